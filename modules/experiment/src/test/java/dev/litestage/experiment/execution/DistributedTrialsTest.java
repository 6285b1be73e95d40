package dev.litestage.experiment.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.experiment.config.ConfigException;
import dev.litestage.experiment.config.Experiment;
import dev.litestage.experiment.config.ExperimentLoader;
import dev.litestage.model.SkipMask;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.StageProfile;
import dev.litestage.search.cost.CostModel;
import dev.litestage.search.cost.PhaseCost;
import dev.litestage.search.trial.StageMeasurement;
import dev.litestage.search.trial.TrialCache;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialJournal;
import dev.litestage.search.trial.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trials measured by another engine: priced by this machine's cost model, their worker kept; a
 * resumed run hands over only the trials its journal lacks; the settings that ask for an engine
 * are checked before any work.
 */
class DistributedTrialsTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final int LAYERS = 4;
    /** This machine's calibration: 1 ms per generated token with nothing skipped, 0.5 per skipped MLP saved. */
    private static final CostModel HERE = CostModel.of(LAYERS, PhaseCost.of(0, 0, 0), PhaseCost.of(0, 0, 0),
            PhaseCost.of(0.2, 0.05, 0.15));

    @TempDir
    Path dir;

    /** A fake engine: "measures" by formula, prices by a worker calibration 10x slower, records what it was handed. */
    private static final class FakeEngine implements TrialExecutor {
        final List<List<String>> batches = new ArrayList<>();

        @Override
        public List<ExecutedTrial> evaluateAll(List<TrialConfig> configs) {
            batches.add(configs.stream().map(TrialConfig::key).toList());
            return configs.stream().map(c -> new ExecutedTrial(measured(c), "worker-" + (batches.size() % 2))).toList();
        }

        @Override
        public String description() {
            return "fake engine";
        }

        @Override
        public void close() {
        }
    }

    private static TrialResult measured(TrialConfig c) {
        List<StageMeasurement> stages = new ArrayList<>();
        int skipped = 0;
        for (StageProfile s : c.stages()) {
            skipped += s.mask().skippedCount();
            stages.add(new StageMeasurement(s.stage(), 1000, 10, 20 + s.mask().skippedCount(), 0, 1));
        }
        return new TrialResult(c, 1.0 - 0.05 * skipped, 20, stages, 1000.0 * stages.size(), 5);
    }

    private static TrialConfig config(String analyzeMask) {
        return TrialConfig.of(new ReasoningProfile(List.of(
                new StageProfile("recall", SkipMask.none(LAYERS), EarlyExit.OFF),
                new StageProfile("analyze", analyzeMask.isEmpty() ? SkipMask.none(LAYERS) : SkipMask.parse(analyzeMask, LAYERS),
                        EarlyExit.OFF))));
    }

    @Test
    void workersMeasureAndThisMachinesCostModelPricesEveryTrial() {
        FakeEngine engine = new FakeEngine();
        DistributedTrials trials = new DistributedTrials(engine, HERE);
        List<TrialConfig> batch = List.of(config(""), config("mlp:3"), config("mlp:2,3"));
        List<TrialResult> got = trials.evaluateAll(batch);
        assertEquals(1, engine.batches.size(), "one batch handed over, not one call per trial");
        for (int i = 0; i < batch.size(); i++) {
            TrialResult expected = HERE.estimate(measured(batch.get(i)));
            assertEquals(batch.get(i).key(), got.get(i).key());
            assertEquals(expected.latencyMs(), got.get(i).latencyMs(), 1e-12, "priced here, not by the worker");
            assertTrue(got.get(i).latencyMs() < 1000, "the worker's own 1000 ms per stage was replaced");
            assertEquals(measured(batch.get(i)).accuracy(), got.get(i).accuracy(), 1e-12);
            TrialOrigin origin = trials.origin(batch.get(i).key()).orElseThrow();
            assertEquals("worker-1", origin.worker());
            assertEquals(2000, origin.workerLatencyMs(), 1e-12, "the worker's own estimate is kept for MLflow");
        }
        assertEquals(3, trials.dispatched());
    }

    @Test
    void aResumedRunHandsOverOnlyWhatItsJournalLacks() throws Exception {
        Path journalFile = dir.resolve("trials.jsonl");
        List<TrialConfig> stage = List.of(config(""), config("mlp:3"), config("mlp:2,3"), config("attn:3;mlp:2,3"));
        try (TrialJournal journal = TrialJournal.open(journalFile)) {
            // the first run was killed after two trials of the stage were journaled
            TrialCache.journaled(new DistributedTrials(new FakeEngine(), HERE), journal).evaluateAll(stage.subList(0, 2));
        }
        FakeEngine engine = new FakeEngine();
        List<TrialResult> all;
        try (TrialJournal journal = TrialJournal.open(journalFile)) {
            all = TrialCache.journaled(new DistributedTrials(engine, HERE), journal).evaluateAll(stage);
        }
        assertEquals(List.of(List.of(stage.get(2).key(), stage.get(3).key())), engine.batches,
                "only the two missing trials were dispatched, in one batch");
        assertEquals(stage.stream().map(TrialConfig::key).toList(), all.stream().map(TrialResult::key).toList());
        try (TrialJournal journal = TrialJournal.open(journalFile)) {
            assertEquals(4, journal.trials().size(), "every trial journaled once");
        }
    }

    private Path experiment(String search, String execution) throws Exception {
        Path file = dir.resolve("exec.yaml");
        Files.writeString(file, """
                name: exec
                model: {path: %s}
                data: {benchmark: reference, root: %s}
                stages: %s
                search: %s
                execution: %s
                """.formatted(ROOT.resolve("models/reference"), ROOT.resolve("data"),
                ROOT.resolve("configs/stages/three-stage.yaml"), search, execution));
        return file;
    }

    @Test
    void anEngineNeedsCostModelLatencyAndItsModuleOnTheClassPath() throws Exception {
        ConfigException wallClock = assertThrows(ConfigException.class,
                () -> ExperimentLoader.load(experiment("{strategy: greedy}", "{engine: spark, master: \"local[2]\"}")));
        assertTrue(wallClock.getMessage().contains("execution.engine") && wallClock.getMessage().contains("cost-model"),
                wallClock.getMessage());

        ConfigException unknown = assertThrows(ConfigException.class,
                () -> ExperimentLoader.load(experiment("{latency: {mode: cost-model}}", "{engine: ray}")));
        assertTrue(unknown.getMessage().contains("engine") && unknown.getMessage().contains("spark"), unknown.getMessage());

        Experiment exp = ExperimentLoader.load(experiment("{latency: {mode: cost-model}}", "{engine: spark, master: \"local[2]\"}"));
        assertEquals("spark", exp.execution().engine());
        assertEquals("local[2]", exp.execution().master());
        assertEquals("spark", exp.settings().get("execution.engine"), "an MLflow param says where trials ran");
        // this module's tests have no engine module on the class path: a clear error, no Spark started
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> TrialExecutors.start(exp, new WorkerInputs("m", "d", 1)));
        assertTrue(missing.getMessage().contains("exec.yaml") && missing.getMessage().contains("--with-spark"),
                missing.getMessage());

        ConfigException shards = assertThrows(ConfigException.class, () -> ExperimentLoader.load(
                experiment("{latency: {mode: cost-model}}", "{engine: spark, shard_questions: 20}")));
        assertTrue(shards.getMessage().contains("execution.shard_questions")
                && shards.getMessage().contains("engine.batch_questions (32)"), shards.getMessage());
        assertEquals(64, ExperimentLoader.load(experiment("{latency: {mode: cost-model}}",
                "{engine: spark, shard_questions: 64}")).execution().shardQuestions());

        Experiment plain = ExperimentLoader.load(experiment("{latency: {mode: cost-model}}", "{}"));
        assertEquals(Experiment.ExecutionPlan.IN_PROCESS, plain.execution(), "in-process unless asked");
        assertTrue(!plain.execution().distributed());
    }
}
