package dev.litestage.tracking;

import dev.litestage.tracking.connect.Trackers;
import dev.litestage.tracking.testing.FakeMlflowServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole search tracked on {@link FakeMlflowServer}, healthy and failing. */
class SearchTrackerServerTest {

    private static final String EXPERIMENT = "litestage-qwen2.5-0.5b-obqa";

    @TempDir
    Path temp;
    private FakeMlflowServer server;
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        server = FakeMlflowServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SearchTracker open(Duration backoff) {
        TrackerSettings settings = TrackerSettings.defaults().withRequestTimeout(Duration.ofSeconds(5))
                .withBackoff(backoff, backoff.multipliedBy(4)).withWarnings(warnings::add);
        return Trackers.open(TrackingUri.parse(server.uri(), TrackingUri.Origin.COMMAND_LINE), temp.resolve("out"), settings);
    }

    private static void start(SearchTracker tracker) {
        tracker.startSearch(EXPERIMENT, "search-1", "nsga2 budget 0.4",
                Map.of("strategy", "jenetics-nsga2", "budget/stage1", "0.4", "seed", "7"),
                Map.of("git.commit", "3d4ad58", "host", "test-host"));
    }

    @Test
    void aSearchBecomesOneParentWithNestedChildRunsAndArtifacts() throws IOException {
        Path out = Files.createDirectories(temp.resolve("results"));
        Files.writeString(out.resolve("trials.csv"), "trial,accuracy\n0,0.5\n");
        Files.writeString(out.resolve("profile.json"), "{}");
        Files.createDirectories(out.resolve("plots"));
        Files.writeString(out.resolve("plots/pareto.svg"), "<svg/>");
        try (SearchTracker tracker = open(Duration.ofSeconds(15))) {
            assertEquals("MLflow tracking server " + server.uri() + " (from --tracking-uri)", tracker.trackingUriDescription());
            start(tracker);
            for (int i = 0; i < 3; i++) {
                tracker.logTrial(Trials.trial(i));
            }
            tracker.logSearchMetrics(Map.of("best_accuracy", 0.52, "trials", 3.0));
            tracker.logArtifacts(List.of(out.resolve("trials.csv"), out.resolve("profile.json"), out.resolve("plots")));
            tracker.finishSearch(true);
            assertEquals(0, tracker.pendingCount());

            String parentId = tracker.parentRunId().orElseThrow();
            assertEquals(1, server.experiments().size());
            assertEquals(EXPERIMENT, server.experiments().values().iterator().next().get("name").asText());
            FakeMlflowServer.Run parent = run(parentId);
            assertEquals("nsga2 budget 0.4", parent.runName);
            assertEquals("search-1", parent.tags.get("litestage.searchKey"));
            assertEquals("jenetics-nsga2", parent.params.get("strategy"));
            assertEquals("3d4ad58", parent.tags.get("git.commit"));
            assertEquals("FINISHED", parent.status);
            assertEquals(Set.of("best_accuracy", "trials"), parent.metrics.stream().map(m -> m.get("key").asText()).collect(Collectors.toSet()));

            List<FakeMlflowServer.Run> children = server.childRunsOf(parentId);
            assertEquals(List.of("attn:0 mlp:1", "attn:1 mlp:2", "attn:2 mlp:3"), children.stream().map(r -> r.runName).toList());
            FakeMlflowServer.Run child = children.get(1);
            assertEquals("trial-1", child.tags.get("litestage.trialKey"));
            assertEquals(Trials.trial(1).params(), child.params);
            assertEquals("test-host", child.tags.get("host"));
            assertEquals("FINISHED", child.status);
            assertEquals(0.51, child.metrics.stream().filter(m -> m.get("key").asText().equals("accuracy")).findFirst().orElseThrow()
                    .get("value").asDouble(), 1e-12);
            assertEquals(6, child.metrics.size());

            String base = parent.experimentId + "/" + parentId + "/artifacts/";
            assertEquals(Set.of(base + "trials.csv", base + "profile.json", base + "plots/pareto.svg"), server.artifacts().keySet());
        }
        assertTrue(warnings.isEmpty(), warnings.toString());
        assertFalse(Files.exists(temp.resolve("out").resolve(OutboxJournal.FILE_NAME)), "nothing left in the outbox");
    }

    @Test
    void aServerFailingForPartOfTheSearchLosesNoTrialAndWarnsOnce() throws IOException {
        try (SearchTracker tracker = open(Duration.ZERO)) {
            start(tracker);
            tracker.logTrial(Trials.trial(0));
            tracker.logTrial(Trials.trial(1));
            server.setFailing(true);
            for (int i = 2; i < 7; i++) {
                tracker.logTrial(Trials.trial(i));
            }
            assertEquals(5, tracker.pendingCount());
            assertTrue(Files.size(tracker.outboxFile()) > 0);
            server.setFailing(false);
            tracker.logTrial(Trials.trial(7));
            assertEquals(0, tracker.pendingCount());
            assertEquals(0, Files.size(tracker.outboxFile()), "outbox emptied after the replay");
            assertEachTrialLoggedOnce(tracker.parentRunId().orElseThrow(), 8);
            tracker.finishSearch(true);
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("is not available") && warnings.get(0).contains(OutboxJournal.FILE_NAME), warnings.get(0));
    }

    @Test
    void aServerRefusingConnectionsLosesNoTrial() throws IOException {
        try (SearchTracker tracker = open(Duration.ZERO)) {
            server.stopListening();
            start(tracker);
            for (int i = 0; i < 4; i++) {
                tracker.logTrial(Trials.trial(i));
            }
            assertEquals(5, tracker.pendingCount(), "start and four trials queued");
            assertTrue(tracker.parentRunId().isEmpty());
            server.resumeListening();
            tracker.replayPending();
            assertEquals(0, tracker.pendingCount());
            assertEachTrialLoggedOnce(tracker.parentRunId().orElseThrow(), 4);
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("Connect") || warnings.get(0).contains("onnect"), warnings.get(0));
    }

    @Test
    void duringTheBackoffNoCallReachesTheServer() {
        try (SearchTracker tracker = open(Duration.ofHours(1))) {
            start(tracker);
            server.setFailing(true);
            server.clearRequests();
            tracker.logTrial(Trials.trial(0));
            int afterFirstFailure = server.requests().size();
            assertEquals(1, afterFirstFailure, "one request, not retried by the client");
            for (int i = 1; i < 20; i++) {
                tracker.logTrial(Trials.trial(i));
            }
            assertEquals(afterFirstFailure, server.requests().size(), "queued straight to the outbox");
            assertEquals(20, tracker.pendingCount());
            server.setFailing(false);
            tracker.replayPending();
            assertEquals(0, tracker.pendingCount());
            assertEachTrialLoggedOnce(tracker.parentRunId().orElseThrow(), 20);
        }
        assertEquals(1, warnings.size(), warnings.toString());
    }

    @Test
    void aSlowServerDoesNotStallTheSearch() throws InterruptedException {
        // a fresh JVM loads the client's classes on first use, which alone can take longer than 200 ms
        try (SearchTracker warmUp = open(Duration.ZERO)) {
            warmUp.startSearch("warm-up", "warm-up", "warm-up", Map.of("p", "1"), Map.of());
            warmUp.logTrial(Trials.trial(99));
            warmUp.finishSearch(true);
        }
        TrackerSettings settings = TrackerSettings.defaults().withRequestTimeout(Duration.ofMillis(200))
                .withBackoff(Duration.ofHours(1), Duration.ofHours(1)).withWarnings(warnings::add);
        try (SearchTracker tracker = Trackers.open(TrackingUri.parse(server.uri(), TrackingUri.Origin.ENVIRONMENT),
                temp.resolve("out"), settings)) {
            start(tracker);
            assertEquals(0, tracker.pendingCount());
            server.setDelayMs(1500);
            long begin = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                tracker.logTrial(Trials.trial(i));
            }
            long tookMs = (System.nanoTime() - begin) / 1_000_000;
            assertTrue(tookMs < 1200, "ten trials took " + tookMs + " ms against a server answering after 1.5 s");
            assertEquals(10, tracker.pendingCount());
            server.setDelayMs(0);
            Thread.sleep(1600); // let the abandoned request finish on the server side
            tracker.replayPending();
            assertEquals(0, tracker.pendingCount());
            assertEachTrialLoggedOnce(tracker.parentRunId().orElseThrow(), 10);
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("no answer within 200 ms"), warnings.get(0));
        assertEquals(2, server.runs().stream().filter(r -> r.tags.containsKey("litestage.searchKey")).count(), "warm-up and search");
    }

    @Test
    void aLostAnswerToRunCreationDoesNotDuplicateTheTrial() {
        try (SearchTracker tracker = open(Duration.ZERO)) {
            start(tracker);
            server.loseCreateRunAnswers(1);
            tracker.logTrial(Trials.trial(0));
            assertEquals(1, tracker.pendingCount());
            assertEquals(1, server.childRunsOf(tracker.parentRunId().orElseThrow()).size(), "the server made the run");
            tracker.replayPending();
            assertEquals(0, tracker.pendingCount());
            assertEachTrialLoggedOnce(tracker.parentRunId().orElseThrow(), 1);
            FakeMlflowServer.Run child = server.childRunsOf(tracker.parentRunId().orElseThrow()).get(0);
            assertEquals("FINISHED", child.status);
            assertEquals(Trials.trial(0).params(), child.params, "the half-made run was completed");
        }
    }

    @Test
    void aRestartedTrackerReplaysTheOutboxAndAResumedSearchCreatesNoDuplicates() {
        try (SearchTracker first = open(Duration.ofHours(1))) {
            start(first);
            first.logTrial(Trials.trial(0));
            first.logTrial(Trials.trial(1));
            server.setFailing(true);
            for (int i = 2; i < 5; i++) {
                first.logTrial(Trials.trial(i));
            }
        } // closing marks the search KILLED, which is queued too
        assertEquals(2, warnings.size(), "unavailable, then 'still queued' at close: " + warnings);
        assertTrue(warnings.get(1).contains("4 tracking operation(s)") && warnings.get(1).contains("still queued"), warnings.get(1));
        server.setFailing(false);

        String parentId;
        try (SearchTracker second = open(Duration.ofHours(1))) {
            assertEquals(0, second.pendingCount(), "replayed when opened");
            assertEquals(1, server.runs().stream().filter(r -> r.tags.containsKey("litestage.searchKey")).count());
            parentId = server.runs().stream().filter(r -> r.tags.containsKey("litestage.searchKey")).findFirst().orElseThrow().runId;
            assertEquals("KILLED", run(parentId).status);
            assertEachTrialLoggedOnce(parentId, 5);

            // the search resumes: the same trials are reported again, and one more
            start(second);
            assertEquals(parentId, second.parentRunId().orElseThrow(), "the parent run is reused");
            assertEquals("RUNNING", run(parentId).status);
            for (int i = 0; i < 6; i++) {
                second.logTrial(Trials.trial(i));
            }
            second.finishSearch(true);
        }
        assertEachTrialLoggedOnce(parentId, 6);
        assertEquals("FINISHED", run(parentId).status);
        assertEquals(1, server.runs().stream().filter(r -> r.tags.containsKey("litestage.searchKey")).count());
        assertEquals(2, warnings.size(), warnings.toString());
    }

    @Test
    void aResumedSearchWithAChangedParamKeepsTheFirstValueAndRecordsTheOther() {
        try (SearchTracker tracker = open(Duration.ofSeconds(15))) {
            start(tracker);
            tracker.startSearch(EXPERIMENT, "search-1", "nsga2 budget 0.4", Map.of("seed", "8", "strategy", "jenetics-nsga2"), Map.of());
            assertEquals(0, tracker.pendingCount(), "not refused");
            FakeMlflowServer.Run parent = run(tracker.parentRunId().orElseThrow());
            assertEquals("7", parent.params.get("seed"));
            assertEquals("8", parent.tags.get("litestage.refusedParam.seed"));
        }
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void artifactsTheServerCannotTakeAreSetAsideAndTheSearchGoesOn() throws IOException {
        server.setArtifactRoot("s3://bucket/mlruns");
        Path file = Files.writeString(temp.resolve("trials.csv"), "trial\n");
        try (SearchTracker tracker = open(Duration.ZERO)) {
            start(tracker);
            tracker.logArtifacts(List.of(file));
            tracker.logTrial(Trials.trial(0));
            tracker.finishSearch(true);
            assertEquals(0, tracker.pendingCount());
            assertEachTrialLoggedOnce(tracker.parentRunId().orElseThrow(), 1);
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("refused") && warnings.get(0).contains("MLFLOW_PYTHON_EXECUTABLE"), warnings.get(0));
        String rejected = Files.readString(temp.resolve("out").resolve(OutboxJournal.REJECTED_FILE_NAME));
        assertTrue(rejected.contains("logArtifacts") && rejected.contains("trials.csv"), rejected);
    }

    @Test
    void sanitisedValuesReachTheServerWithoutA400() {
        TrialRecord odd = new TrialRecord("odd", "odd one",
                Map.of("skip:mask", "x".repeat(7000)), Map.of("accuracy", Double.NaN, "speedup", 1.5), Map.of());
        try (SearchTracker tracker = open(Duration.ZERO)) {
            start(tracker);
            tracker.logTrial(odd);
            assertEquals(0, tracker.pendingCount());
            FakeMlflowServer.Run child = server.childRunsOf(tracker.parentRunId().orElseThrow()).get(0);
            assertEquals(6000, child.params.get("skip_mask").length());
            assertEquals("accuracy=NaN", child.tags.get("litestage.nonFiniteMetrics"));
            assertEquals("skip:mask -> skip_mask", child.tags.get("litestage.renamedKeys"));
            assertEquals(1, child.metrics.size());
            String fullValue = child.experimentId + "/" + child.runId + "/artifacts/litestage/truncated-values/params/skip_mask.txt";
            assertEquals("x".repeat(7000), new String(server.artifacts().get(fullValue)));
        }
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    private FakeMlflowServer.Run run(String runId) {
        return server.runs().stream().filter(r -> r.runId.equals(runId)).findFirst().orElseThrow();
    }

    /** Exactly one FINISHED child run per trial key trial-0 .. trial-(n-1), and no other child. */
    private void assertEachTrialLoggedOnce(String parentId, int n) {
        Map<String, Long> perKey = new TreeMap<>(server.childRunsOf(parentId).stream()
                .collect(Collectors.groupingBy(r -> r.tags.get("litestage.trialKey"), Collectors.counting())));
        Set<String> expected = IntStream.range(0, n).mapToObj(i -> "trial-" + i).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, perKey.keySet());
        perKey.forEach((key, count) -> assertEquals(1L, count, key + " logged " + count + " times"));
        server.childRunsOf(parentId).forEach(r -> assertEquals("FINISHED", r.status, r.runName));
    }
}
