package dev.litestage.benchmark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.benchmark.SharedDirectory;
import dev.litestage.reasoning.Question;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every record of every real dataset file in ../shared/data loads, strictly. */
class RealDatasetsTest {

    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of(Benchmark.OBQA, Split.TRAIN, 4957, 4),
                Arguments.of(Benchmark.OBQA, Split.DEV, 500, 4),
                Arguments.of(Benchmark.OBQA, Split.TEST, 500, 4),
                Arguments.of(Benchmark.CSQA, Split.TRAIN, 9741, 5),
                Arguments.of(Benchmark.CSQA, Split.TEST, 1221, 5),
                Arguments.of(Benchmark.STRATEGYQA, Split.TRAIN, 2061, 2),
                Arguments.of(Benchmark.STRATEGYQA, Split.TEST, 229, 2));
    }

    @ParameterizedTest(name = "{0} {1}: {2} questions with {3} options")
    @MethodSource("files")
    void everyRecordLoads(Benchmark benchmark, Split split, int expectedCount, int optionCount) {
        Path root = SharedDirectory.require("data").resolve("data");
        Dataset dataset = benchmark.load(root, split);

        assertEquals(benchmark.id() + "/" + split.id(), dataset.name());
        assertEquals(expectedCount, dataset.size());
        assertEquals(0, dataset.skippedCount());
        Set<String> ids = new HashSet<>();
        for (Question q : dataset.questions()) {
            assertEquals(optionCount, q.options().size(), q.id());
            List<String> labels = q.options().stream().map(Question.Option::label).toList();
            assertEquals(List.of("A", "B", "C", "D", "E").subList(0, optionCount), labels, q.id());
            assertTrue(labels.contains(q.answerKey()), q.id());
            assertTrue(q.options().stream().noneMatch(o -> o.text().isBlank()), q.id());
            assertTrue(ids.add(q.id()), "duplicate id " + q.id());
        }
    }

    @ParameterizedTest(name = "{0}: gold labels are not all the same")
    @MethodSource("files")
    void goldLabelsAreRead(Benchmark benchmark, Split split, int expectedCount, int optionCount) {
        Path root = SharedDirectory.require("data").resolve("data");
        Dataset dataset = benchmark.load(root, split);
        // A loader that dropped or defaulted the answer would give one label everywhere.
        long distinct = dataset.questions().stream().map(Question::answerKey).distinct().count();
        assertEquals(optionCount, distinct);
    }
}
