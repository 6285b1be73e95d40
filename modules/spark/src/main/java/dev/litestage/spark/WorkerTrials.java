package dev.litestage.spark;

import dev.litestage.experiment.config.ExperimentLoader;
import dev.litestage.experiment.execution.WorkerInputs;
import dev.litestage.experiment.run.LoadedExperiment;
import dev.litestage.experiment.run.TrialMeasurement;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialEvaluator;
import dev.litestage.search.trial.TrialJournal;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The executor side: each worker JVM loads an experiment's model, data and stage formats once
 * (cached by the experiment file's path and content) and calibrates its own cost model, then
 * evaluates the trials (or shards of a trial's questions) Spark hands it. The latencies it
 * returns are its own calibration's estimates; the driver prices every trial again with its own
 * cost model and keeps the worker's estimate for the record, so no choice depends on which host
 * measured what.
 */
final class WorkerTrials {

    /** One loaded experiment on this worker: the weights and remembered generations once, an evaluator per task thread. */
    private static final class Loaded {
        final LoadedExperiment experiment;
        /** What this worker reads at the experiment's paths, compared with the driver's. */
        final WorkerInputs inputs;
        /**
         * Task threads of one executor run trials at once: each gets a model replica (weights
         * shared) and an evaluator per shard of the selection questions it is asked for.
         */
        final ThreadLocal<Map<Long, TrialEvaluator>> evaluators;
        private final dev.litestage.search.cost.CostModel costModel;
        private final dev.litestage.reasoning.MultiStagePipeline remembered;
        private final ThreadLocal<LoadedExperiment> own;

        Loaded(LoadedExperiment experiment, dev.litestage.search.cost.CostModel costModel) {
            this.experiment = experiment;
            this.inputs = TrialMeasurement.inputs(experiment);
            // one memory of generations for the JVM: a task thread reuses what any other has run
            this.remembered = experiment.pipeline().memoized();
            this.costModel = costModel;
            this.own = ThreadLocal.withInitial(() -> {
                dev.litestage.model.LanguageModel replica = experiment.model().replica();
                return new LoadedExperiment(experiment.experiment(), replica, experiment.pipeline().on(replica),
                        experiment.selection(), experiment.evaluation());
            });
            this.evaluators = ThreadLocal.withInitial(java.util.HashMap::new);
        }

        /** This thread's evaluator of the selection questions {@code from} to {@code to} (exclusive). */
        TrialEvaluator evaluator(int from, int to) {
            return evaluators.get().computeIfAbsent(((long) from << 32) | to, k -> {
                LoadedExperiment mine = own.get();
                return TrialMeasurement.evaluator(mine, remembered.on(mine.model()), costModel, from, to);
            });
        }

        int layers() {
            return experiment.model().config().layers();
        }
    }

    private static final Map<String, Loaded> LOADED = new ConcurrentHashMap<>();

    private WorkerTrials() {
    }

    /**
     * Evaluates the trial with {@code key} of the experiment at {@code experimentFile} on this
     * worker.
     *
     * @param from   the first selection question of the trial's shard
     * @param to     one past its last (the whole trial: 0 to the selection's size)
     * @param driver what the driver reads at the experiment's paths
     * @return the trial (over the shard) as a journal line
     * @throws IllegalStateException naming this worker and the file when the experiment, its model
     *                               or its data cannot be loaded here, or differ from the driver's
     */
    static String evaluate(String experimentFile, String key, int from, int to, WorkerInputs driver) {
        Loaded loaded = LOADED.computeIfAbsent(cacheKey(experimentFile), k -> load(experimentFile));
        driver.mismatch(loaded.inputs).ifPresent(what -> {
            throw new IllegalStateException("worker " + host() + " will not measure trials of " + experimentFile + ": "
                    + what + "; every worker must read the same model and data files");
        });
        return TrialJournal.toJson(loaded.evaluator(from, to).evaluate(TrialConfig.parse(key, loaded.layers())));
    }

    /** This worker's host name, for results and errors. */
    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static Loaded load(String experimentFile) {
        try {
            LoadedExperiment loaded = LoadedExperiment.load(ExperimentLoader.load(Path.of(experimentFile)));
            return new Loaded(loaded, TrialMeasurement.calibrate(loaded));
        } catch (RuntimeException e) {
            throw new IllegalStateException("worker " + host() + " cannot load experiment " + experimentFile + ": "
                    + e.getMessage(), e);
        }
    }

    /** The file's path and a digest of its content: an edited experiment is loaded again. */
    private static String cacheKey(String experimentFile) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of(experimentFile)));
            return experimentFile + "@" + HexFormat.of().formatHex(sha);
        } catch (IOException e) {
            throw new IllegalStateException("worker " + host() + " cannot read experiment " + experimentFile + ": "
                    + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
