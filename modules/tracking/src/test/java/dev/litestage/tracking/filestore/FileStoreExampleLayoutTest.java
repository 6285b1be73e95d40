package dev.litestage.tracking.filestore;

import dev.litestage.tracking.LogBatch;
import dev.litestage.tracking.MetricPoint;
import dev.litestage.tracking.RunHandle;
import dev.litestage.tracking.RunStatus;
import org.junit.jupiter.api.Assumptions;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compares what {@link FileStoreBackend} writes with the store MLflow's own Python client wrote,
 * {@code ../shared/mlflow/filestore-example} (read at test time, never copied). The same
 * experiment, parent run, child run, params, metrics, tags and artifact are reproduced, then field
 * names and order, the quoting of every value, file contents and the tree of files are compared.
 */
class FileStoreExampleLayoutTest {

    private static final String EXP = "245149455287232478";
    private static final String PARENT = "055470f8680a4b5f8cce4b8ff16c18b1";
    private static final String CHILD = "bceec0c77df8453293340329266db48e";

    @TempDir
    Path temp;
    private Path example;

    @BeforeEach
    void findExample() {
        Path shared = repositoryRoot().resolve("../shared").normalize();
        Assumptions.assumeTrue(Files.isDirectory(shared), "../shared not present: skipping the comparison with MLflow's example store");
        example = shared.resolve("mlflow/filestore-example");
        Assumptions.assumeTrue(Files.isDirectory(example), example + " not present: skipping");
    }

    @Test
    void reproducedStoreMatchesMlflowsLayout() throws IOException {
        Reproduced ours = reproduce();
        Path ourRoot = ours.store.root();

        // meta.yaml: same fields, same order, values written in the same YAML style
        assertSameShape(example.resolve("0/meta.yaml"), ourRoot.resolve("0/meta.yaml"));
        assertSameShape(example.resolve(EXP + "/meta.yaml"), ourRoot.resolve(ours.exp + "/meta.yaml"));
        assertSameShape(example.resolve(EXP + "/" + PARENT + "/meta.yaml"), ourRoot.resolve(ours.exp + "/" + ours.parent + "/meta.yaml"));
        assertSameShape(example.resolve(EXP + "/" + CHILD + "/meta.yaml"), ourRoot.resolve(ours.exp + "/" + ours.child + "/meta.yaml"));

        // every value that does not depend on ids, paths or clocks is identical
        MetaYaml theirChild = meta(example.resolve(EXP + "/" + CHILD + "/meta.yaml"));
        MetaYaml ourChild = meta(ourRoot.resolve(ours.exp + "/" + ours.child + "/meta.yaml"));
        for (String key : List.of("entry_point_name", "lifecycle_stage", "run_name", "source_name", "source_type",
                "source_version", "status", "tags", "end_time", "start_time")) {
            assertEquals(theirChild.string(key), ourChild.string(key), key);
        }
        assertEquals("file:///path/to/mlruns/" + EXP + "/" + CHILD + "/artifacts", theirChild.string("artifact_uri"));
        assertEquals(ourRoot.toUri().toString().replaceAll("/$", "") + "/" + ours.exp + "/" + ours.child + "/artifacts",
                ourChild.string("artifact_uri"));

        // params, tags, metrics and artifacts byte for byte
        for (String file : List.of("params/lr", "tags/fold", "tags/mlflow.runName", "metrics/loss", "metrics/val/acc",
                "artifacts/notes/hello.txt")) {
            assertArrayEquals(Files.readAllBytes(example.resolve(EXP + "/" + CHILD + "/" + file)),
                    Files.readAllBytes(ourRoot.resolve(ours.exp + "/" + ours.child + "/" + file)), file);
        }
        assertEquals(ours.parent, read(ourRoot.resolve(ours.exp + "/" + ours.child + "/tags/mlflow.parentRunId")));
        assertEquals(PARENT, read(example.resolve(EXP + "/" + CHILD + "/tags/mlflow.parentRunId")));
        assertArrayEquals(Files.readAllBytes(example.resolve(EXP + "/tags/team")), Files.readAllBytes(ourRoot.resolve(ours.exp + "/tags/team")));

        // the same tree of files, ids replaced by placeholders; we add the mlflow.user tag the UI shows
        TreeSet<String> theirs = tree(example, Map.of(EXP, "<exp>", PARENT, "<parent>", CHILD, "<child>"));
        TreeSet<String> mine = tree(ourRoot, Map.of(ours.exp, "<exp>", ours.parent, "<parent>", ours.child, "<child>"));
        mine.removeIf(path -> path.endsWith("/tags/mlflow.user"));
        assertEquals(theirs, mine);
    }

    @Test
    void idsHaveTheExamplesForm() throws IOException {
        Reproduced ours = reproduce();
        assertEquals(EXP.length(), ours.exp.length());
        assertTrue(ours.exp.matches("[0-9]+"), ours.exp);
        for (String id : List.of(ours.parent, ours.child, PARENT, CHILD)) {
            assertTrue(id.matches("[0-9a-f]{32}"), id);
        }
    }

    private record Reproduced(FileStoreBackend store, String exp, String parent, String child) {
    }

    /** What the Python client did to write the example, done through {@link FileStoreBackend}. */
    private Reproduced reproduce() throws IOException {
        MetaYaml theirChild = meta(example.resolve(EXP + "/" + CHILD + "/meta.yaml"));
        long start = Long.parseLong(theirChild.string("start_time"));
        long end = Long.parseLong(theirChild.string("end_time"));
        FileStoreBackend store = FileStoreBackend.open(temp.resolve("mlruns"), Clock.fixed(Instant.ofEpochMilli(start), ZoneOffset.UTC));
        String exp = store.createOrGetExperiment("demo-exp", Map.of("team", "probe"));
        RunHandle parent = store.createRun(exp, "parent", Map.of(), start);
        RunHandle child = store.createRun(exp, "child-0", Map.of("mlflow.parentRunId", parent.runId()), start);
        List<MetricPoint> points = new ArrayList<>();
        for (String key : List.of("loss", "val/acc")) {
            for (String line : read(example.resolve(EXP + "/" + CHILD + "/metrics/" + key)).lines().toList()) {
                String[] f = line.split(" ");
                points.add(new MetricPoint(key, Double.parseDouble(f[1]), Long.parseLong(f[0]), Long.parseLong(f[2])));
            }
        }
        store.logBatch(child.runId(), new LogBatch(Map.of("lr", "0.01"), points, Map.of("fold", "0")));
        Path notes = Files.createDirectories(temp.resolve("notes"));
        Files.write(notes.resolve("hello.txt"), Files.readAllBytes(example.resolve(EXP + "/" + CHILD + "/artifacts/notes/hello.txt")));
        store.logArtifact(child.runId(), notes, "");
        store.setStatus(child.runId(), RunStatus.FINISHED, end);
        return new Reproduced(store, exp, parent.runId(), child.runId());
    }

    /** Same keys in the same order, and each value of the same YAML kind (quoted, number, null, plain, list). */
    private static void assertSameShape(Path theirs, Path ours) throws IOException {
        List<String> expected = read(theirs).lines().map(FileStoreExampleLayoutTest::shape).toList();
        List<String> actual = read(ours).lines().map(FileStoreExampleLayoutTest::shape).toList();
        assertEquals(expected, actual, ours + " against " + theirs);
        assertTrue(read(ours).endsWith("\n") && read(theirs).endsWith("\n"));
    }

    private static String shape(String line) {
        String key = line.substring(0, line.indexOf(": "));
        String value = line.substring(line.indexOf(": ") + 2);
        String kind = value.equals("null") ? "null" : value.equals("[]") ? "[]" : value.startsWith("'") ? "quoted"
                : value.matches("-?[0-9]+") ? "number" : "plain";
        return key + ": " + kind;
    }

    private static TreeSet<String> tree(Path root, Map<String, String> placeholders) throws IOException {
        TreeSet<String> paths = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String relative = root.relativize(file).toString();
                for (Map.Entry<String, String> p : placeholders.entrySet()) {
                    relative = relative.replace(p.getKey(), p.getValue());
                }
                paths.add(relative);
            }
        }
        return paths;
    }

    private static MetaYaml meta(Path file) throws IOException {
        return MetaYaml.parse(read(file), file.toString());
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** The folder holding the parent pom (the one listing modules); surefire runs in the module folder. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path pom = d.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<module>")) {
                    return d;
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + pom, e);
            }
        }
        return dir;
    }
}
