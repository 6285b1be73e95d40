package dev.litestage.tracking;

import dev.litestage.tracking.connect.Trackers;
import dev.litestage.tracking.filestore.FileStoreBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole search tracked into the default local file store. */
class SearchTrackerFileStoreTest {

    @TempDir
    Path temp;
    private final List<String> warnings = new ArrayList<>();

    private TrackerSettings settings() {
        return TrackerSettings.defaults().withWarnings(warnings::add);
    }

    @Test
    void withoutAnyTrackingUriTheSearchLandsInTheLocalFileStore() throws IOException {
        Path mlruns = temp.resolve("mlruns");
        TrackingUri uri = TrackingUri.resolve(null, null, Map.of(), mlruns);
        Path results = Files.createDirectories(temp.resolve("results"));
        Files.writeString(results.resolve("pareto.csv"), "trial,accuracy,speedup\n");
        Files.createDirectories(results.resolve("plots"));
        Files.writeString(results.resolve("plots/importance.svg"), "<svg/>");
        String parentId;
        try (SearchTracker tracker = Trackers.open(uri, results, settings())) {
            assertEquals("MLflow file store " + mlruns.toAbsolutePath() + " (default)", tracker.trackingUriDescription());
            tracker.startSearch("litestage-obqa", "search-1", "nsga2", Map.of("strategy", "nsga2"), Map.of("host", "h"));
            for (int i = 0; i < 3; i++) {
                tracker.logTrial(Trials.trial(i));
            }
            tracker.logSearchMetrics(Map.of("best_accuracy", 0.52));
            tracker.logArtifacts(List.of(results.resolve("pareto.csv"), results.resolve("plots")));
            tracker.finishSearch(true);
            assertEquals(0, tracker.pendingCount());
            parentId = tracker.parentRunId().orElseThrow();
        }
        assertTrue(warnings.isEmpty(), warnings.toString());
        assertFalse(Files.exists(results.resolve(OutboxJournal.FILE_NAME)), "outbox removed once empty");

        Path expDir = experimentDir(mlruns, "litestage-obqa");
        Path parent = expDir.resolve(parentId);
        assertTrue(read(parent.resolve("meta.yaml")).contains("status: 3\n"));
        assertEquals("search-1", read(parent.resolve("tags/litestage.searchKey")));
        assertEquals("nsga2", read(parent.resolve("params/strategy")));
        assertTrue(read(parent.resolve("metrics/best_accuracy")).matches("\\d+ 0\\.52 0\\n"));
        assertEquals("trial,accuracy,speedup\n", read(parent.resolve("artifacts/pareto.csv")));
        assertEquals("<svg/>", read(parent.resolve("artifacts/plots/importance.svg")));

        List<Path> children = childRuns(expDir, parentId);
        assertEquals(3, children.size());
        for (Path child : children) {
            String key = read(child.resolve("tags/litestage.trialKey"));
            TrialRecord trial = Trials.trial(Integer.parseInt(key.substring("trial-".length())));
            assertEquals(trial.runName(), read(child.resolve("tags/mlflow.runName")));
            assertEquals(trial.params().get("skip/stage1"), read(child.resolve("params/skip/stage1")));
            assertTrue(read(child.resolve("metrics/latency/total_ms")).endsWith(" " + trial.metrics().get("latency/total_ms") + " 0\n"));
            assertTrue(read(child.resolve("meta.yaml")).contains("status: 3\n"));
        }
    }

    @Test
    void aResumedSearchReusesItsRunsAndAddsOnlyNewTrials() {
        Path mlruns = temp.resolve("mlruns");
        TrackingUri uri = TrackingUri.fileStore(mlruns, TrackingUri.Origin.COMMAND_LINE);
        String parentId;
        try (SearchTracker tracker = Trackers.open(uri, temp.resolve("out"), settings())) {
            tracker.startSearch("e", "search-1", "s", Map.of("seed", "7"), Map.of());
            tracker.logTrial(Trials.trial(0));
            tracker.logTrial(Trials.trial(1));
            parentId = tracker.parentRunId().orElseThrow();
        } // interrupted: KILLED
        Path expDir = experimentDir(mlruns, "e");
        assertTrue(read(expDir.resolve(parentId).resolve("meta.yaml")).contains("status: 5\n"));
        try (SearchTracker tracker = Trackers.open(uri, temp.resolve("out"), settings())) {
            tracker.startSearch("e", "search-1", "s", Map.of("seed", "8"), Map.of());
            assertEquals(Optional.of(parentId), tracker.parentRunId());
            String resumed = read(expDir.resolve(parentId).resolve("meta.yaml"));
            assertTrue(resumed.contains("status: 1\n") && resumed.contains("end_time: null\n"), "running again: " + resumed);
            for (int i = 0; i < 3; i++) {
                tracker.logTrial(Trials.trial(i));
            }
            tracker.finishSearch(true);
        }
        assertEquals(3, childRuns(expDir, parentId).size());
        assertEquals("7", read(expDir.resolve(parentId).resolve("params/seed")), "params never change");
        assertEquals("8", read(expDir.resolve(parentId).resolve("tags/litestage.refusedParam.seed")));
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void workQueuedWhileTheStoreFailedIsReplayedByTheNextTracker() throws IOException {
        Path mlruns = temp.resolve("mlruns");
        FlakyBackend flaky = new FlakyBackend(FileStoreBackend.open(mlruns));
        TrackerSettings settings = settings().withBackoff(Duration.ZERO, Duration.ZERO);
        try (SearchTracker tracker = SearchTracker.open(flaky, "flaky store", temp.resolve("out"), settings)) {
            tracker.startSearch("e", "search-1", "s", Map.of(), Map.of());
            tracker.logTrial(Trials.trial(0));
            flaky.down = true;
            tracker.logTrial(Trials.trial(1));
            tracker.logTrial(Trials.trial(2));
            assertEquals(2, tracker.pendingCount());
            assertEquals(1, warnings.size(), warnings.toString());
        }
        assertEquals(2, warnings.size(), "the close reports what is left: " + warnings);
        assertTrue(Files.size(temp.resolve("out").resolve(OutboxJournal.FILE_NAME)) > 0);

        try (SearchTracker tracker = Trackers.open(TrackingUri.fileStore(mlruns, TrackingUri.Origin.ENVIRONMENT),
                temp.resolve("out"), settings)) {
            assertEquals(0, tracker.pendingCount());
        }
        Path expDir = experimentDir(mlruns, "e");
        String parentId = FileStoreBackend.open(mlruns).findRunByTag(expDir.getFileName().toString(),
                "litestage.searchKey", "search-1", null).orElseThrow().runId();
        List<String> keys = childRuns(expDir, parentId).stream().map(c -> read(c.resolve("tags/litestage.trialKey"))).sorted().toList();
        assertEquals(List.of("trial-0", "trial-1", "trial-2"), keys);
        assertTrue(read(expDir.resolve(parentId).resolve("meta.yaml")).contains("status: 5\n"), "the interrupted search ends KILLED");
    }

    @Test
    void callerErrorsAreReportedAtOnce() {
        try (SearchTracker tracker = Trackers.open(TrackingUri.fileStore(temp.resolve("m"), TrackingUri.Origin.DEFAULT),
                temp.resolve("out"), settings())) {
            IllegalStateException noSearch = assertThrows(IllegalStateException.class, () -> tracker.logTrial(Trials.trial(0)));
            assertTrue(noSearch.getMessage().contains("startSearch"), noSearch.getMessage());
            assertThrows(IllegalArgumentException.class, () -> tracker.startSearch("e", "it's", "s", Map.of(), Map.of()));
            assertThrows(IllegalArgumentException.class, () -> new TrialRecord("k", "r", Map.of(), Map.of(), Collections.singletonMap("t", null)));
            IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                    () -> new TrialRecord("k", "r", Map.of(), Map.of(), Map.of("mlflow.parentRunId", "x")));
            assertTrue(reserved.getMessage().contains("'mlflow.parentRunId' is set by the tracker"), reserved.getMessage());
            assertThrows(IllegalStateException.class, () -> Trackers.open(TrackingUri.fileStore(temp.resolve("m"),
                    TrackingUri.Origin.DEFAULT), temp.resolve("out"), settings()), "one tracker per outbox");
        }
    }

    @Test
    void startingAnotherSearchEndsTheUnfinishedOneAsKilled() {
        Path mlruns = temp.resolve("mlruns");
        String first;
        String second;
        try (SearchTracker tracker = Trackers.open(TrackingUri.fileStore(mlruns, TrackingUri.Origin.DEFAULT),
                temp.resolve("out"), settings())) {
            tracker.startSearch("e", "search-1", "one", Map.of(), Map.of());
            first = tracker.parentRunId().orElseThrow();
            tracker.startSearch("e", "search-2", "two", Map.of(), Map.of());
            second = tracker.parentRunId().orElseThrow();
            tracker.finishSearch(false);
        }
        Path expDir = experimentDir(mlruns, "e");
        assertTrue(read(expDir.resolve(first).resolve("meta.yaml")).contains("status: 5\n"), "KILLED");
        assertTrue(read(expDir.resolve(second).resolve("meta.yaml")).contains("status: 4\n"), "FAILED");
    }

    /** Delegates to a real back end, or fails as an unreachable one would. */
    private static final class FlakyBackend implements TrackingBackend {
        private final TrackingBackend real;
        volatile boolean down;

        FlakyBackend(TrackingBackend real) {
            this.real = real;
        }

        private void check() {
            if (down) {
                throw new BackendUnavailableException("store offline (test)");
            }
        }

        @Override
        public String createOrGetExperiment(String name, Map<String, String> tags) {
            check();
            return real.createOrGetExperiment(name, tags);
        }

        @Override
        public RunHandle createRun(String experimentId, String runName, Map<String, String> tags, long startTimeMs) {
            check();
            return real.createRun(experimentId, runName, tags, startTimeMs);
        }

        @Override
        public Optional<RunHandle> findRunByTag(String experimentId, String tagKey, String tagValue, String parentRunId) {
            check();
            return real.findRunByTag(experimentId, tagKey, tagValue, parentRunId);
        }

        @Override
        public Map<String, String> params(String runId) {
            check();
            return real.params(runId);
        }

        @Override
        public void logBatch(String runId, LogBatch batch) {
            check();
            real.logBatch(runId, batch);
        }

        @Override
        public void logArtifact(String runId, Path fileOrDirectory, String artifactDir) {
            check();
            real.logArtifact(runId, fileOrDirectory, artifactDir);
        }

        @Override
        public void setStatus(String runId, RunStatus status, long endTimeMs) {
            check();
            real.setStatus(runId, status, endTimeMs);
        }

        @Override
        public String description() {
            return "flaky " + real.description();
        }
    }

    private static Path experimentDir(Path mlruns, String name) {
        try (Stream<Path> dirs = Files.list(mlruns)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("meta.yaml")) && read(d.resolve("meta.yaml")).contains("\nname: " + name + "\n"))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> childRuns(Path expDir, String parentId) {
        try (Stream<Path> dirs = Files.list(expDir)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("tags/mlflow.parentRunId"))
                    && read(d.resolve("tags/mlflow.parentRunId")).equals(parentId)).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
