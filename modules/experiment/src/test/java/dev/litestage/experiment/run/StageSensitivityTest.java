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
 * table with an empty one.
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
}
