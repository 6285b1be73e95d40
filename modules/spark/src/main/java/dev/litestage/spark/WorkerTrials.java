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
 * evaluates the trials Spark hands it. Latencies are cost-model estimates on the worker's own
 * calibration, so trials measured on different machines stay comparable within a worker and
 * none depends on another machine's clock.
 */
final class WorkerTrials {

    /** One loaded experiment on this worker: the weights and remembered generations once, an evaluator per task thread. */
    private static final class Loaded {
        final LoadedExperiment experiment;
        /** What this worker reads at the experiment's paths, compared with the driver's. */
        final WorkerInputs inputs;
        /** Task threads of one executor run trials at once: each gets a model replica (weights shared). */
        final ThreadLocal<TrialEvaluator> evaluator;

        Loaded(LoadedExperiment experiment, dev.litestage.search.cost.CostModel costModel) {
            this.experiment = experiment;
            this.inputs = TrialMeasurement.inputs(experiment);
            // one memory of generations for the JVM: a task thread reuses what any other has run
            dev.litestage.reasoning.MultiStagePipeline remembered = experiment.pipeline().memoized();
            this.evaluator = ThreadLocal.withInitial(() -> {
                dev.litestage.model.LanguageModel replica = experiment.model().replica();
                LoadedExperiment own = new LoadedExperiment(experiment.experiment(), replica,
                        experiment.pipeline().on(replica), experiment.selection(), experiment.evaluation());
                return TrialMeasurement.evaluator(own, remembered.on(replica), costModel);
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
     * @param driver what the driver reads at the experiment's paths
     * @return the trial as a journal line
     * @throws IllegalStateException naming this worker and the file when the experiment, its model
     *                               or its data cannot be loaded here, or differ from the driver's
     */
    static String evaluate(String experimentFile, String key, WorkerInputs driver) {
        Loaded loaded = LOADED.computeIfAbsent(cacheKey(experimentFile), k -> load(experimentFile));
        driver.mismatch(loaded.inputs).ifPresent(what -> {
            throw new IllegalStateException("worker " + host() + " will not measure trials of " + experimentFile + ": "
                    + what + "; every worker must read the same model and data files");
        });
        return TrialJournal.toJson(loaded.evaluator.get().evaluate(TrialConfig.parse(key, loaded.layers())));
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
