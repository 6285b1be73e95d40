package dev.litestage.experiment.execution;

import dev.litestage.search.trial.TrialResult;
import java.util.Objects;

/**
 * A trial measured by a worker.
 *
 * @param result the trial, its latency from the worker's own cost model (calibrated on that host)
 * @param worker the host that measured it
 */
public record ExecutedTrial(TrialResult result, String worker) {

    public ExecutedTrial {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(worker, "worker");
    }
}
