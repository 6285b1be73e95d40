package dev.litestage.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.experiment.config.ExperimentLoader;
import dev.litestage.experiment.execution.WorkerInputs;
import dev.litestage.experiment.run.LoadedExperiment;
import dev.litestage.experiment.run.TrialMeasurement;
import dev.litestage.model.SkipMask;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.StageProfile;
import dev.litestage.search.trial.StageMeasurement;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialEvaluator;
import dev.litestage.search.trial.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A greedy stage's budgets evaluated as one Spark job with two executors: the same trials
 * (keys, accuracies, tokens, early exits) as evaluated in this process; a worker that cannot
 * load the experiment names itself and the file.
 */
class SparkTrialsTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static SparkTrials spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkTrials.start("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    private static Path experiment(String name, Path model) throws Exception {
        return experiment(name, model, 32);
    }

    private static Path experiment(String name, Path model, int batchQuestions) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                model: {path: %s}
                data: {benchmark: reference, root: %s, select_sample: 8, eval_sample: 4}
                stages: %s
                search: {strategy: greedy, kmax: 4, latency: {mode: cost-model}}
                engine: {batch_questions: %d}
                work_dir: %s
                output: %s
                """.formatted(name, model, ROOT.resolve("data"), ROOT.resolve("configs/stages/three-stage.yaml"),
                batchQuestions, dir.resolve("work-" + name), dir.resolve("report-" + name)));
        return file;
    }

    /** Analyze's budgets 0..3 with the other stages full, as greedy's first stage would try them. */
    private static List<TrialConfig> analyzeBudgets(int layers) {
        String[] masks = {"none", "mlp:3", "mlp:3,5", "mlp:2,3,5"};
        List<TrialConfig> configs = new ArrayList<>();
        for (String m : masks) {
            configs.add(TrialConfig.of(new ReasoningProfile(List.of(
                    new StageProfile("recall", SkipMask.none(layers), EarlyExit.OFF),
                    new StageProfile("analyze", m.equals("none") ? SkipMask.none(layers) : SkipMask.parse(m, layers),
                            EarlyExit.of(3, 0.5)),
                    new StageProfile("summarize", SkipMask.none(layers), EarlyExit.OFF)))));
        }
        return configs;
    }

    @Test
    void sparkEvaluatesTheSameTrialsAsThisProcess() throws Exception {
        Path file = experiment("spark", ROOT.resolve("models/reference"));
        LoadedExperiment loaded = LoadedExperiment.load(ExperimentLoader.load(file));
        TrialEvaluator here = TrialMeasurement.evaluator(loaded, TrialMeasurement.calibrate(loaded));
        List<TrialConfig> configs = analyzeBudgets(loaded.model().config().layers());

        List<SparkTrials.Evaluated> remote = spark.evaluate(file, configs, TrialMeasurement.inputs(loaded));
        assertEquals(configs.size(), remote.size());
        for (int i = 0; i < configs.size(); i++) {
            TrialResult local = here.evaluate(configs.get(i));
            TrialResult onSpark = remote.get(i).result();
            assertEquals(configs.get(i).key(), onSpark.key(), "results come back in order");
            assertEquals(local.accuracy(), onSpark.accuracy(), 1e-12, onSpark.key());
            assertEquals(local.questions(), onSpark.questions());
            for (int s = 0; s < local.stages().size(); s++) {
                StageMeasurement a = local.stages().get(s);
                StageMeasurement b = onSpark.stages().get(s);
                assertEquals(a.generatedTokens(), b.generatedTokens(), 1e-12, onSpark.key() + " " + a.stage());
                assertEquals(a.earlyExits(), b.earlyExits(), onSpark.key() + " " + a.stage());
            }
            assertTrue(onSpark.latencyMs() > 0, "a cost-model latency from the worker's own calibration");
            assertTrue(!remote.get(i).worker().isBlank());
        }
    }

    @Test
    void aTrialSplitIntoShardsOfItsQuestionsMergesToTheWholeTrial() throws Exception {
        Path file = experiment("shards", ROOT.resolve("models/reference"), 2);
        LoadedExperiment loaded = LoadedExperiment.load(ExperimentLoader.load(file));
        TrialEvaluator here = TrialMeasurement.evaluator(loaded, TrialMeasurement.calibrate(loaded));
        List<TrialConfig> configs = analyzeBudgets(loaded.model().config().layers()).subList(1, 3);
        // 8 questions in shards of 4 (batches of 2 as in one process): 4 tasks for 2 trials
        List<SparkTrials.Evaluated> sharded = spark.evaluate(file, configs, TrialMeasurement.inputs(loaded), 4);
        for (int i = 0; i < configs.size(); i++) {
            TrialResult whole = here.evaluate(configs.get(i));
            TrialResult merged = sharded.get(i).result();
            assertEquals(whole.key(), merged.key());
            assertEquals(8, merged.questions());
            assertEquals(whole.accuracy(), merged.accuracy(), 0, "the same correct answers");
            for (int s = 0; s < whole.stages().size(); s++) {
                StageMeasurement a = whole.stages().get(s);
                StageMeasurement b = merged.stages().get(s);
                assertEquals(a.generatedTokens(), b.generatedTokens(), 1e-9, merged.key() + " " + a.stage());
                assertEquals(a.prefillTokens(), b.prefillTokens(), 1e-9, merged.key() + " " + a.stage());
                assertEquals(a.prefillCalls(), b.prefillCalls(), 1e-9, merged.key() + " " + a.stage());
                assertEquals(a.earlyExits(), b.earlyExits(), merged.key() + " " + a.stage());
            }
            assertTrue(!sharded.get(i).worker().isBlank());
        }
    }

    @Test
    void aWorkerThatCannotLoadTheModelNamesItselfAndThePath() throws Exception {
        Path file = experiment("broken", dir.resolve("no-such-model"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> spark.evaluate(file,
                analyzeBudgets(8).subList(0, 1), new WorkerInputs("driver-model", "driver-data", 8)));
        assertTrue(e.getMessage().contains("worker ") && e.getMessage().contains("cannot load experiment")
                && e.getMessage().contains("no-such-model"), e.getMessage());
    }

    @Test
    void aWorkerThatReadsAnotherModelAtTheSamePathRefusesToMeasure() throws Exception {
        Path file = experiment("other-model", ROOT.resolve("models/reference"));
        LoadedExperiment loaded = LoadedExperiment.load(ExperimentLoader.load(file));
        WorkerInputs driver = new WorkerInputs("0123456789abcdef0123", TrialMeasurement.inputs(loaded).dataDigest(), 8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> spark.evaluate(file,
                analyzeBudgets(8).subList(0, 1), driver));
        assertTrue(e.getMessage().contains("worker ") && e.getMessage().contains("model differs from the driver's")
                && e.getMessage().contains("0123456789abcdef"), e.getMessage());
    }
}
