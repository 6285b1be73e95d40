package dev.litestage.benchmark.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeds, sizes and limits of generation, on small benchmarks. */
class ReferenceBenchmarkGenerationTest {

    private static final BenchmarkSize SMALL = new BenchmarkSize(120, 20, 30);

    @TempDir
    Path dir;

    @Test
    void otherBenchmarkSeedDrawsOtherQuestionsOverTheSameWorld() throws IOException {
        ReferenceWorld world = ReferenceWorld.generate(1, WorldSize.DEFAULT);
        Path a = ReferenceBenchmarkWriter.write(ReferenceBenchmark.generate(world, SMALL, 5), dir.resolve("a"));
        Path b = ReferenceBenchmarkWriter.write(ReferenceBenchmark.generate(world, SMALL, 6), dir.resolve("b"));

        assertFalse(Arrays.equals(Files.readAllBytes(a.resolve("test.jsonl")), Files.readAllBytes(b.resolve("test.jsonl"))));
        assertFalse(Arrays.equals(Files.readAllBytes(a.resolve("train.jsonl")), Files.readAllBytes(b.resolve("train.jsonl"))));
        assertEquals(Files.readString(a.resolve("facts.txt")), Files.readString(b.resolve("facts.txt")));
    }

    @Test
    void otherWorldSeedGivesOtherFacts() throws IOException {
        Path a = ReferenceBenchmarkWriter.write(
                ReferenceBenchmark.generate(ReferenceWorld.generate(1, WorldSize.DEFAULT), SMALL, 5), dir.resolve("a"));
        Path b = ReferenceBenchmarkWriter.write(
                ReferenceBenchmark.generate(ReferenceWorld.generate(2, WorldSize.DEFAULT), SMALL, 5), dir.resolve("b"));

        assertFalse(Files.readString(a.resolve("facts.txt")).equals(Files.readString(b.resolve("facts.txt"))));
        assertFalse(Files.readString(a.resolve("world.json")).equals(Files.readString(b.resolve("world.json"))));
    }

    @Test
    void everyAnimalAnswersATrainingQuestionOfEachLevel() {
        ReferenceWorld world = ReferenceWorld.generate(1, WorldSize.DEFAULT);
        ReferenceBenchmark benchmark = ReferenceBenchmark.generate(world, new BenchmarkSize(64, 0, 10), 3);

        for (Level level : Level.values()) {
            Set<String> answers = benchmark.train().stream().filter(q -> q.level() == level)
                    .map(q -> q.question().options().stream()
                            .filter(o -> o.label().equals(q.question().answerKey())).findFirst().orElseThrow().text())
                    .collect(Collectors.toSet());
            assertEquals(Set.copyOf(world.animals()), answers, level.id());
        }
        assertTrue(benchmark.dev().isEmpty());
    }

    @Test
    void aTrainingSplitTooSmallToStateEveryFactIsRefused() {
        ReferenceWorld world = ReferenceWorld.generate(1, WorldSize.DEFAULT);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceBenchmark.generate(world, new BenchmarkSize(63, 10, 10), 3));
        assertTrue(e.getMessage().contains("at least 64"), e.getMessage());
    }

    @Test
    void aWorldTooSmallForFourOptionsIsRefused() {
        ReferenceWorld world = ReferenceWorld.generate(1, new WorldSize(6, 3, 2));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceBenchmark.generate(world, new BenchmarkSize(12, 0, 2), 3));
        assertTrue(e.getMessage().contains("distractors are needed"), e.getMessage());
    }

    @Test
    void aWorldWithTooFewDistinctQuestionsIsRefused() {
        // Two-hop questions of this world: a place with 3 foods (6 eaters, 4 distractors: 4 option
        // sets x 6 answers) and one with 2 (4 eaters, 6 distractors: 20 x 4), 104 in all.
        ReferenceWorld world = ReferenceWorld.generate(1, new WorldSize(10, 5, 2));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceBenchmark.generate(world, new BenchmarkSize(20, 0, 300), 3));
        assertTrue(e.getMessage().contains("too small for this many questions"), e.getMessage());
    }

    @Test
    void idsNumberEachSplitInFileOrder() {
        ReferenceBenchmark benchmark = ReferenceBenchmark.generate(ReferenceWorld.generate(1, WorldSize.DEFAULT), SMALL, 5);

        assertEquals(List.of("test-00001", "test-00002", "test-00003"),
                benchmark.test().subList(0, 3).stream().map(ReferenceQuestion::id).toList());
        assertEquals("train-00120", benchmark.train().get(119).id());
    }
}
