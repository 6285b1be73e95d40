package dev.litestage.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SublayerDropoutTest {

    @Test
    void gatesDependOnlyOnSeedAndStep() {
        SublayerDropout a = new SublayerDropout(0.3, 0, 0, 1, 16);
        SublayerDropout b = new SublayerDropout(0.3, 0, 0, 1, 16);
        assertArrayEquals(a.gates(417), b.gates(417), "a resumed run must draw the same gates");
        boolean differs = false;
        for (int step = 1; step < 20 && !differs; step++) {
            differs = !Arrays.equals(a.gates(step), a.gates(step + 1));
        }
        assertEquals(true, differs, "consecutive steps should not share one fixed pattern");
        assertFalse(Arrays.equals(a.gates(5), new SublayerDropout(0.3, 0, 0, 2, 16).gates(5))
                && Arrays.equals(a.gates(6), new SublayerDropout(0.3, 0, 0, 2, 16).gates(6)), "the seed must matter");
    }

    @Test
    void leavesOutSublayersAtTheConfiguredRate() {
        SublayerDropout dropout = new SublayerDropout(0.25, 0, 0, 7, 16);
        long closed = 0;
        int steps = 4000;
        for (int step = 1; step <= steps; step++) {
            for (float g : dropout.gates(step)) {
                if (g == 0f) {
                    closed++;
                } else {
                    assertEquals(1f, g);
                }
            }
        }
        assertEquals(0.25, closed / (16.0 * steps), 0.01);
    }

    @Test
    void dropsNothingBeforeTheStartStep() {
        SublayerDropout dropout = new SublayerDropout(0.5, 100, 0, 3, 16);
        for (int step = 1; step < 100; step++) {
            assertArrayEquals(SublayerDropout.allOpen(16), dropout.gates(step), "step " + step);
        }
        assertArrayEquals(new SublayerDropout(0.5, 0, 0, 3, 16).gates(100), dropout.gates(100));
    }

    @Test
    void neverDropsTheEdgeLayers() {
        SublayerDropout dropout = new SublayerDropout(0.6, 0, 1, 5, 16);
        boolean droppedInside = false;
        for (int step = 1; step <= 200; step++) {
            float[] g = dropout.gates(step);
            for (int i : new int[] {0, 1, 14, 15}) {
                assertEquals(1f, g[i], "step " + step + " sublayer " + i);
            }
            for (int i = 2; i < 14; i++) {
                droppedInside |= g[i] == 0f;
            }
        }
        assertEquals(true, droppedInside);
    }

    @Test
    void rateZeroRunsEverySublayerAndInvalidRatesAreRefused() {
        assertArrayEquals(SublayerDropout.allOpen(6), new SublayerDropout(0, 0, 0, 3, 6).gates(12));
        assertThrows(IllegalArgumentException.class, () -> new SublayerDropout(1, 0, 0, 3, 6));
        assertThrows(IllegalArgumentException.class, () -> new SublayerDropout(-0.1, 0, 0, 3, 6));
    }
}
