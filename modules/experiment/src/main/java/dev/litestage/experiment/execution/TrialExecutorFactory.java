package dev.litestage.experiment.execution;

import dev.litestage.experiment.config.Experiment;

/**
 * Starts a {@link TrialExecutor} for an {@code execution.engine}. Found with
 * {@link java.util.ServiceLoader}, so the engine's module (and its dependencies, Spark's 180 MB)
 * is on the class path only when a run asks for it.
 */
public interface TrialExecutorFactory {

    /** The {@code execution.engine} this factory serves, e.g. {@code spark}. */
    String engine();

    /**
     * Starts the engine for {@code experiment}, whose file every worker loads.
     *
     * @param inputs what the driver's trials depend on ({@link WorkerInputs}); a worker that
     *               reads other model or data files at the same paths refuses to measure
     */
    TrialExecutor start(Experiment experiment, WorkerInputs inputs);
}
