package dev.litestage.tracking;

import java.util.Objects;

/**
 * What a back end reports about a run it created or found.
 *
 * @param runId       the run id, 32 lowercase hex characters for runs this module creates
 * @param artifactUri where the run's artifacts live, e.g. {@code file:///abs/mlruns/1/ab../artifacts}
 *                    or {@code mlflow-artifacts:/1/ab../artifacts}
 * @param status      the run's state when it was created or found
 */
public record RunHandle(String runId, String artifactUri, RunStatus status) {

    public RunHandle {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(artifactUri, "artifactUri");
        Objects.requireNonNull(status, "status");
    }
}
