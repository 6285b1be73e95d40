package dev.litestage.experiment.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configs fail before any work with the file, the key and what was expected. */
class BadConfigTest {

    @TempDir
    Path dir;

    Path experiment;

    @BeforeEach
    void writeAValidExperiment() throws IOException {
        Files.createDirectories(dir.resolve("model"));
        Files.createDirectories(dir.resolve("data/reference"));
        Files.createDirectories(dir.resolve("configs"));
        Files.createDirectories(dir.resolve("experiments"));
        Files.writeString(dir.resolve("configs/search.yaml"), "strategy: greedy\nepsilon: 4\nkmax: 6\n");
        experiment = dir.resolve("experiments/x.yaml");
        write("""
                name: x
                model: {path: ../model}
                data: {benchmark: reference, root: ../data}
                search: ../configs/search.yaml
                """);
    }

    private void write(String yaml) throws IOException {
        Files.writeString(experiment, yaml);
    }

    private ConfigException fails(String yaml) throws IOException {
        write(yaml);
        return assertThrows(ConfigException.class, () -> ExperimentLoader.load(experiment));
    }

    @Test
    void anOversizedConfigIsRefusedBySizeBeforeParsing() throws IOException {
        // a 20 MB one-line string took minutes to reach the parser's own limit
        String huge = "name: x\ndescription: \"" + "a".repeat(20 << 20) + "\"\n";
        long start = System.nanoTime();
        ConfigException e = fails(huge);
        assertTrue((System.nanoTime() - start) / 1e9 < 10, "refused without parsing 20 MB");
        assertTrue(e.getMessage().contains(experiment.toString()) && e.getMessage().contains("bytes")
                && e.getMessage().contains(String.valueOf(ConfigTree.MAX_BYTES)), e.getMessage());
    }

    @Test
    void theValidBaseLoads() {
        Experiment e = ExperimentLoader.load(experiment);
        assertEquals(6, e.search().kmax());
        assertEquals(dir.resolve("model"), e.model().path());
    }

    @Test
    void unknownKeyNamesFileKeyAndTheKnownKeys() throws IOException {
        ConfigException e = fails("""
                name: x
                model: {path: ../model}
                data: {benchmark: reference, root: ../data, sampel: 3}
                """);
        assertEquals(experiment, e.file());
        assertEquals("data.sampel", e.key());
        assertTrue(e.getMessage().contains("unknown key") && e.getMessage().contains("select_sample"), e.getMessage());
    }

    @Test
    void unknownKeyInAnIncludedFileNamesThatFile() throws IOException {
        Files.writeString(dir.resolve("configs/search.yaml"), "strategy: greedy\nepsilom: 4\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ExperimentLoader.load(experiment));
        assertEquals(dir.resolve("configs/search.yaml"), e.file());
        assertEquals("epsilom", e.key());
    }

    @Test
    void wrongTypeSaysWhatWasExpected() throws IOException {
        ConfigException e = fails("""
                model: {path: ../model}
                data: {benchmark: reference, root: ../data}
                search: {kmax: many}
                """);
        assertEquals("search.kmax", e.key());
        assertTrue(e.getMessage().contains("expected a whole number"), e.getMessage());
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        ConfigException model = fails("""
                model: {path: ../nowhere}
                data: {benchmark: reference, root: ../data}
                """);
        assertEquals("model.path", model.key());
        assertTrue(model.getMessage().contains("no such model"), model.getMessage());
        ConfigException include = fails("""
                model: {path: ../model}
                data: {benchmark: reference, root: ../data}
                search: ../configs/missing.yaml
                """);
        assertTrue(include.getMessage().contains("missing.yaml") && include.getMessage().contains("file not found"),
                include.getMessage());
    }

    @Test
    void invalidSearchSettingsAreRejectedBeforeAnyTrial() throws IOException {
        ConfigException epsilon = fails("""
                model: {path: ../model}
                data: {benchmark: reference, root: ../data}
                search: {epsilon: -1}
                """);
        assertEquals("search.epsilon", epsilon.key());
        ConfigException strategy = fails("""
                model: {path: ../model}
                data: {benchmark: reference, root: ../data}
                search: {strategy: beam}
                """);
        assertTrue(strategy.getMessage().contains("search.strategy") && strategy.getMessage().contains("beam"),
                strategy.getMessage());
        ConfigException confidence = fails("""
                model: {path: ../model}
                data: {benchmark: reference, root: ../data}
                search: {target_confidence: 1.5}
                """);
        assertEquals("search.target_confidence", confidence.key());
        assertTrue(confidence.getMessage().contains("(0.5, 1)"), confidence.getMessage());
    }

    @Test
    void parallelWorkersNeedTheCostModel() throws IOException {
        ConfigException wallClock = fails("""
                model: {path: ../model}
                data: {benchmark: reference, root: ../data}
                search: {workers: 2, latency: {mode: wall-clock}}
                """);
        assertEquals("search.workers", wallClock.key());
        assertTrue(wallClock.getMessage().contains("cost-model"), wallClock.getMessage());
        ConfigException none = fails("""
                model: {path: ../model}
                data: {benchmark: reference, root: ../data}
                search: {workers: 0, latency: {mode: cost-model}}
                """);
        assertEquals("search.workers", none.key());

        write("""
                model: {path: ../model}
                data: {benchmark: reference, root: ../data}
                search: {workers: 2, latency: {mode: cost-model}}
                """);
        assertEquals(2, ExperimentLoader.load(experiment).measurement().workers());
    }

    @Test
    void malformedYamlGivesTheLine() throws IOException {
        ConfigException e = fails("model: {path: ../model\ndata: [\n");
        assertTrue(e.getMessage().contains("not valid YAML") && e.getMessage().contains("line"), e.getMessage());
    }

    @Test
    void unknownBenchmarkAndSplitAreNamed() throws IOException {
        ConfigException benchmark = fails("""
                model: {path: ../model}
                data: {benchmark: mmlu, root: ../data}
                """);
        assertEquals("data.benchmark", benchmark.key());
        ConfigException split = fails("""
                model: {path: ../model}
                data: {benchmark: reference, root: ../data, eval_split: validation}
                """);
        assertEquals("data.eval_split", split.key());
    }

    @Test
    void trainingExperimentRejectsUnknownAndMistypedKeys() throws IOException {
        Path train = dir.resolve("experiments/train.yaml");
        Files.writeString(train, "output: ../model\ntraining: {layers: 8, lerning_rate: 0.01}\n");
        ConfigException unknown = assertThrows(ConfigException.class, () -> TrainingExperiment.load(train));
        assertEquals("training.lerning_rate", unknown.key());
        Files.writeString(train, "output: ../model\ntraining: {layers: eight}\n");
        ConfigException type = assertThrows(ConfigException.class, () -> TrainingExperiment.load(train));
        assertEquals("training.layers", type.key());
    }
}
