package dev.litestage.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void warmsUpLinearlyThenDecaysByCosineToTheFloor() {
        LearningRateSchedule s = new LearningRateSchedule(1e-2, 1e-3, 10, 110);
        assertEquals(1e-3, s.at(1), 1e-15);
        assertEquals(5e-3, s.at(5), 1e-15);
        assertEquals(1e-2, s.at(10), 1e-15);
        assertEquals(1e-3 + 0.5 * 9e-3, s.at(60), 1e-12, "halfway through the decay");
        assertEquals(1e-3, s.at(110), 1e-15);
        for (int step = 11; step <= 110; step++) {
            assertTrue(s.at(step) <= s.at(step - 1) || step == 11, "non-increasing after warmup");
        }
    }

    @Test
    void rejectsInconsistentSchedules() {
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-2, 1e-3, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 1e-2, 1, 10));
    }
}
