package dev.litestage.search.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedSpeedupTest {

    @Test
    void timesEveryQuestionWithBothInAlternatingOrder() {
        List<String> calls = new ArrayList<>();
        PairedSpeedup s = PairedSpeedup.measure(3, q -> {
            calls.add("full " + q);
            return 10;
        }, q -> {
            calls.add("profile " + q);
            return 5;
        }, 2, 0.95, 1);
        assertEquals(List.of("full 0", "profile 0", "profile 1", "full 1", "full 2", "profile 2",
                "profile 0", "full 0", "full 1", "profile 1", "profile 2", "full 2"), calls);
        assertEquals(2.0, s.speedup(), 1e-12);
        assertEquals(10, s.fullMsPerQuestion(), 1e-12);
        assertEquals(5, s.profileMsPerQuestion(), 1e-12);
        assertEquals(2.0, s.low(), 1e-12, "no spread, no interval");
        assertEquals(2.0, s.high(), 1e-12);
        assertTrue(s.method().contains("3 questions x 2 rounds"), s.method());
    }

    @Test
    void theIntervalCoversTheTrueRatioAndNarrowsWithMoreQuestions() {
        SplittableRandom random = new SplittableRandom(7);
        double[] wide = interval(random, 20);
        double[] narrow = interval(random, 400);
        assertTrue(wide[0] < 1.5 && wide[1] > 1.5, "20 questions: " + wide[0] + ".." + wide[1]);
        assertTrue(narrow[0] < 1.5 && narrow[1] > 1.5, "400 questions: " + narrow[0] + ".." + narrow[1]);
        assertTrue(narrow[1] - narrow[0] < (wide[1] - wide[0]) / 2, "more questions, a narrower interval");
    }

    /** Questions of varying length whose profile takes 1/1.5 of the full time, with 10 % noise. */
    private static double[] interval(SplittableRandom random, int n) {
        double[] full = new double[n];
        double[] profile = new double[n];
        for (int i = 0; i < n; i++) {
            double length = 400 + 800 * random.nextDouble();
            full[i] = length * (1 + 0.1 * random.nextGaussian());
            profile[i] = length / 1.5 * (1 + 0.1 * random.nextGaussian());
        }
        PairedSpeedup s = PairedSpeedup.of(full, profile, 1, 0.95, 3);
        assertTrue(s.low() <= s.speedup() && s.speedup() <= s.high());
        return new double[] {s.low(), s.high()};
    }

    @Test
    void refusesEmptyOrMismatchedTimings() {
        assertThrows(IllegalArgumentException.class, () -> PairedSpeedup.of(new double[0], new double[0], 1, 0.95, 1));
        assertThrows(IllegalArgumentException.class, () -> PairedSpeedup.of(new double[2], new double[3], 1, 0.95, 1));
        assertThrows(IllegalArgumentException.class, () -> PairedSpeedup.measure(0, q -> 1, q -> 1, 1, 0.95, 1));
    }
}
