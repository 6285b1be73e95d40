package dev.litestage.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WilsonScoreTest {

    @Test
    void lowerBoundsMatchTheWilsonFormula() {
        // values from the closed form (p + z^2/2n - z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n),
        // z the one-sided normal quantile, computed independently with Python's statistics.NormalDist
        assertEquals(0.9866528393, WilsonScore.lowerBound(1.0, 200, 0.95), 1e-9);
        assertEquals(0.9381755521, WilsonScore.lowerBound(0.96, 200, 0.9), 1e-9);
        assertEquals(0.9628644223, WilsonScore.lowerBound(0.98, 200, 0.9), 1e-9);
        assertEquals(0.9605600200, WilsonScore.lowerBound(1.0, 40, 0.9), 1e-9);
        assertEquals(0.3714044649, WilsonScore.lowerBound(0.5, 10, 0.8), 1e-9);
    }

    @Test
    void moreQuestionsOrLessConfidenceTightenTheBound() {
        double small = WilsonScore.lowerBound(0.95, 40, 0.9);
        double large = WilsonScore.lowerBound(0.95, 400, 0.9);
        assertTrue(small < large && large < 0.95, small + " < " + large + " < 0.95");
        assertTrue(WilsonScore.lowerBound(0.95, 400, 0.99) < large);
        assertEquals(0.0, WilsonScore.lowerBound(0.0, 50, 0.9), 1e-12);
        assertEquals(0.0, WilsonScore.lowerBound(0.7, 0, 0.9), 1e-12, "no questions, no knowledge");
    }

    @Test
    void outOfRangeArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> WilsonScore.lowerBound(1.2, 10, 0.9));
        assertThrows(IllegalArgumentException.class, () -> WilsonScore.lowerBound(0.5, -1, 0.9));
        assertThrows(IllegalArgumentException.class, () -> WilsonScore.lowerBound(0.5, 10, 0.5));
        assertThrows(IllegalArgumentException.class, () -> WilsonScore.lowerBound(0.5, 10, 1.0));
    }
}
