package dev.litestage.search.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.benchmark.eval.EvaluationSummary;
import dev.litestage.model.SkipMask;
import dev.litestage.model.SublayerSimilarity;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.reasoning.StageOutcome;
import dev.litestage.search.FakeLanguageModel;
import dev.litestage.search.cost.PhaseCost;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkTrialEvaluatorTest {

    private static final FakeLanguageModel MODEL = new FakeLanguageModel(2,
            ids -> new SublayerSimilarity(new double[2], new double[2], ids.length),
            PhaseCost.of(0.01, 0.02, 0.03), PhaseCost.of(0.5, 0.1, 0.2));

    @Test
    void summaryBecomesATrialWithPerQuestionMeansInTheConfigurationsStageOrder() {
        TrialConfig config = TrialConfig.parse("recall=attn:1|analyze=none|ee=on(4,0.35)", 2);
        List<ReasoningResult> results = List.of(
                new ReasoningResult("q1", "A", "A", List.of(
                        new StageOutcome("recall", "one two three", "r", 10, 1, 0, 2_000_000, 8_000_000, 4),
                        new StageOutcome("analyze", "a b c d e", "x", 30, 3, 2, 3_000_000, 27_000_000, 16)), 1),
                new ReasoningResult("q2", "B", "A", List.of(
                        new StageOutcome("recall", "one two three", "r", 20, 1, 1, 4_000_000, 16_000_000, 4),
                        new StageOutcome("analyze", "a b c d e", "x", 10, 3, 0, 1_000_000, 9_000_000, 12)), 1));
        EvaluationSummary summary = EvaluationSummary.of(results);

        TrialResult trial = BenchmarkTrialEvaluator.toTrial(config, summary, 12.5);

        assertEquals(config, trial.config());
        assertEquals(0.5, trial.accuracy());
        assertEquals(2, trial.questions());
        assertEquals(List.of("recall", "analyze"), trial.stages().stream().map(StageMeasurement::stage).toList());
        StageMeasurement recall = trial.stage("recall");
        assertEquals(15, recall.latencyMs(), 1e-9);
        assertEquals(15, recall.generatedTokens(), 1e-9);
        assertEquals(4, recall.prefillTokens(), 1e-9);
        assertEquals(1, recall.earlyExits());
        StageMeasurement analyze = trial.stage("analyze");
        assertEquals(20, analyze.latencyMs(), 1e-9);
        // the tokens the stage's generations prefilled, as the pipeline counted them
        assertEquals((16 + 12) / 2.0, analyze.prefillTokens(), 1e-9);
        assertEquals(2, analyze.earlyExits());
        assertEquals(35, trial.latencyMs(), 1e-9);
        assertEquals(12.5, trial.wallMs());
    }

    @Test
    void eachStageRunsTheTrialsMaskOnTheModel() {
        FakeLanguageModel model = new FakeLanguageModel(2,
                ids -> new SublayerSimilarity(new double[2], new double[2], ids.length),
                PhaseCost.of(0.01, 0.02, 0.03), PhaseCost.of(0.5, 0.1, 0.2));
        MultiStagePipeline pipeline = new MultiStagePipeline(model, MultiStagePipeline.standardStages());
        List<Question> questions = List.of(new Question("q1", "Which is a fruit?",
                List.of(new Question.Option("A", "apple"), new Question.Option("B", "stone")), "A"));
        TrialConfig config = TrialConfig.of(List.of("recall", "analyze", "summarize"),
                List.of(SkipMask.parse("attn:1", 2), SkipMask.parse("mlp:0", 2), SkipMask.none(2)), EarlyExit.OFF);

        TrialResult trial = BenchmarkTrialEvaluator.of(pipeline, questions).evaluate(config);

        // recall once, analyze once per option, summarize once
        assertEquals(List.of(SkipMask.parse("attn:1", 2), SkipMask.parse("mlp:0", 2), SkipMask.parse("mlp:0", 2),
                SkipMask.none(2)), model.generateCalls());
        assertEquals(1, trial.questions());
        assertTrue(trial.latencyMs() > 0);
        assertEquals(trial.latencyMs(), trial.stages().stream().mapToDouble(StageMeasurement::latencyMs).sum(), 1e-6);
    }
}
