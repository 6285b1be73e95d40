package dev.litestage.tracking;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One unit of tracking work as it is journalled in the outbox ({@link OutboxJournal}) before it is
 * sent. Each operation carries everything needed to perform it again in a later process (the
 * search it belongs to, the time it happened), and performing it twice has the effect of performing
 * it once ({@link OperationExecutor}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
        @JsonSubTypes.Type(value = TrackingOperation.StartSearch.class, name = "startSearch"),
        @JsonSubTypes.Type(value = TrackingOperation.LogTrial.class, name = "logTrial"),
        @JsonSubTypes.Type(value = TrackingOperation.LogSearchMetrics.class, name = "logSearchMetrics"),
        @JsonSubTypes.Type(value = TrackingOperation.LogArtifacts.class, name = "logArtifacts"),
        @JsonSubTypes.Type(value = TrackingOperation.FinishSearch.class, name = "finishSearch")})
sealed interface TrackingOperation {

    /** The search (parent run) the operation belongs to. */
    SearchRef search();

    /**
     * Names a search's parent run.
     *
     * @param experiment the MLflow experiment name
     * @param key        identifies the search, stored as tag {@code litestage.searchKey}
     * @param runName    the parent run's name
     */
    record SearchRef(String experiment, String key, String runName) {
        public SearchRef {
            Objects.requireNonNull(experiment, "experiment");
            TrialRecord.checkKey("searchKey", key);
            Objects.requireNonNull(runName, "runName");
        }
    }

    record StartSearch(SearchRef search, Map<String, String> params, Map<String, String> tags, long timestampMs)
            implements TrackingOperation {
    }

    record LogTrial(SearchRef search, TrialRecord trial, long timestampMs) implements TrackingOperation {
    }

    record LogSearchMetrics(SearchRef search, Map<String, Double> metrics, long timestampMs)
            implements TrackingOperation {
    }

    /**
     * Files and directories (absolute paths) for the parent run's artifact folder {@code artifactDir}
     * ({@code ""} or null, as in outboxes written before it existed: the root).
     */
    record LogArtifacts(SearchRef search, List<String> paths, long timestampMs, String artifactDir)
            implements TrackingOperation {
        public LogArtifacts {
            artifactDir = artifactDir == null ? "" : artifactDir;
        }
    }

    record FinishSearch(SearchRef search, RunStatus status, long timestampMs) implements TrackingOperation {
    }
}
