package dev.litestage.model.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.LanguageModel;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark behind {@code litestage bench} on a random stories260K-shaped model (figures are not asserted). */
class DecodeBenchmarkTest {

    @Test
    void measuresEveryBatchSizeAndFractionWithTheMaskItNames() {
        LanguageModel model = RandomShape.STORIES260K.open(42);
        assertEquals(64, model.config().hiddenSize());
        List<DecodeBenchmark.Row> rows = DecodeBenchmark.run(
                b -> model.withBatchLimits(DecodeBenchmark.limitsFor(b)), new int[] {1, 3}, new double[] {0, 0.5, 1.0},
                new DecodeBenchmark.Settings(6, 4, 0, 1), 7);

        assertEquals(6, rows.size(), "batch sizes x fractions, batch-major");
        int sublayers = 2 * model.config().layers();
        for (int i = 0; i < rows.size(); i++) {
            DecodeBenchmark.Row r = rows.get(i);
            assertEquals(i < 3 ? 1 : 3, r.batch());
            assertEquals(new double[] {0, 0.5, 1.0}[i % 3], r.fraction());
            assertEquals(Math.round(r.fraction() * sublayers), r.mask().skippedCount());
            assertTrue(r.prefillMs() > 0 && r.decodeMsPerStep() > 0 && r.tokensPerSecond() > 0, r.toString());
        }
        assertEquals(SkipMask.none(model.config().layers()), rows.get(0).mask());
    }

    @Test
    void aRandomModelIsTheSameUnderTheSameSeedAndHasNoTokenizer() {
        LanguageModel a = RandomShape.STORIES260K.open(42);
        LanguageModel b = RandomShape.STORIES260K.open(42);
        int[] prompt = {1, 5, 9, 13};
        assertArrayEquals(a.generate(prompt, SkipMask.none(5), 5, StopCondition.NEVER).generatedIds(),
                b.generate(prompt, SkipMask.none(5), 5, StopCondition.NEVER).generatedIds());
        assertThrows(UnsupportedOperationException.class, () -> a.tokenizer().encode("text", true));
    }
}
