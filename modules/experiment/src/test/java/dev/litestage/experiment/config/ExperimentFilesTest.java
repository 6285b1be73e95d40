package dev.litestage.experiment.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.SharedFiles;
import dev.litestage.search.Strategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every experiment file in {@code experiments/} validates. */
class ExperimentFilesTest {

    static Path root() {
        return SharedFiles.repositoryRoot();
    }

    @TestFactory
    Stream<DynamicTest> everyExperimentFileValidates() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(root().resolve("experiments"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "experiments/ holds experiment files");
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String text = Files.readString(file);
            boolean needsShared = text.contains("stories260k") || text.contains("obqa") || text.contains("csqa")
                    || text.contains("strategyqa");
            if (needsShared) {
                Assumptions.assumeTrue(Files.isDirectory(root().resolveSibling("shared")),
                        "../shared is not present: skipping " + file.getFileName() + ", which smoke-tests on it");
            }
            if (file.getFileName().toString().startsWith("train-")) {
                TrainingExperiment t = TrainingExperiment.load(file);
                assertTrue(t.config().layers() >= 8, "the reference model has at least 8 layers");
                return;
            }
            Experiment e = ExperimentLoader.load(file);
            assertEquals(file.getFileName().toString().replace(".yaml", ""), e.name(), "name matches the file");
            assertFalse(e.stages().isEmpty());
            assertTrue(Files.exists(e.model().path()), "model exists: " + e.model().path());
        }));
    }

    @Test
    void theMainExperimentComposesItsConfigs() {
        Experiment e = ExperimentLoader.load(root().resolve("experiments/reference-litestage.yaml"));
        assertEquals(Strategy.GREEDY, e.search().strategy());
        assertEquals(0.04, e.search().epsilon(), 1e-12, "epsilon is written in accuracy points");
        assertTrue(e.search().earlyExit().enabled());
        assertEquals(List.of("recall", "analyze", "summarize"), e.stages().stream().map(s -> s.name()).toList());
        assertEquals(root().resolve("models/reference"), e.model().path());
        assertEquals(root().resolve("reports/reference-litestage"), e.outputDir());
        assertEquals(root().resolve("runs/reference-litestage"), e.workDir());
        assertEquals(root().resolve("mlruns"), e.tracking().store());
        assertTrue(e.measurement().compare().isEmpty(), "the main run compares nothing; reference-comparison does");
    }

    @Test
    void geneticConfigOverridesTheGreedyConfigItIncludes() {
        Experiment e = ExperimentLoader.load(root().resolve("experiments/reference-genetic.yaml"));
        assertEquals(Strategy.GENETIC, e.search().strategy());
        assertEquals(12, e.search().population());
        assertEquals(8, e.search().kmax(), "kmax comes from the included greedy config");
    }
}
