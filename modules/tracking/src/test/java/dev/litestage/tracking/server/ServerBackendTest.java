package dev.litestage.tracking.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litestage.tracking.BackendUnavailableException;
import dev.litestage.tracking.LogBatch;
import dev.litestage.tracking.MetricPoint;
import dev.litestage.tracking.RunHandle;
import dev.litestage.tracking.RunStatus;
import dev.litestage.tracking.TrackingException;
import dev.litestage.tracking.testing.FakeMlflowServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ServerBackend} against {@link FakeMlflowServer}: the requests it sends and how it reads answers. */
class ServerBackendTest {

    @TempDir
    Path temp;
    private FakeMlflowServer server;
    private ServerBackend backend;

    @BeforeEach
    void start() throws IOException {
        server = FakeMlflowServer.start();
        backend = ServerBackend.connect(server.uri() + "/", Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        backend.close();
        server.close();
    }

    @Test
    void experimentIsLookedUpByNameThenCreatedWithItsTags() {
        assertTrue(backend.clientRetriesDisabled(), "MlflowClient's own retries are off");
        String id = backend.createOrGetExperiment("litestage qwen", Map.of("team", "probe"));
        List<FakeMlflowServer.Request> lookups = server.requests("experiments/get-by-name");
        assertEquals(1, lookups.size(), "the 404 is not retried");
        assertEquals("GET", lookups.get(0).method());
        assertTrue(lookups.get(0).query().contains("experiment_name=litestage+qwen")
                || lookups.get(0).query().contains("experiment_name=litestage%20qwen"), lookups.get(0).query());
        JsonNode create = server.requests("experiments/create").get(0).json();
        assertEquals("litestage qwen", create.get("name").asText());
        assertEquals("team", create.get("tags").get(0).get("key").asText());
        assertEquals("probe", create.get("tags").get(0).get("value").asText());

        server.clearRequests();
        assertEquals(id, backend.createOrGetExperiment("litestage qwen", Map.of("team", "other")));
        assertTrue(server.requests("experiments/create").isEmpty());
        JsonNode setTag = server.requests("experiments/set-experiment-tag").get(0).json();
        assertEquals(id, setTag.get("experiment_id").asText());
        assertEquals("other", setTag.get("value").asText());
    }

    @Test
    void runIsCreatedWithNameStartTimeAndTagsInOneRequest() {
        String exp = backend.createOrGetExperiment("e", Map.of());
        RunHandle run = backend.createRun(exp, "attn:3,5", Map.of("mlflow.parentRunId", "abc", "litestage.trialKey", "k1"), 1234L);
        JsonNode body = server.requests("runs/create").get(0).json();
        assertEquals(exp, body.get("experiment_id").asText());
        assertEquals("attn:3,5", body.get("run_name").asText());
        assertEquals(1234L, body.get("start_time").asLong());
        Map<String, String> tags = new LinkedHashMap<>();
        body.get("tags").forEach(t -> tags.put(t.get("key").asText(), t.get("value").asText()));
        assertEquals(Map.of("mlflow.parentRunId", "abc", "litestage.trialKey", "k1"), tags);
        assertTrue(run.runId().matches("[0-9a-f]{32}"));
        assertEquals("mlflow-artifacts:/" + exp + "/" + run.runId() + "/artifacts", run.artifactUri());
        assertEquals(RunStatus.RUNNING, run.status());
    }

    @Test
    void runsAreFoundByTagAndParentWithMlflowsFilterSyntax() {
        String exp = backend.createOrGetExperiment("e", Map.of());
        RunHandle parent = backend.createRun(exp, "p", Map.of("litestage.searchKey", "s"), 1L);
        RunHandle child = backend.createRun(exp, "c", Map.of("mlflow.parentRunId", parent.runId(), "litestage.trialKey", "it's"), 1L);
        backend.setStatus(child.runId(), RunStatus.FINISHED, 5L);
        server.clearRequests();

        Optional<RunHandle> found = backend.findRunByTag(exp, "litestage.trialKey", "it's", parent.runId());
        assertEquals(Optional.of(new RunHandle(child.runId(), child.artifactUri(), RunStatus.FINISHED)), found);
        JsonNode search = server.requests("runs/search").get(0).json();
        assertEquals("tags.`litestage.trialKey` = \"it's\" and tags.mlflow.parentRunId = '" + parent.runId() + "'",
                search.get("filter").asText());
        assertEquals(exp, search.get("experiment_ids").get(0).asText());
        assertEquals("ACTIVE_ONLY", search.get("run_view_type").asText());

        assertEquals(Optional.empty(), backend.findRunByTag(exp, "litestage.trialKey", "other", parent.runId()));
        assertEquals(parent.runId(), backend.findRunByTag(exp, "litestage.searchKey", "s", null).orElseThrow().runId());
        assertThrows(TrackingException.class, () -> backend.findRunByTag(exp, "k", "both ' and \"", null));
    }

    @Test
    void twoThousandFiveHundredMetricsGoInThreeBatches() {
        String exp = backend.createOrGetExperiment("e", Map.of());
        RunHandle run = backend.createRun(exp, "r", Map.of(), 1L);
        List<MetricPoint> points = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            points.add(new MetricPoint("tokens/stage" + (i % 3), i, 1000L + i, i));
        }
        backend.logBatch(run.runId(), new LogBatch(Map.of(), points, Map.of()));
        List<FakeMlflowServer.Request> batches = server.requests("runs/log-batch");
        assertEquals(List.of(1000, 1000, 500), batches.stream().map(b -> b.json().path("metrics").size()).toList());
        JsonNode first = batches.get(0).json();
        assertEquals(run.runId(), first.get("run_id").asText());
        JsonNode metric = first.get("metrics").get(7);
        assertEquals("tokens/stage1", metric.get("key").asText());
        assertEquals(7.0, metric.get("value").asDouble());
        assertEquals(1007L, metric.get("timestamp").asLong());
        assertEquals(7L, metric.get("step").asLong());
        assertEquals(2500, server.runs().get(0).metrics.size(), "the server accepted every part");
    }

    @Test
    void twoHundredFiftyParamsGoInThreeBatches() {
        String exp = backend.createOrGetExperiment("e", Map.of());
        RunHandle run = backend.createRun(exp, "r", Map.of(), 1L);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < 250; i++) {
            params.put("skip/layer" + i, Integer.toString(i % 2));
        }
        backend.logBatch(run.runId(), new LogBatch(params, List.of(), Map.of("host", "h1")));
        List<FakeMlflowServer.Request> batches = server.requests("runs/log-batch");
        assertEquals(List.of(100, 100, 50), batches.stream().map(b -> b.json().path("params").size()).toList());
        assertEquals("skip/layer0", batches.get(0).json().get("params").get(0).get("key").asText());
        assertEquals("0", batches.get(0).json().get("params").get(0).get("value").asText());
        assertEquals(params, backend.params(run.runId()));
        assertEquals("h1", server.runs().get(0).tags.get("host"));
    }

    @Test
    void artifactsArePutOverPlainHttpWithTheirPathAndBytes() throws IOException {
        String exp = backend.createOrGetExperiment("e", Map.of());
        RunHandle run = backend.createRun(exp, "r", Map.of(), 1L);
        Path out = Files.createDirectories(temp.resolve("out"));
        byte[] csv = "trial,acc\n1,0.5\n".getBytes(StandardCharsets.UTF_8);
        Files.write(out.resolve("trials.csv"), csv);
        Files.createDirectories(out.resolve("plots"));
        Files.writeString(out.resolve("plots/pareto front.svg"), "<svg/>");
        backend.logArtifact(run.runId(), out.resolve("trials.csv"), "");
        backend.logArtifact(run.runId(), out.resolve("plots"), "report");

        List<FakeMlflowServer.Request> puts = server.requests().stream().filter(r -> r.method().equals("PUT")).toList();
        String base = "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + run.runId() + "/artifacts/";
        assertEquals(List.of(base + "trials.csv", base + "report/plots/pareto%20front.svg"), puts.stream().map(FakeMlflowServer.Request::path).toList());
        assertArrayEquals(csv, puts.get(0).bytes());
        assertArrayEquals("<svg/>".getBytes(StandardCharsets.UTF_8),
                server.artifacts().get(exp + "/" + run.runId() + "/artifacts/report/plots/pareto front.svg"));
    }

    @Test
    void artifactUrlsFollowTheArtifactUri() {
        ArtifactUploader uploader = new ArtifactUploader(URI.create("http://127.0.0.1:5000/prefix"), Duration.ofSeconds(1));
        assertEquals(URI.create("http://127.0.0.1:5000/prefix/api/2.0/mlflow-artifacts/artifacts/3/ab/artifacts/x/y.csv"),
                uploader.urlOf("mlflow-artifacts:/3/ab/artifacts", "x/y.csv"));
        assertEquals(URI.create("http://127.0.0.2:6000/api/2.0/mlflow-artifacts/artifacts/3/ab/artifacts/y.csv"),
                uploader.urlOf("mlflow-artifacts://127.0.0.2:6000/3/ab/artifacts", "y.csv"));
    }

    @Test
    void artifactsOutsideMlflowArtifactsNeedPythonAndSaySo() throws IOException {
        server.setArtifactRoot("s3://bucket/mlflow");
        String exp = backend.createOrGetExperiment("e", Map.of());
        RunHandle run = backend.createRun(exp, "r", Map.of(), 1L);
        Path file = Files.writeString(temp.resolve("a.txt"), "a");
        TrackingException e = assertThrows(TrackingException.class, () -> backend.logArtifact(run.runId(), file, ""));
        assertFalse(e instanceof BackendUnavailableException, "retrying cannot help");
        assertTrue(e.getMessage().contains("s3://bucket/mlflow") && e.getMessage().contains("Python")
                && e.getMessage().contains("MLFLOW_PYTHON_EXECUTABLE") && e.getMessage().contains("--serve-artifacts"), e.getMessage());
    }

    @Test
    void statusUpdatesSendMlflowsStatusNames() {
        String exp = backend.createOrGetExperiment("e", Map.of());
        RunHandle run = backend.createRun(exp, "r", Map.of(), 1L);
        backend.setStatus(run.runId(), RunStatus.FINISHED, 99L);
        JsonNode finished = server.requests("runs/update").get(0).json();
        assertEquals("FINISHED", finished.get("status").asText());
        assertEquals(99L, finished.get("end_time").asLong());
        backend.setStatus(run.runId(), RunStatus.RUNNING, 0L);
        JsonNode resumed = server.requests("runs/update").get(1).json();
        assertEquals("RUNNING", resumed.get("status").asText());
        assertFalse(resumed.has("end_time"));
        assertEquals("RUNNING", server.runs().get(0).status);
    }

    @Test
    void failuresAreSortedIntoRetryableAndRefused() {
        String exp = backend.createOrGetExperiment("e", Map.of());
        RunHandle run = backend.createRun(exp, "r", Map.of(), 1L);
        backend.logBatch(run.runId(), new LogBatch(Map.of("seed", "1"), List.of(), Map.of()));
        TrackingException refused = assertThrows(TrackingException.class,
                () -> backend.logBatch(run.runId(), new LogBatch(Map.of("seed", "2"), List.of(), Map.of())));
        assertFalse(refused instanceof BackendUnavailableException);
        assertTrue(refused.getMessage().contains("HTTP 400") && refused.getMessage().contains("INVALID_PARAMETER_VALUE")
                || refused.getMessage().contains("Changing param values"), refused.getMessage());

        server.setFailing(true);
        server.clearRequests();
        assertThrows(BackendUnavailableException.class, () -> backend.createRun(exp, "r2", Map.of(), 1L));
        assertEquals(1, server.requests().size(), "one attempt, no client retries");
        server.setFailing(false);

        server.stopListening();
        BackendUnavailableException refusedConnection = assertThrows(BackendUnavailableException.class,
                () -> backend.params(run.runId()));
        assertTrue(refusedConnection.getMessage().contains("runs/get"), refusedConnection.getMessage());
    }

    @Test
    void aSlowServerCountsAsUnavailableAfterTheTimeout() {
        try (ServerBackend impatient = ServerBackend.connect(server.uri(), Duration.ofMillis(300))) {
            server.setDelayMs(3000);
            long start = System.nanoTime();
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> impatient.createOrGetExperiment("e", Map.of()));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs < 2000, "gave up after " + tookMs + " ms");
            assertTrue(e.getMessage().contains("no answer within 300 ms"), e.getMessage());
        } finally {
            server.setDelayMs(0);
        }
    }

    @Test
    void onlyHttpUrlsAreAccepted() {
        assertThrows(IllegalArgumentException.class, () -> ServerBackend.connect("file:///tmp/x", Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> ServerBackend.connect("http://", Duration.ofSeconds(1)));
    }
}
