package dev.litestage.reasoning;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfidenceEarlyExitTest {

    @Test
    void neverFiresBeforeTheWindowIsFull() {
        ConfidenceEarlyExit exit = new ConfidenceEarlyExit(EarlyExit.of(3, 0.5));
        assertFalse(exit.shouldStop(7, 0.0f));
        assertFalse(exit.shouldStop(7, 0.0f));
        assertFalse(exit.fired());
        assertTrue(exit.shouldStop(7, 0.0f));
        assertTrue(exit.fired());
    }

    @Test
    void firesWhenTheMeanEqualsTheThreshold() {
        ConfidenceEarlyExit exit = new ConfidenceEarlyExit(EarlyExit.of(2, 0.5));
        assertFalse(exit.shouldStop(7, 0.25f));
        assertTrue(exit.shouldStop(7, 0.75f), "mean 0.5 is at the threshold");
    }

    @Test
    void doesNotFireJustAboveTheThreshold() {
        ConfidenceEarlyExit exit = new ConfidenceEarlyExit(EarlyExit.of(2, 0.5));
        assertFalse(exit.shouldStop(7, 0.25f));
        assertFalse(exit.shouldStop(7, 0.7578125f), "mean 0.50390625 is above the threshold");
        assertFalse(exit.fired());
    }

    @Test
    void theWindowSlidesOverTheMostRecentTokens() {
        ConfidenceEarlyExit exit = new ConfidenceEarlyExit(EarlyExit.of(2, 0.5));
        assertFalse(exit.shouldStop(7, 0.125f));
        assertFalse(exit.shouldStop(7, 1.0f));   // (0.125 + 1) / 2 = 0.5625
        assertFalse(exit.shouldStop(7, 0.25f));  // (1 + 0.25) / 2 = 0.625, the 0.125 has left
        assertTrue(exit.shouldStop(7, 0.5f));    // (0.25 + 0.5) / 2 = 0.375
    }

    @Test
    void aWindowOfOneJudgesEachToken() {
        ConfidenceEarlyExit exit = new ConfidenceEarlyExit(EarlyExit.of(1, 0.3));
        assertFalse(exit.shouldStop(7, 0.9f));
        assertTrue(exit.shouldStop(7, 0.1f));
    }

    @Test
    void neverFiresWhenOff() {
        ConfidenceEarlyExit off = new ConfidenceEarlyExit(EarlyExit.OFF);
        ConfidenceEarlyExit disabled = new ConfidenceEarlyExit(new EarlyExit(false, 2, 1.0));
        for (int i = 0; i < 50; i++) {
            assertFalse(off.shouldStop(7, 0.0f));
            assertFalse(disabled.shouldStop(7, 0.0f));
        }
        assertFalse(off.fired());
        assertFalse(disabled.fired());
    }
}
