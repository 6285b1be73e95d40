package dev.litestage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code litestage run} process stopped by SIGTERM mid-search, as Ctrl-C or a scheduler
 * would: its MLflow parent run ends KILLED with an end time, not RUNNING forever, and every child
 * run logged before the signal is finished.
 */
class RunSignalTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void sigtermMidSearchMarksTheParentRunKilled() throws Exception {
        Path experiment = dir.resolve("signal.yaml");
        Files.writeString(experiment, """
                name: signal
                model: {path: %s}
                data: {benchmark: reference, root: %s, select_sample: 40, eval_sample: 20}
                stages: %s
                search: {strategy: greedy, kmax: 8, latency: {mode: cost-model}, calibration_questions: 2}
                tracking: {uri: "file:%s"}
                work_dir: %s
                output: %s
                """.formatted(ROOT.resolve("models/reference"), ROOT.resolve("data"),
                ROOT.resolve("configs/stages/three-stage.yaml"), dir.resolve("mlruns"), dir.resolve("work"), dir.resolve("report")));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                experiment.toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile());
        Process run = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (childRuns().isEmpty() && run.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(run.isAlive(), "the search was still running when signalled: " + Files.readString(dir.resolve("run.log")));
            assertTrue(!childRuns().isEmpty(), "a trial was logged before the signal");
            run.destroy(); // SIGTERM
            assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the process ends after SIGTERM");
        } finally {
            run.destroyForcibly();
        }
        Path parent = parentRun().orElseThrow(() -> new AssertionError("no parent run in " + dir.resolve("mlruns")));
        String meta = Files.readString(parent.resolve("meta.yaml"));
        assertTrue(meta.contains("status: 5"), "KILLED (5), not RUNNING (1):\n" + meta);
        assertTrue(!meta.contains("end_time: null") && meta.contains("end_time: "), meta);
        for (Path child : childRuns()) {
            assertTrue(Files.readString(child.resolve("meta.yaml")).contains("status: 3"), "a logged trial is FINISHED: " + child);
        }
        assertTrue(Files.readString(parent.resolve("tags/mlflow.source.type")).equals("LOCAL"), "MLflow's source tags");
        assertTrue(Files.readString(parent.resolve("tags/mlflow.source.name")).endsWith("signal.yaml"));
    }

    /** Run folders with a parent tag. */
    private List<Path> childRuns() throws IOException {
        return runs().stream().filter(r -> Files.exists(r.resolve("tags/mlflow.parentRunId"))).toList();
    }

    private Optional<Path> parentRun() throws IOException {
        return runs().stream().filter(r -> !Files.exists(r.resolve("tags/mlflow.parentRunId"))).findFirst();
    }

    private List<Path> runs() throws IOException {
        Path store = dir.resolve("mlruns");
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(store, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("meta.yaml") && p.getParent().getParent() != null
                    && !p.getParent().getParent().equals(store)).map(Path::getParent).toList();
        } catch (java.io.UncheckedIOException e) {
            return List.of(); // a temporary file vanished while the store was being walked: look again later
        }
    }
}
