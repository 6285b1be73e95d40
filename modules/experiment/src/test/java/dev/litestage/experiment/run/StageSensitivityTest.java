package dev.litestage.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.experiment.config.ExperimentLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sensitivity refuses a bad --kmax or count before any work, and so never replaces a committed
 * table with an empty one; its early-exit columns measure the skipped stage with its exit on.
 */
class StageSensitivityTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void badCountsAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path report = Files.createDirectories(dir.resolve("report"));
        Path table = Files.writeString(report.resolve("sensitivity.md"), "| committed table |\n");
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: s
                model: {path: %s}
                data: {benchmark: reference, root: %s, select_sample: 4, eval_sample: 2}
                stages: %s
                search: {strategy: greedy, kmax: 2}
                work_dir: %s
                output: %s
                """.formatted(ROOT.resolve("models/reference"), ROOT.resolve("data"),
                ROOT.resolve("configs/stages/three-stage.yaml"), dir.resolve("work"), report));
        LoadedExperiment loaded = LoadedExperiment.load(ExperimentLoader.load(file));
        for (int kmax : new int[] {-1, 17, 99}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StageSensitivity.run(loaded, kmax, 1, 1, RunListener.SILENT));
            assertTrue(e.getMessage().contains("--kmax") && e.getMessage().contains("0..16")
                    && e.getMessage().contains("models/reference"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> StageSensitivity.run(loaded, 2, -1, 1, RunListener.SILENT));
        assertEquals("| committed table |\n", Files.readString(table), "the committed table is untouched");
        assertFalse(Files.exists(dir.resolve("work")), "no work was started");
    }

    @Test
    void theEarlyExitColumnsMeasureTheSkippedStageWithItsExitOn() throws Exception {
        Path file = dir.resolve("e.yaml");
        Files.writeString(file, """
                name: e
                model: {path: %s}
                data: {benchmark: reference, root: %s, select_sample: 4, eval_sample: 6}
                stages: %s
                work_dir: %s
                output: %s
                """.formatted(ROOT.resolve("models/reference"), ROOT.resolve("data"),
                ROOT.resolve("configs/stages/three-stage.yaml"), dir.resolve("work"), dir.resolve("report")));
        LoadedExperiment loaded = LoadedExperiment.load(ExperimentLoader.load(file));
        int layers = loaded.model().config().layers();
        java.util.Map<String, dev.litestage.model.SublayerSimilarity> alike = new java.util.LinkedHashMap<>();
        for (var stage : loaded.pipeline().stages()) {
            alike.put(stage.name(), new dev.litestage.model.SublayerSimilarity(new double[layers], new double[layers], 1));
        }
        var importance = new dev.litestage.search.importance.SublayerImportance(alike);
        // threshold 1: every confidence is at or below it, so the exit ends a stage after one token
        var rows = StageSensitivity.measure(loaded.pipeline(), importance, loaded.evaluation().questions(), 1, 1, 32,
                dev.litestage.reasoning.EarlyExit.of(1, 1.0), RunListener.SILENT);
        StageSensitivity.Row recall = rows.stream().filter(r -> r.stage().equals("recall") && r.k() == 0).findFirst()
                .orElseThrow();
        assertTrue(recall.tokensPerStage().get(0) > 2, "without the exit recall writes a sentence: " + recall);
        assertEquals(6, recall.withExit().exits(), "the exit ended recall on every question: " + recall);
        assertEquals(1.0, recall.withExit().stageTokens(), 1e-9, "after its first token");
        assertEquals(6, rows.size(), "3 stages x k = 0..1");
    }
}
