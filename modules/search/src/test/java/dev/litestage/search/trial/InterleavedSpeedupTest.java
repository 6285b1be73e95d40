package dev.litestage.search.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterleavedSpeedupTest {

    private static Runnable sleeping(String name, long millis, List<String> order) {
        return () -> {
            order.add(name);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void runsAlternateAfterAWarmupAndTheSpeedupIsTheMedianRatio() {
        List<String> order = new ArrayList<>();
        InterleavedSpeedup s = InterleavedSpeedup.measure(sleeping("F", 30, order), sleeping("P", 10, order), 4);
        assertEquals(List.of("F", "P", "F", "P", "P", "F", "F", "P", "P", "F"), order);
        assertEquals(4, s.fullMs().size());
        assertEquals(4, s.profileMs().size());
        // sleeps only ever overshoot, so each full run takes >= 30 ms and the ratio sits near 3
        assertTrue(s.fullMs().stream().allMatch(ms -> ms >= 30), s.fullMs().toString());
        assertTrue(s.speedup() > 1.2 && s.speedup() < 4.5, "speedup " + s.speedup());
    }

    @Test
    void roundSpeedupsAndTheirRangeAreReported() {
        InterleavedSpeedup s = new InterleavedSpeedup(List.of(300.0, 310.0, 290.0, 305.0), List.of(200.0, 200.0, 200.0, 200.0));
        assertEquals(List.of(1.5, 1.55, 1.45, 1.525), s.roundSpeedups());
        assertEquals(1.5125, s.speedup(), 1e-12, "median of the four ratios");
        assertEquals("interleaved wall clock, median of 4 rounds (range 1.45x-1.55x)", s.method());
        assertEquals("interleaved wall clock, one round",
                new InterleavedSpeedup(List.of(100.0), List.of(50.0)).method());
    }

    @Test
    void atLeastOneRoundIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> InterleavedSpeedup.measure(() -> { }, () -> { }, 0));
    }
}
