package dev.litestage.experiment.execution;

import dev.litestage.search.trial.TrialConfig;
import java.util.List;

/**
 * Evaluates batches of search trials somewhere other than this process (an engine such as Apache
 * Spark, one task per trial). Only configurations go out and measured trials come back:
 * journaling, MLflow logging and the choice of a profile stay with the caller, which sees each
 * trial once however often the engine retries or speculates a task.
 */
public interface TrialExecutor extends AutoCloseable {

    /**
     * Measures every one of {@code configs} (distinct) on the engine's workers.
     *
     * @return one trial per config, in order
     * @throws IllegalStateException when a trial fails for good, with the worker's own message
     *                               (a worker that cannot load the model names itself and the path)
     */
    List<ExecutedTrial> evaluateAll(List<TrialConfig> configs);

    /** What runs the trials, for the console and MLflow, e.g. {@code spark local[2] (2 task slots)}. */
    String description();

    /** Stops the engine's session; trials already returned stay valid. */
    @Override
    void close();
}
