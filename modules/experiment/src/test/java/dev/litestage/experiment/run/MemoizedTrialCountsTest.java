package dev.litestage.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.litestage.benchmark.eval.Evaluator;
import dev.litestage.experiment.config.ExperimentLoader;
import dev.litestage.model.SkipMask;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.StageProfile;
import dev.litestage.search.cost.CostModel;
import dev.litestage.search.cost.PhaseCost;
import dev.litestage.search.trial.BenchmarkTrialEvaluator;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialEvaluator;
import dev.litestage.search.trial.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search's evaluator remembers generations across trials, but a trial's counts (prefill tokens
 * and calls, which the cost model prices; generated tokens) are those of answering its questions
 * from scratch, whatever trials ran before it in the JVM: a trial measured on a fresh worker, after
 * other trials, or by a plain pipeline gives the same figures. (Before, a remembered stage left the
 * model's session behind, and the stage after it prefilled 2 tokens or 74 depending on history.)
 */
class MemoizedTrialCountsTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final CostModel COSTS = CostModel.of(8, PhaseCost.of(0.3, 0.1, 0.05), PhaseCost.of(0.01, 0.004, 0.002),
            PhaseCost.of(1.0, 0.35, 0.2));

    @TempDir
    static Path dir;
    private static LoadedExperiment loaded;

    @BeforeAll
    static void load() throws Exception {
        Path file = dir.resolve("counts.yaml");
        Files.writeString(file, """
                name: counts
                model: {path: %s}
                data: {benchmark: reference, root: %s, select_sample: 8, eval_sample: 2}
                stages: %s
                search: {latency: {mode: cost-model}}
                """.formatted(ROOT.resolve("models/reference"), ROOT.resolve("data"),
                ROOT.resolve("configs/stages/three-stage.yaml")));
        loaded = LoadedExperiment.load(ExperimentLoader.load(file));
    }

    private static TrialConfig config(String recall, String analyze, String summarize) {
        String[] masks = {recall, analyze, summarize};
        String[] names = {"recall", "analyze", "summarize"};
        List<StageProfile> stages = new java.util.ArrayList<>();
        for (int s = 0; s < 3; s++) {
            stages.add(new StageProfile(names[s], masks[s].isEmpty() ? SkipMask.none(8) : SkipMask.parse(masks[s], 8),
                    EarlyExit.OFF));
        }
        return TrialConfig.of(new ReasoningProfile(stages));
    }

    private static void assertSameCounts(TrialResult expected, TrialResult got) {
        assertEquals(expected.accuracy(), got.accuracy(), 1e-12, got.key());
        for (int s = 0; s < expected.stages().size(); s++) {
            var a = expected.stages().get(s);
            var b = got.stages().get(s);
            String where = got.key() + " " + a.stage();
            assertEquals(a.generatedTokens(), b.generatedTokens(), 1e-9, where);
            assertEquals(a.prefillTokens(), b.prefillTokens(), 1e-9, where + " prefill tokens");
            assertEquals(a.prefillCalls(), b.prefillCalls(), 1e-9, where + " prefill calls");
        }
        assertEquals(expected.latencyMs(), got.latencyMs(), 1e-9, got.key() + " priced the same");
    }

    @Test
    void aTrialsCountsDoNotDependOnWhatRanBeforeIt() {
        TrialConfig full = config("", "", "");
        TrialConfig analyzeSkips = config("", "mlp:3", "");
        TrialConfig summarizeSkips = config("", "", "mlp:3");
        // from scratch, one trial per fresh evaluator, as a fresh worker would measure each
        TrialResult fullAlone = TrialMeasurement.evaluator(loaded, COSTS).evaluate(full);
        TrialResult analyzeAlone = TrialMeasurement.evaluator(loaded, COSTS).evaluate(analyzeSkips);
        TrialResult summarizeAlone = TrialMeasurement.evaluator(loaded, COSTS).evaluate(summarizeSkips);

        // after other trials: summarize is remembered from the full model's trial, but analyze ran
        // under another mask, so summarize cannot continue from it as it did there
        TrialEvaluator search = TrialMeasurement.evaluator(loaded, COSTS);
        search.evaluate(full);
        assertSameCounts(analyzeAlone, search.evaluate(analyzeSkips));

        // recall and analyze remembered, summarize new under analyze's mask: it continues from
        // analyze's keys and values as when every stage runs
        TrialEvaluator other = TrialMeasurement.evaluator(loaded, COSTS);
        other.evaluate(summarizeSkips);
        other.evaluate(analyzeSkips);
        assertSameCounts(fullAlone, other.evaluate(full));
        assertSameCounts(summarizeAlone, other.evaluate(summarizeSkips));

        // and what a pipeline that remembers nothing counts
        TrialEvaluator plain = COSTS.estimating(BenchmarkTrialEvaluator.of(
                new Evaluator(loaded.pipeline()).inBatches(loaded.experiment().engine().batchQuestions()),
                loaded.selection().questions()));
        assertSameCounts(plain.evaluate(analyzeSkips), analyzeAlone);
        assertSameCounts(plain.evaluate(full), fullAlone);
    }
}
