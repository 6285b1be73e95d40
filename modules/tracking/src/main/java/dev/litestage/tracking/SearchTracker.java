package dev.litestage.tracking;

import dev.litestage.tracking.TrackingOperation.FinishSearch;
import dev.litestage.tracking.TrackingOperation.LogArtifacts;
import dev.litestage.tracking.TrackingOperation.LogSearchMetrics;
import dev.litestage.tracking.TrackingOperation.LogTrial;
import dev.litestage.tracking.TrackingOperation.SearchRef;
import dev.litestage.tracking.TrackingOperation.StartSearch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Records a search in MLflow: one experiment per experiment config, one parent run per search,
 * one child run per trial (nested through the tag {@code mlflow.parentRunId}, named after the
 * trial's configuration), and the search's files as artifacts of the parent run.
 *
 * <p>Tracking never stops or slows a search for long, and never loses a trial. Every call is first
 * journalled in a durable outbox ({@link OutboxJournal}) and then sent. When the back end fails
 * (down, slower than the request time-out, HTTP 5xx), the call returns at once, the work stays in
 * the outbox, a single warning says so, and for a back-off interval later calls go straight to the
 * outbox without touching the server. When it answers again, the outbox is replayed in order. A
 * tracker opened later on the same outbox folder (a resumed search) replays what is left.
 * Replaying is idempotent: parent runs are found again by {@code litestage.searchKey}, child runs
 * by {@code litestage.trialKey}, so no run is created twice. Operations the back end refuses for
 * good (HTTP 4xx) are set aside in {@value OutboxJournal#REJECTED_FILE_NAME} with the reason.
 *
 * <p>Methods throw only for caller errors (a trial before {@link #startSearch}, a null value);
 * back-end failures never reach the caller. Thread-safe (calls are serialised).
 */
public final class SearchTracker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SearchTracker.class);

    private final TrackingBackend backend;
    private final String description;
    private final OutboxJournal journal;
    private final OperationExecutor executor;
    private final TrackerSettings settings;
    private final Backoff backoff;
    private final Clock clock;
    private SearchRef search;
    private boolean finished;
    private boolean warnedUnavailable;
    private boolean warnedRejected;
    private boolean closed;

    private SearchTracker(TrackingBackend backend, String description, Path outboxDir, TrackerSettings settings,
                          Clock clock) {
        this.backend = backend;
        this.description = description;
        this.settings = settings;
        this.clock = clock;
        this.journal = OutboxJournal.open(outboxDir, settings.warnings());
        this.executor = new OperationExecutor(backend, journal.directory().resolve(".mlflow-staging"));
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
    }

    /**
     * Opens a tracker on any back end; the tracker closes it.
     *
     * @param description names the back end in messages
     */
    public static SearchTracker open(TrackingBackend backend, String description, Path outboxDir,
                                     TrackerSettings settings) {
        SearchTracker tracker;
        try {
            tracker = new SearchTracker(backend, description, outboxDir, settings, Clock.systemUTC());
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        if (tracker.pendingCount() > 0) {
            LOG.info("replaying {} tracking operation(s) left in {}", tracker.pendingCount(), tracker.journal.file());
            tracker.drain(true);
        }
        return tracker;
    }

    /**
     * Starts (or, with the same {@code searchKey}, resumes) a search: the experiment is created when
     * missing, the parent run found by {@code searchKey} or created, and the params and tags logged
     * to it. A tracker follows one search at a time: starting another one while the current one is
     * not finished ends the current one as KILLED.
     *
     * @param searchKey identifies the search across resumes, e.g. a hash of config and output folder;
     *                  no quotes or backslashes
     * @throws IllegalArgumentException for null entries, a bad search key, or a tag the tracker
     *                                  sets itself ({@link TrialRecord#RESERVED_TAGS})
     */
    public synchronized void startSearch(String experimentName, String searchKey, String runName,
                                         Map<String, String> params, Map<String, String> tags) {
        checkOpen();
        SearchRef ref = new SearchRef(experimentName, searchKey, runName);
        StartSearch start = new StartSearch(ref, copyChecked("params", params),
                TrialRecord.checkTags(copyChecked("tags", tags)), clock.millis());
        if (search != null && !finished && !search.key().equals(searchKey)) {
            submit(new FinishSearch(search, RunStatus.KILLED, clock.millis()));
        }
        search = ref;
        finished = false;
        submit(start);
    }

    /**
     * Logs a trial as a child run of the search; a trial whose key was logged before is not logged
     * again. Never throws for back-end failures.
     *
     * @throws IllegalStateException when no search was started
     */
    public synchronized void logTrial(TrialRecord trial) {
        Objects.requireNonNull(trial, "trial");
        submit(new LogTrial(currentSearch(), trial, clock.millis()));
    }

    /** Logs metrics of the whole search (best accuracy, number of trials, ...) to the parent run. */
    public synchronized void logSearchMetrics(Map<String, Double> metrics) {
        submit(new LogSearchMetrics(currentSearch(), copyChecked("metrics", metrics), clock.millis()));
    }

    /** Uploads files and directories to the parent run's artifact root. */
    public synchronized void logArtifacts(List<Path> paths) {
        logArtifacts(paths, "");
    }

    /**
     * Uploads files and directories to the parent run's artifact folder {@code artifactDir}
     * ({@code ""}: the root), so that files of the same name from different places cannot land on
     * the same artifact path.
     */
    public synchronized void logArtifacts(List<Path> paths, String artifactDir) {
        List<String> absolute = paths.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
        submit(new LogArtifacts(currentSearch(), absolute, clock.millis(), artifactDir));
    }

    /** Ends the search's parent run as FINISHED ({@code success}) or FAILED. */
    public synchronized void finishSearch(boolean success) {
        submit(new FinishSearch(currentSearch(), success ? RunStatus.FINISHED : RunStatus.FAILED, clock.millis()));
        finished = true;
    }

    /** Operations journalled but not yet accepted by the back end. */
    public synchronized int pendingCount() {
        return journal.pendingCount();
    }

    /** Tries to send everything pending now, ignoring the back-off. Never throws for back-end failures. */
    public synchronized void replayPending() {
        checkOpen();
        drain(true);
    }

    /** The search's parent run id, once the back end has created or found it. */
    public synchronized Optional<String> parentRunId() {
        return search == null ? Optional.empty() : executor.parentRunId(search.key());
    }

    /** Where tracking goes, e.g. {@code MLflow file store /work/mlruns (default)}. */
    public String trackingUriDescription() {
        return description;
    }

    /** The outbox file. */
    public Path outboxFile() {
        return journal.file();
    }

    /**
     * Marks a search that was started but not finished as KILLED, makes a last attempt to send
     * what is pending, warns when something is left in the outbox, and releases everything.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            if (search != null && !finished) {
                submit(new FinishSearch(search, RunStatus.KILLED, clock.millis()));
            }
            if (journal.pendingCount() > 0) {
                drain(true);
            }
            if (journal.pendingCount() > 0) {
                settings.warnings().accept(journal.pendingCount() + " tracking operation(s) for " + description
                        + " are still queued in " + journal.file() + "; they are sent the next time a tracker"
                        + " opens " + journal.directory() + " (e.g. when the search is resumed)");
            }
        } finally {
            closed = true;
            try {
                journal.close();
            } finally {
                backend.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void submit(TrackingOperation operation) {
        checkOpen();
        journal.append(operation);
        drain(false);
    }

    /** Sends pending operations in order until one fails for want of the back end. */
    private void drain(boolean ignoreBackoff) {
        if (!ignoreBackoff && backoff.isWaiting(clock.millis())) {
            return;
        }
        boolean recovering = backoff.isFailing();
        int sent = 0;
        for (OutboxJournal.Pending pending : journal.pending()) {
            try {
                executor.execute(pending.op());
                journal.markDone(pending.seq());
                backoff.succeeded();
                sent++;
            } catch (BackendUnavailableException e) {
                backoff.failed(clock.millis());
                warnUnavailable(e);
                return;
            } catch (RuntimeException e) {
                // refused for good (HTTP 4xx, a vanished file, a bug): keep it aside, go on with the rest
                journal.markRejected(pending.seq(), String.valueOf(e.getMessage()));
                warnRejected(pending, e);
            }
        }
        if (recovering && sent > 0) {
            LOG.info("{} answers again: sent {} queued tracking operation(s)", description, sent);
        }
    }

    private void warnUnavailable(BackendUnavailableException e) {
        if (warnedUnavailable) {
            LOG.debug("{} still unavailable: {}", description, e.getMessage());
            return;
        }
        warnedUnavailable = true;
        settings.warnings().accept(description + " is not available (" + e.getMessage() + "). The search goes on;"
                + " tracking is queued in " + journal.file() + " and sent when the back end answers again (next try in "
                + backoff.initial().toSeconds() + " s, then less often). This warning is shown once.");
    }

    private void warnRejected(OutboxJournal.Pending pending, RuntimeException e) {
        if (warnedRejected) {
            LOG.debug("{} refused tracking operation {}: {}", description, pending.seq(), e.getMessage());
            return;
        }
        warnedRejected = true;
        settings.warnings().accept(description + " refused a tracking operation (" + e.getMessage() + "); it is kept in "
                + journal.directory().resolve(OutboxJournal.REJECTED_FILE_NAME) + ". Further refusals are logged at"
                + " debug level only.");
    }

    private SearchRef currentSearch() {
        checkOpen();
        if (search == null) {
            throw new IllegalStateException("no search started: call startSearch first");
        }
        return search;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("tracker for " + description + " is closed");
        }
    }

    private static <V> Map<String, V> copyChecked(String what, Map<String, V> map) {
        Objects.requireNonNull(map, what);
        map.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException(what + ": entry " + k + "=" + v + " has a null key or value");
            }
        });
        return new LinkedHashMap<>(map);
    }
}
