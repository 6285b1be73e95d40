package dev.litestage.benchmark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.reasoning.Question;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DatasetSampleTest {

    private static final Dataset HUNDRED = new Dataset("numbers", IntStream.range(0, 100)
            .mapToObj(i -> new Question("q" + i, "stem " + i, MappedCsvTest.options("x", "y"), "A")).toList(), List.of());

    @Test
    void sameSeedSameSampleInFileOrder() {
        List<String> first = ids(HUNDRED.sample(10, 42));
        List<String> again = ids(HUNDRED.sample(10, 42));

        assertEquals(first, again);
        assertEquals(10, first.size());
        assertEquals(10, first.stream().distinct().count());
        List<Integer> positions = first.stream().map(id -> Integer.parseInt(id.substring(1))).toList();
        assertEquals(positions.stream().sorted().toList(), positions);
    }

    @Test
    void differentSeedsDrawDifferentSamples() {
        assertNotEquals(ids(HUNDRED.sample(10, 1)), ids(HUNDRED.sample(10, 2)));
    }

    @Test
    void everyQuestionCanBeDrawn() {
        // Over many seeds a uniform draw of 10 from 100 reaches every question.
        long reached = IntStream.range(0, 200).boxed()
                .flatMap(seed -> ids(HUNDRED.sample(10, seed)).stream()).distinct().count();
        assertEquals(100, reached);
    }

    @Test
    void largeSamplesAreTheWholeDatasetAndNegativeIsRejected() {
        assertSame(HUNDRED, HUNDRED.sample(100, 7));
        assertSame(HUNDRED, HUNDRED.sample(500, 7));
        assertTrue(HUNDRED.sample(0, 7).questions().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> HUNDRED.sample(-1, 7));
        assertEquals(List.of("q0", "q1", "q2"), ids(HUNDRED.first(3)));
    }

    private static List<String> ids(Dataset dataset) {
        return dataset.questions().stream().map(Question::id).toList();
    }
}
