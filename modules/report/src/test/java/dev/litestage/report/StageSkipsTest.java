package dev.litestage.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StageSkipsTest {

    @Test
    void compactFormJoinsRunsOfThreeOrMoreIntoRanges() {
        assertEquals("none", StageSkips.compact(List.of()));
        assertEquals("4", StageSkips.compact(List.of(4)));
        assertEquals("1, 2", StageSkips.compact(List.of(2, 1)));
        assertEquals("3, 5\u20137, 11", StageSkips.compact(List.of(11, 7, 3, 5, 6)));
        assertEquals("0\u20133, 5, 6", StageSkips.compact(List.of(0, 1, 2, 3, 5, 6, 6)));
    }

    @Test
    void layersAreSortedAndDeduplicated() {
        StageSkips skips = new StageSkips("analysis", List.of(9, 2, 9), List.of(4), "window 8, threshold 0.55");
        assertEquals(List.of(2, 9), skips.attn());
        assertEquals(3, skips.skippedCount());
    }

    @Test
    void negativeLayerIsRejectedNamingStageAndField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StageSkips("recall", List.of(), List.of(-1), "off"));
        assertEquals("chosen profile stage 'recall': field mlp: expected non-negative layer indices, found -1",
                e.getMessage());
    }
}
