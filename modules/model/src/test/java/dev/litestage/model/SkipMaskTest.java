package dev.litestage.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SkipMaskTest {

    @Test
    void parsesListsAndRangesAndPrintsThemBack() {
        SkipMask mask = SkipMask.parse("attn:3,5;mlp:0-2", 8);
        assertTrue(mask.skipsAttention(3));
        assertTrue(mask.skipsAttention(5));
        assertFalse(mask.skipsAttention(4));
        assertEquals(List.of(0, 1, 2), mask.skippedMlpLayers());
        assertEquals(5, mask.skippedCount());
        assertEquals("attn:3,5;mlp:0,1,2", mask.toSpec());
        assertEquals(mask, SkipMask.parse(mask.toSpec(), 8));
    }

    @Test
    void emptyAndNoneSkipNothing() {
        assertTrue(SkipMask.parse("", 4).isEmpty());
        assertTrue(SkipMask.parse("none", 4).isEmpty());
        assertEquals("none", SkipMask.none(4).toSpec());
    }

    @Test
    void badSpecsNameTheOffendingToken() {
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> SkipMask.parse("attn:1;foo:2", 4));
        assertTrue(kind.getMessage().contains("'foo'"), kind.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> SkipMask.parse("mlp:9", 4));
        assertTrue(range.getMessage().contains("'9'") && range.getMessage().contains("0..3"), range.getMessage());
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class, () -> SkipMask.parse("attn:x", 4));
        assertTrue(number.getMessage().contains("'x'"), number.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SkipMask.parse("attn3", 4));
    }

    @Test
    void aTypedSpecRefusesEmptySpecsAndKindsWithoutLayers() {
        for (String spec : new String[] {"", "  ", "attn:", "attn:3;mlp:"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SkipMask.parseTyped(spec, 8),
                    "'" + spec + "'");
            assertTrue(e.getMessage().contains("skip spec"), e.getMessage());
        }
        assertEquals(SkipMask.parse("attn:3;mlp:0-1", 8), SkipMask.parseTyped("attn:3;mlp:0-1", 8));
        assertEquals(0, SkipMask.parseTyped("none", 8).skippedCount(), "none still names the full model");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SkipMask.parseTyped("attn:3;mlp:", 8))
                .getMessage().contains("'mlp:'"), "the message names the empty group");
    }

    @Test
    void withAddsASublayerWithoutChangingTheOriginal() {
        SkipMask none = SkipMask.none(3);
        SkipMask one = none.with(Sublayer.mlp(2));
        assertTrue(none.isEmpty());
        assertEquals(List.of(Sublayer.mlp(2)), one.skipped());
        assertEquals(Sublayer.mlp(2), Sublayer.ofIndex(Sublayer.mlp(2).index()));
    }
}
