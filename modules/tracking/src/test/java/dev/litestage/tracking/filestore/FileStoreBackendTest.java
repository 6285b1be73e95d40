package dev.litestage.tracking.filestore;

import dev.litestage.tracking.LogBatch;
import dev.litestage.tracking.MetricPoint;
import dev.litestage.tracking.RunHandle;
import dev.litestage.tracking.RunStatus;
import dev.litestage.tracking.TrackingException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The file-store layout, asserted without the example store (see {@link FileStoreExampleLayoutTest}). */
class FileStoreBackendTest {

    private static final long NOW = 1_795_971_962_491L;

    @TempDir
    Path root;
    private FileStoreBackend store;

    @BeforeEach
    void open() {
        store = FileStoreBackend.open(root.resolve("mlruns"), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    }

    @Test
    void defaultExperimentIsCreated() throws IOException {
        Path mlruns = store.root();
        assertEquals("artifact_location: file://" + mlruns + "/0\n"
                        + "creation_time: " + NOW + "\n"
                        + "experiment_id: '0'\n"
                        + "last_update_time: " + NOW + "\n"
                        + "lifecycle_stage: active\n"
                        + "name: Default\n",
                read(mlruns.resolve("0/meta.yaml")));
    }

    @Test
    void experimentHasARandomEighteenDigitIdMetaAndTags() throws IOException {
        String id = store.createOrGetExperiment("litestage-qwen", Map.of("team", "probe"));
        assertTrue(id.matches("[1-9][0-9]{17}"), id);
        Path dir = store.root().resolve(id);
        List<String> lines = read(dir.resolve("meta.yaml")).lines().toList();
        assertEquals(List.of("artifact_location", "creation_time", "experiment_id", "last_update_time", "lifecycle_stage", "name"),
                lines.stream().map(l -> l.substring(0, l.indexOf(':'))).toList());
        assertEquals("artifact_location: file://" + dir, lines.get(0));
        assertEquals("experiment_id: '" + id + "'", lines.get(2));
        assertEquals("name: litestage-qwen", lines.get(5));
        assertEquals("probe", read(dir.resolve("tags/team")), "tag file holds the raw value, no newline");

        assertEquals(id, store.createOrGetExperiment("litestage-qwen", Map.of("team", "other")), "found again by name");
        assertEquals("other", read(dir.resolve("tags/team")));
        assertTrue(!id.equals(store.createOrGetExperiment("another", Map.of())));
    }

    @Test
    void runMetaYamlHasEveryFieldInMlflowsOrder() throws IOException {
        String exp = store.createOrGetExperiment("e", Map.of());
        RunHandle run = store.createRun(exp, "parent", Map.of("litestage.searchKey", "s1"), 1234L);
        assertTrue(run.runId().matches("[0-9a-f]{32}"), run.runId());
        assertTrue(run.runId().matches("^[a-zA-Z0-9][\\w\\-]{0,255}$"), "MLflow's run id rule");
        Path runDir = store.root().resolve(exp).resolve(run.runId());
        String uri = "file://" + runDir + "/artifacts";
        assertEquals(uri, run.artifactUri());
        String runIdText = MetaYaml.scalar(run.runId());
        assertEquals("artifact_uri: " + uri + "\n"
                        + "end_time: null\n"
                        + "entry_point_name: ''\n"
                        + "experiment_id: '" + exp + "'\n"
                        + "lifecycle_stage: active\n"
                        + "run_id: " + runIdText + "\n"
                        + "run_name: parent\n"
                        + "run_uuid: " + runIdText + "\n"
                        + "source_name: ''\n"
                        + "source_type: 4\n"
                        + "source_version: ''\n"
                        + "start_time: 1234\n"
                        + "status: 1\n"
                        + "tags: []\n"
                        + "user_id: " + MetaYaml.scalar(System.getProperty("user.name")) + "\n",
                read(runDir.resolve("meta.yaml")));
        assertEquals("parent", read(runDir.resolve("tags/mlflow.runName")));
        assertEquals("s1", read(runDir.resolve("tags/litestage.searchKey")));
    }

    @Test
    void metricsParamsAndTagsUseMlflowsFileFormats() throws IOException {
        String exp = store.createOrGetExperiment("e", Map.of());
        RunHandle parent = store.createRun(exp, "parent", Map.of(), NOW);
        RunHandle child = store.createRun(exp, "child-0", Map.of("mlflow.parentRunId", parent.runId()), NOW);
        store.logBatch(child.runId(), new LogBatch(
                Map.of("lr", "0.01", "skip/stage1", "attn:3,5"),
                List.of(new MetricPoint("loss", 1.0, 100L, 0), new MetricPoint("loss", 0.5, 101L, 1),
                        new MetricPoint("loss", 1.0 / 3, 102L, 2), new MetricPoint("val/acc", 0.9, 100L, 0)),
                Map.of("fold", "0")));
        Path runDir = store.root().resolve(exp).resolve(child.runId());
        assertEquals("100 1.0 0\n101 0.5 1\n102 0.3333333333333333 2\n", read(runDir.resolve("metrics/loss")));
        assertEquals("100 0.9 0\n", read(runDir.resolve("metrics/val/acc")), "a '/' in a key makes a sub-folder");
        assertEquals("0.01", read(runDir.resolve("params/lr")));
        assertEquals("attn:3,5", read(runDir.resolve("params/skip/stage1")));
        assertEquals("0", read(runDir.resolve("tags/fold")));
        assertEquals(parent.runId(), read(runDir.resolve("tags/mlflow.parentRunId")), "nesting tag");
        assertEquals(Map.of("lr", "0.01", "skip/stage1", "attn:3,5"), store.params(child.runId()));
    }

    @Test
    void replayedMetricPointsAreNotDuplicatedAndParamsNeverChange() throws IOException {
        String exp = store.createOrGetExperiment("e", Map.of());
        RunHandle run = store.createRun(exp, "r", Map.of(), NOW);
        LogBatch batch = new LogBatch(Map.of("seed", "7"), List.of(new MetricPoint("acc", 0.5, 10L, 0)), Map.of());
        store.logBatch(run.runId(), batch);
        store.logBatch(run.runId(), batch);
        Path runDir = store.root().resolve(exp).resolve(run.runId());
        assertEquals("10 0.5 0\n", read(runDir.resolve("metrics/acc")));
        TrackingException e = assertThrows(TrackingException.class, () -> store.logBatch(run.runId(),
                new LogBatch(Map.of("seed", "8"), List.of(), Map.of())));
        assertTrue(e.getMessage().contains("param 'seed'"), e.getMessage());
        assertEquals("7", read(runDir.resolve("params/seed")));
    }

    @Test
    void statusChangesRewriteOnlyStatusAndEndTime() throws IOException {
        String exp = store.createOrGetExperiment("e", Map.of());
        RunHandle run = store.createRun(exp, "r", Map.of(), NOW);
        Path meta = store.root().resolve(exp).resolve(run.runId()).resolve("meta.yaml");
        String running = read(meta);
        store.setStatus(run.runId(), RunStatus.FINISHED, NOW + 42);
        assertEquals(running.replace("end_time: null", "end_time: " + (NOW + 42)).replace("status: 1", "status: 3"), read(meta));
        store.setStatus(run.runId(), RunStatus.RUNNING, 0);
        assertEquals(running, read(meta), "a resumed run is running again, without end time");
        store.setStatus(run.runId(), RunStatus.FAILED, NOW);
        assertTrue(read(meta).contains("status: 4\n"));
        store.setStatus(run.runId(), RunStatus.KILLED, NOW);
        assertTrue(read(meta).contains("status: 5\n"));
    }

    @Test
    void runsAreFoundByTagAndParent() {
        String exp = store.createOrGetExperiment("e", Map.of());
        RunHandle parentA = store.createRun(exp, "a", Map.of("litestage.searchKey", "A"), NOW);
        RunHandle parentB = store.createRun(exp, "b", Map.of("litestage.searchKey", "B"), NOW);
        assertEquals(Optional.empty(), store.findRunByTag(exp, "litestage.trialKey", "t1", parentA.runId()));
        RunHandle childB = store.createRun(exp, "t1", Map.of("mlflow.parentRunId", parentB.runId(), "litestage.trialKey", "t1"), NOW);
        assertEquals(Optional.empty(), store.findRunByTag(exp, "litestage.trialKey", "t1", parentA.runId()), "other parent");
        RunHandle childA = store.createRun(exp, "t1", Map.of("mlflow.parentRunId", parentA.runId(), "litestage.trialKey", "t1"), NOW);
        assertEquals(childA.runId(), store.findRunByTag(exp, "litestage.trialKey", "t1", parentA.runId()).orElseThrow().runId());
        assertEquals(childB.runId(), store.findRunByTag(exp, "litestage.trialKey", "t1", parentB.runId()).orElseThrow().runId());
        assertEquals(parentB.runId(), store.findRunByTag(exp, "litestage.searchKey", "B", null).orElseThrow().runId());
        store.setStatus(childA.runId(), RunStatus.FINISHED, NOW);

        FileStoreBackend reopened = FileStoreBackend.open(store.root());
        RunHandle found = reopened.findRunByTag(exp, "litestage.trialKey", "t1", parentA.runId()).orElseThrow();
        assertEquals(new RunHandle(childA.runId(), childA.artifactUri(), RunStatus.FINISHED), found, "found by a fresh scan");
    }

    @Test
    void artifactsAreCopiedUnderTheRunsArtifactsFolder() throws IOException {
        String exp = store.createOrGetExperiment("e", Map.of());
        RunHandle run = store.createRun(exp, "r", Map.of(), NOW);
        Path out = Files.createDirectories(root.resolve("out"));
        Files.writeString(out.resolve("trials.csv"), "trial,acc\n1,0.5\n");
        Files.createDirectories(out.resolve("plots/sub"));
        Files.writeString(out.resolve("plots/pareto.svg"), "<svg/>");
        Files.writeString(out.resolve("plots/sub/x.txt"), "x");
        store.logArtifact(run.runId(), out.resolve("trials.csv"), "");
        store.logArtifact(run.runId(), out.resolve("plots"), "");
        store.logArtifact(run.runId(), out.resolve("trials.csv"), "copies/a");
        Path artifacts = store.root().resolve(exp).resolve(run.runId()).resolve("artifacts");
        assertEquals("trial,acc\n1,0.5\n", read(artifacts.resolve("trials.csv")));
        assertEquals("<svg/>", read(artifacts.resolve("plots/pareto.svg")));
        assertEquals("x", read(artifacts.resolve("plots/sub/x.txt")));
        assertEquals("trial,acc\n1,0.5\n", read(artifacts.resolve("copies/a/trials.csv")));
        assertThrows(TrackingException.class, () -> store.logArtifact(run.runId(), out.resolve("missing.csv"), ""));
        assertThrows(TrackingException.class, () -> store.logArtifact(run.runId(), out.resolve("trials.csv"), "../../escape"));
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws IOException {
        String exp = store.createOrGetExperiment("e", Map.of("k", "v"));
        RunHandle run = store.createRun(exp, "r", Map.of("t", "v"), NOW);
        store.logBatch(run.runId(), new LogBatch(Map.of("p", "1"), List.of(new MetricPoint("m", 1, 1, 0)), Map.of("u", "2")));
        store.setStatus(run.runId(), RunStatus.FINISHED, NOW);
        try (Stream<Path> files = Files.walk(store.root())) {
            List<Path> temps = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertTrue(temps.isEmpty(), "left behind: " + temps);
        }
    }

    @Test
    void unknownRunsAndExperimentsAreReportedNotCreated() {
        assertThrows(TrackingException.class, () -> store.logBatch("0123456789abcdef0123456789abcdef", LogBatch.EMPTY));
        assertThrows(TrackingException.class, () -> store.createRun("999", "r", Map.of(), NOW));
        assertFalse(Files.exists(store.root().resolve("999")));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
