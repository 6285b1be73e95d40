package dev.litestage.tracking;

import dev.litestage.tracking.TrackingOperation.FinishSearch;
import dev.litestage.tracking.TrackingOperation.LogArtifacts;
import dev.litestage.tracking.TrackingOperation.LogSearchMetrics;
import dev.litestage.tracking.TrackingOperation.LogTrial;
import dev.litestage.tracking.TrackingOperation.SearchRef;
import dev.litestage.tracking.TrackingOperation.StartSearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Performs {@link TrackingOperation}s on a back end so that performing one again, in this process
 * or after a restart, changes nothing:
 *
 * <ul>
 *   <li>the parent run of a search is found by its tag {@value #SEARCH_KEY_TAG} before one is
 *       created, and a resumed search's finished parent is set back to running;</li>
 *   <li>a trial's child run is found by {@value #TRIAL_KEY_TAG} under its parent
 *       ({@code mlflow.parentRunId}); a finished one is left alone, an unfinished one (the process
 *       died half-way) is completed;</li>
 *   <li>params already logged are not sent again; a param that would change is kept at its first
 *       value and the refused value recorded as tag {@code litestage.refusedParam.<key>};</li>
 *   <li>metric points carry the time the operation was journalled, so a replayed point is
 *       identical to the first one.</li>
 * </ul>
 */
final class OperationExecutor {

    static final String SEARCH_KEY_TAG = "litestage.searchKey";
    static final String TRIAL_KEY_TAG = "litestage.trialKey";
    static final String PARENT_TAG = "mlflow.parentRunId";
    static final String REFUSED_PARAM_TAG_PREFIX = "litestage.refusedParam.";

    private final TrackingBackend backend;
    private final Path stagingRoot;
    private final Map<String, String> experiments = new HashMap<>();
    private final Map<String, RunHandle> parents = new HashMap<>();
    /** Runs created by this executor: they have no params yet, so none need to be read back. */
    private final Set<String> freshRuns = new HashSet<>();
    private final Set<List<String>> finishedTrials = new HashSet<>();

    /**
     * @param stagingRoot a folder for the temporary files of over-long values being uploaded
     */
    OperationExecutor(TrackingBackend backend, Path stagingRoot) {
        this.backend = backend;
        this.stagingRoot = stagingRoot;
    }

    /** The parent run of a search, when this executor has created or found it. */
    Optional<String> parentRunId(String searchKey) {
        return Optional.ofNullable(parents.get(searchKey)).map(RunHandle::runId);
    }

    /**
     * Performs {@code operation}.
     *
     * @throws BackendUnavailableException when the back end cannot be reached (try again later)
     * @throws TrackingException           when the back end refuses it for good
     */
    void execute(TrackingOperation operation) {
        if (operation instanceof StartSearch start) {
            startSearch(start);
        } else if (operation instanceof LogTrial trial) {
            logTrial(trial);
        } else if (operation instanceof LogSearchMetrics metrics) {
            logPayload(parent(metrics.search(), metrics.timestampMs()).runId(),
                    RunPayload.of(Map.of(), metrics.metrics(), Map.of(), metrics.timestampMs()));
        } else if (operation instanceof LogArtifacts artifacts) {
            logArtifacts(artifacts);
        } else if (operation instanceof FinishSearch finish) {
            setParentStatus(finish.search(), finish.status(), finish.timestampMs());
        } else {
            throw new IllegalArgumentException("unknown tracking operation " + operation);
        }
    }

    private void startSearch(StartSearch start) {
        RunHandle parent = parent(start.search(), start.timestampMs());
        if (parent.status().isTerminal()) {
            // the same search resumed: its run is live again until finishSearch
            parent = setParentStatus(start.search(), RunStatus.RUNNING, start.timestampMs());
        }
        logPayload(parent.runId(), RunPayload.of(start.params(), Map.of(), start.tags(), start.timestampMs()));
    }

    private RunHandle setParentStatus(SearchRef search, RunStatus status, long timestampMs) {
        RunHandle parent = parent(search, timestampMs);
        backend.setStatus(parent.runId(), status, timestampMs);
        RunHandle updated = new RunHandle(parent.runId(), parent.artifactUri(), status);
        parents.put(search.key(), updated);
        return updated;
    }

    private void logTrial(LogTrial op) {
        TrialRecord trial = op.trial();
        List<String> identity = List.of(op.search().key(), trial.trialKey());
        if (finishedTrials.contains(identity)) {
            return;
        }
        String experimentId = experiment(op.search().experiment());
        RunHandle parent = parent(op.search(), op.timestampMs());
        Optional<RunHandle> existing = backend.findRunByTag(experimentId, TRIAL_KEY_TAG, trial.trialKey(), parent.runId());
        if (existing.isPresent() && existing.get().status() == RunStatus.FINISHED) {
            finishedTrials.add(identity);
            return;
        }
        // the child run spans the trial's evaluation, so the UI's Duration is the trial's wall time
        long start = trial.startedAtMs() > 0 && trial.startedAtMs() <= op.timestampMs() ? trial.startedAtMs() : op.timestampMs();
        String runId = existing.isPresent() ? existing.get().runId() : createRun(experimentId, trial.runName(),
                Map.of(PARENT_TAG, parent.runId(), TRIAL_KEY_TAG, trial.trialKey()), start).runId();
        logPayload(runId, RunPayload.of(trial.params(), trial.metrics(), trial.tags(), op.timestampMs()));
        backend.setStatus(runId, RunStatus.FINISHED, op.timestampMs());
        finishedTrials.add(identity);
    }

    private void logArtifacts(LogArtifacts op) {
        String runId = parent(op.search(), op.timestampMs()).runId();
        List<String> missing = new ArrayList<>();
        for (String path : op.paths()) {
            Path source = Path.of(path);
            if (Files.exists(source)) {
                backend.logArtifact(runId, source, op.artifactDir());
            } else {
                missing.add(path);
            }
        }
        if (!missing.isEmpty()) {
            throw new TrackingException("artifacts no longer exist, not uploaded: " + String.join(", ", missing));
        }
    }

    private String experiment(String name) {
        String id = experiments.get(name);
        if (id == null) {
            id = backend.createOrGetExperiment(name, Map.of());
            experiments.put(name, id);
        }
        return id;
    }

    private RunHandle parent(SearchRef search, long timestampMs) {
        RunHandle parent = parents.get(search.key());
        if (parent == null) {
            String experimentId = experiment(search.experiment());
            parent = backend.findRunByTag(experimentId, SEARCH_KEY_TAG, search.key(), null).orElse(null);
            if (parent == null) {
                parent = createRun(experimentId, search.runName(), Map.of(SEARCH_KEY_TAG, search.key()), timestampMs);
            }
            parents.put(search.key(), parent);
        }
        return parent;
    }

    private RunHandle createRun(String experimentId, String runName, Map<String, String> tags, long startTimeMs) {
        RunHandle run = backend.createRun(experimentId, runName, tags, startTimeMs);
        freshRuns.add(run.runId());
        return run;
    }

    private void logPayload(String runId, RunPayload payload) {
        LogBatch batch = payload.batch();
        if (!batch.params().isEmpty() && !freshRuns.contains(runId)) {
            batch = withoutLoggedParams(batch, backend.params(runId));
        }
        if (!batch.isEmpty()) {
            backend.logBatch(runId, batch);
        }
        // from now on the run has params: a replay must compare against them
        freshRuns.remove(runId);
        if (!payload.fullValues().isEmpty()) {
            uploadFullValues(runId, payload.fullValues());
        }
    }

    private static LogBatch withoutLoggedParams(LogBatch batch, Map<String, String> logged) {
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String> tags = new LinkedHashMap<>(batch.tags());
        batch.params().forEach((key, value) -> {
            String first = logged.get(key);
            if (first == null) {
                params.put(key, value);
            } else if (!first.equals(value)) {
                tags.put(MlflowNames.key(REFUSED_PARAM_TAG_PREFIX + key),
                        MlflowNames.truncate(value, MlflowNames.MAX_TAG_VALUE_LENGTH, "the caller's params"));
            }
        });
        return new LogBatch(params, batch.metrics(), tags);
    }

    private void uploadFullValues(String runId, Map<String, String> fullValues) {
        Path staging = null;
        try {
            Files.createDirectories(stagingRoot);
            staging = Files.createTempDirectory(stagingRoot, "values-");
            for (Map.Entry<String, String> value : fullValues.entrySet()) {
                Path file = staging.resolve(value.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, value.getValue(), StandardCharsets.UTF_8);
                String relativeDir = staging.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), "/");
                backend.logArtifact(runId, file, RunPayload.FULL_VALUES_DIR + (relativeDir.isEmpty() ? "" : "/" + relativeDir));
            }
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot stage over-long values in " + stagingRoot + ": " + e, e);
        } finally {
            deleteTree(staging);
            deleteIfEmpty(stagingRoot);
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            // another upload may be using it; an empty staging folder is harmless
        }
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove staging folder " + root, e);
        }
    }
}
