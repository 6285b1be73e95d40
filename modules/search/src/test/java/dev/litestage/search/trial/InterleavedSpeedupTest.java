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
    void atLeastOneRoundIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> InterleavedSpeedup.measure(() -> { }, () -> { }, 0));
    }
}
