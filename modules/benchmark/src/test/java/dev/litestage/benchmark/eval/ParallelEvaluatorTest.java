package dev.litestage.benchmark.eval;

import dev.litestage.reasoning.fake.ScriptedLanguageModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.SkipMask;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.reasoning.StageProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Questions answered by several workers, each on its own model replica. */
class ParallelEvaluatorTest {

    private static final List<dev.litestage.reasoning.Question> QUESTIONS = EvaluatorTest.QUESTIONS;

    @Test
    void parallelWorkersGiveTheSequentialSummaryAndTellTheListenerInOrder() {
        EvaluationSummary sequential = EvaluatorTest.evaluator(EvaluatorTest.model())
                .evaluate(QUESTIONS, EvaluatorTest.EXIT_IN_ANALYZE);
        ScriptedLanguageModel model = EvaluatorTest.model();
        Evaluator parallel = EvaluatorTest.evaluator(model).withWorkers(3);
        List<String> heard = new ArrayList<>();

        EvaluationSummary summary = parallel.evaluate(QUESTIONS, EvaluatorTest.EXIT_IN_ANALYZE,
                (done, total, result) -> heard.add(done + "/" + total + " " + result.questionId()));

        assertEquals(3, parallel.workers());
        Map<String, Object> a = new LinkedHashMap<>(sequential.toMap());
        Map<String, Object> b = new LinkedHashMap<>(summary.toMap());
        a.remove("wall_ms_per_question");
        b.remove("wall_ms_per_question");
        assertEquals(a, b);
        for (int i = 0; i < QUESTIONS.size(); i++) {
            ReasoningResult x = sequential.results().get(i);
            ReasoningResult y = summary.results().get(i);
            assertEquals(x.questionId(), y.questionId());
            assertEquals(x.predicted(), y.predicted());
            assertEquals(x.stages(), y.stages());
            assertEquals((i + 1) + "/6 " + QUESTIONS.get(i).id(), heard.get(i));
        }
        assertEquals(QUESTIONS.size(), heard.size());
        // every generation was served by the original or one of its two replicas
        assertTrue(model.calls().stream().allMatch(c -> c.instance() >= 0 && c.instance() <= 2));
        assertEquals(6 * (1 + 4 + 1), model.calls().size());
    }

    @Test
    void workersReallyAnswerAtTheSameTime() {
        // The first question's recall waits until the second question's recall has started: one
        // worker alone would wait forever (here: time out and answer nothing).
        CountDownLatch secondStarted = new CountDownLatch(1);
        String first = dev.litestage.benchmark.reference.ReferenceDocument.questionBlock(QUESTIONS.get(0)) + "\n";
        String second = dev.litestage.benchmark.reference.ReferenceDocument.questionBlock(QUESTIONS.get(1)) + "\n";
        ScriptedReasoner reasoner = new ScriptedReasoner(QUESTIONS, EvaluatorTest.BEHAVIOURS);
        Function<String, ScriptedLanguageModel.Reply> script = prompt -> {
            if (prompt.endsWith("\nRecall:") && prompt.startsWith(second)) {
                secondStarted.countDown();
            }
            if (prompt.endsWith("\nRecall:") && prompt.startsWith(first)) {
                try {
                    if (!secondStarted.await(20, TimeUnit.SECONDS)) {
                        return new ScriptedLanguageModel.Reply("", 1f);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return reasoner.apply(prompt);
        };
        ScriptedLanguageModel model = ScriptedLanguageModel.following(EvaluatorTest.LAYERS, script);
        Evaluator parallel = new Evaluator(new MultiStagePipeline(model, MultiStagePipeline.standardStages())).withWorkers(2);

        EvaluationSummary summary = parallel.evaluate(QUESTIONS, EvaluatorTest.FULL);

        assertEquals(0, secondStarted.getCount());
        assertEquals(4, summary.correct(), "the same answers as a sequential run");
        assertEquals(2, model.calls().stream().mapToInt(ScriptedLanguageModel.Call::instance).distinct().count());
    }

    @Test
    void aFailingQuestionFailsTheEvaluationWithItsOwnError() {
        ReasoningProfile twoStages = new ReasoningProfile(List.of(
                new StageProfile("recall", SkipMask.none(EvaluatorTest.LAYERS), EarlyExit.OFF),
                new StageProfile("analyze", SkipMask.none(EvaluatorTest.LAYERS), EarlyExit.OFF)));
        Evaluator parallel = EvaluatorTest.evaluator(EvaluatorTest.model()).withWorkers(2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parallel.evaluate(QUESTIONS, twoStages));
        assertTrue(e.getMessage().contains("summarize"), e.getMessage());
    }

    @Test
    void fewerThanOneWorkerIsRefused() {
        Evaluator evaluator = EvaluatorTest.evaluator(EvaluatorTest.model());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> evaluator.withWorkers(0));
        assertTrue(e.getMessage().contains("workers"), e.getMessage());
    }
}
