package dev.litestage.benchmark.eval;

import dev.litestage.reasoning.fake.ScriptedLanguageModel;
import static dev.litestage.benchmark.eval.ScriptedReasoner.Behaviour.CORRECT;
import static dev.litestage.benchmark.eval.ScriptedReasoner.Behaviour.HESITANT;
import static dev.litestage.benchmark.eval.ScriptedReasoner.Behaviour.UNPARSEABLE;
import static dev.litestage.benchmark.eval.ScriptedReasoner.Behaviour.WRONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.benchmark.reference.BenchmarkSize;
import dev.litestage.benchmark.reference.ReferenceBenchmark;
import dev.litestage.benchmark.reference.ReferenceDocument;
import dev.litestage.benchmark.reference.ReferenceQuestion;
import dev.litestage.benchmark.reference.ReferenceWorld;
import dev.litestage.benchmark.reference.WorldSize;
import dev.litestage.model.SkipMask;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.reasoning.StageProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluator over reference questions answered by a scripted model. */
class EvaluatorTest {

    /** Layers of the scripted model the tests run. */
    static final int LAYERS = 2;

    static final List<Question> QUESTIONS = ReferenceBenchmark.generate(ReferenceWorld.generate(5, WorldSize.DEFAULT),
            new BenchmarkSize(64, 0, 6), 8).test().stream().map(ReferenceQuestion::question).toList();
    static final List<ScriptedReasoner.Behaviour> BEHAVIOURS = List.of(CORRECT, CORRECT, WRONG, UNPARSEABLE, CORRECT, HESITANT);
    static final List<String> STAGES = List.of("recall", "analyze", "summarize");

    static final ReasoningProfile FULL = ReasoningProfile.full(MultiStagePipeline.standardStages(), LAYERS);
    static final ReasoningProfile EXIT_IN_ANALYZE = new ReasoningProfile(List.of(
            new StageProfile("recall", SkipMask.none(LAYERS), EarlyExit.OFF),
            new StageProfile("analyze", SkipMask.none(LAYERS), EarlyExit.of(2, 0.5)),
            new StageProfile("summarize", SkipMask.none(LAYERS), EarlyExit.OFF)));

    static ScriptedLanguageModel model() {
        return ScriptedLanguageModel.following(LAYERS, new ScriptedReasoner(QUESTIONS, BEHAVIOURS));
    }

    static Evaluator evaluator(ScriptedLanguageModel model) {
        return new Evaluator(new MultiStagePipeline(model, MultiStagePipeline.standardStages()));
    }

    @Test
    void countsCorrectWrongAndUnparseableAnswers() {
        EvaluationSummary summary = evaluator(model()).evaluate(QUESTIONS, FULL);

        assertEquals(6, summary.n());
        assertEquals(4, summary.correct());
        assertEquals(1, summary.unparseable());
        assertEquals(4 / 6.0, summary.accuracy(), 1e-12);
        List<ReasoningResult> results = summary.results();
        assertEquals(QUESTIONS.stream().map(Question::id).toList(), results.stream().map(ReasoningResult::questionId).toList());
        assertEquals(QUESTIONS.get(0).answerKey(), results.get(0).predicted());
        assertTrue(!results.get(2).correct() && !results.get(2).unparseable());
        assertNull(results.get(3).predicted());
        assertTrue(results.get(5).correct());
    }

    @Test
    void perStageTokensAndLatenciesAggregateWhatTheModelDid() {
        ScriptedLanguageModel model = model();
        EvaluationSummary summary = evaluator(model).evaluate(QUESTIONS, FULL);

        // Independent bookkeeping from the model's own call log: which stage each call served,
        // and its question, from the prompt's ending and opening.
        Map<String, double[]> tokens = new LinkedHashMap<>();
        Map<String, List<Double>> latency = new LinkedHashMap<>();
        for (String stage : STAGES) {
            tokens.put(stage, new double[1]);
            latency.put(stage, new ArrayList<>());
        }
        Map<String, Map<String, Double>> perQuestionMs = new LinkedHashMap<>();
        int analyzeCalls = 0;
        for (ScriptedLanguageModel.Call call : model.calls()) {
            String stage = call.prompt().endsWith("\nRecall:") ? "recall"
                    : call.prompt().endsWith("\nSummarize:") ? "summarize" : "analyze";
            analyzeCalls += stage.equals("analyze") ? 1 : 0;
            tokens.get(stage)[0] += call.generation().tokens();
            String question = QUESTIONS.stream().filter(q -> call.prompt().startsWith(ReferenceDocument.questionBlock(q)))
                    .findFirst().orElseThrow().id();
            perQuestionMs.computeIfAbsent(question, k -> new LinkedHashMap<>())
                    .merge(stage, call.generation().totalMs(), Double::sum);
        }
        assertEquals(6 * 4, analyzeCalls);
        for (Map<String, Double> stages : perQuestionMs.values()) {
            stages.forEach((stage, ms) -> latency.get(stage).add(ms));
        }
        for (String stage : STAGES) {
            StageSummary s = summary.stage(stage);
            assertEquals(tokens.get(stage)[0] / 6, s.meanTokens(), 1e-9, stage);
            assertEquals(latency.get(stage).stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                    s.latency().meanMs(), 1e-9, stage);
            assertEquals(stage.equals("analyze") ? 24 : 6, s.generations(), stage);
            assertEquals(0, s.earlyExits(), stage);
        }
        double meanTotal = perQuestionMs.values().stream()
                .mapToDouble(m -> m.values().stream().mapToDouble(Double::doubleValue).sum()).average().orElseThrow();
        assertEquals(meanTotal, summary.totalLatency().meanMs(), 1e-9);
        // Recall is the gold text, one token per word.
        double recallWords = QUESTIONS.stream().mapToInt(q -> q.goldStages().get("recall").split(" ").length)
                .average().orElseThrow();
        assertEquals(recallWords, summary.stage("recall").meanTokens(), 1e-9);
    }

    @Test
    void earlyExitsAreCountedPerGeneration() {
        EvaluationSummary summary = evaluator(model()).evaluate(QUESTIONS, EXIT_IN_ANALYZE);

        // The hesitant question's four analysis generations stop after the 2-token window.
        assertEquals(4, summary.stage("analyze").earlyExits());
        assertEquals(0, summary.stage("recall").earlyExits());
        assertEquals(0, summary.stage("summarize").earlyExits());
        ReasoningResult hesitant = summary.results().get(5);
        assertEquals(8, hesitant.stages().get(1).tokens());
        assertEquals(4, hesitant.stages().get(1).earlyExits());
        assertEquals(0, summary.results().get(0).stages().get(1).earlyExits());
        assertEquals(4, summary.correct(), "the scripted summary does not depend on the analysis");
    }

    @Test
    void sameInputSameSummaryApartFromWallTime() {
        EvaluationSummary first = evaluator(model()).evaluate(QUESTIONS, EXIT_IN_ANALYZE);
        EvaluationSummary second = evaluator(model()).evaluate(QUESTIONS, EXIT_IN_ANALYZE);

        Map<String, Object> a = new LinkedHashMap<>(first.toMap());
        Map<String, Object> b = new LinkedHashMap<>(second.toMap());
        a.remove("wall_ms_per_question");
        b.remove("wall_ms_per_question");
        assertEquals(a, b);
        for (int i = 0; i < QUESTIONS.size(); i++) {
            ReasoningResult x = first.results().get(i);
            ReasoningResult y = second.results().get(i);
            assertEquals(x.predicted(), y.predicted());
            assertEquals(x.stages(), y.stages());
        }
    }

    @Test
    void listenerHearsOfEveryQuestionInOrder() {
        List<String> heard = new ArrayList<>();

        evaluator(model()).evaluate(QUESTIONS, FULL,
                (done, total, result) -> heard.add(done + "/" + total + " " + result.questionId()));

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < QUESTIONS.size(); i++) {
            expected.add((i + 1) + "/6 " + QUESTIONS.get(i).id());
        }
        assertEquals(expected, heard);
    }

    @Test
    void nothingToEvaluateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> evaluator(model()).evaluate(List.of(), FULL));
    }
}
