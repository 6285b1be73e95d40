package dev.litestage.tracking;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where runs are recorded: an MLflow tracking server ({@link dev.litestage.tracking.server.ServerBackend})
 * or a local MLflow file store ({@link dev.litestage.tracking.filestore.FileStoreBackend}).
 *
 * <p>Keys and values passed in must already be valid for MLflow (see {@link MlflowNames}); the
 * back end writes them as given. Every method may throw {@link BackendUnavailableException} when
 * the store cannot be reached (worth retrying) or {@link TrackingException} when it refuses the
 * request for good.
 */
public interface TrackingBackend extends AutoCloseable {

    /**
     * The id of the active experiment called {@code name}, created when there is none. The given
     * experiment tags are set either way (an existing tag's value is replaced).
     */
    String createOrGetExperiment(String name, Map<String, String> tags);

    /**
     * Starts a new run in state {@link RunStatus#RUNNING}. The tags are set atomically with the
     * run, so a run found later by one of its tags always carries all of them; the back end adds
     * {@code mlflow.runName}.
     *
     * @param startTimeMs the run's start time, milliseconds since the epoch (a replayed run keeps
     *                    the time it was first logged)
     */
    RunHandle createRun(String experimentId, String runName, Map<String, String> tags, long startTimeMs);

    /**
     * The first active run of the experiment whose tag {@code tagKey} equals {@code tagValue} and,
     * when {@code parentRunId} is not null, whose {@code mlflow.parentRunId} tag equals it.
     */
    Optional<RunHandle> findRunByTag(String experimentId, String tagKey, String tagValue, String parentRunId);

    /** The params already logged to a run (MLflow never lets a param change once logged). */
    Map<String, String> params(String runId);

    /**
     * Logs params, metric points and tags to a run, splitting the batch where the store has limits.
     * A param already logged with the same value is accepted; one with a different value is an
     * error (callers compare with {@link #params(String)} first).
     */
    void logBatch(String runId, LogBatch batch);

    /**
     * Copies a file or a directory tree into the run's artifacts: a file to
     * {@code <artifactDir>/<file name>}, a directory to {@code <artifactDir>/<directory name>/...}.
     * An existing artifact with the same path is replaced.
     *
     * @param artifactDir a relative artifact path, {@code ""} for the root
     */
    void logArtifact(String runId, Path fileOrDirectory, String artifactDir);

    /**
     * Sets a run's status; a terminal status also sets its end time to {@code endTimeMs}, and
     * {@link RunStatus#RUNNING} clears it (a resumed run).
     */
    void setStatus(String runId, RunStatus status, long endTimeMs);

    /** A one-line description for messages, e.g. {@code MLflow file store /home/me/mlruns}. */
    String description();

    /** Releases connections and threads; the default does nothing. */
    @Override
    default void close() {
    }
}
