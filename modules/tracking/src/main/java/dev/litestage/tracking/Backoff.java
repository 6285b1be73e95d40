package dev.litestage.tracking;

import java.time.Duration;

/**
 * When to try a failing back end again: after a failure, calls are held back for a while that
 * doubles with each further failure, so a dead server costs one time-out per interval instead of
 * one per trial. Not thread-safe; {@link SearchTracker} guards it.
 */
final class Backoff {

    private final long initialMs;
    private final long maxMs;
    private long currentMs;
    private long retryAtMs = Long.MIN_VALUE;
    private int failures;

    Backoff(Duration initial, Duration max) {
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
        this.currentMs = initialMs;
    }

    /** Whether calls are being held back at {@code nowMs}. */
    boolean isWaiting(long nowMs) {
        return failures > 0 && nowMs < retryAtMs;
    }

    /** Records a failure at {@code nowMs}. */
    void failed(long nowMs) {
        failures++;
        retryAtMs = nowMs + currentMs;
        currentMs = Math.min(maxMs, Math.max(1, currentMs * 2));
    }

    /** Records a success: the next failure starts again at the initial interval. */
    void succeeded() {
        failures = 0;
        currentMs = initialMs;
        retryAtMs = Long.MIN_VALUE;
    }

    /** Whether the last call failed. */
    boolean isFailing() {
        return failures > 0;
    }

    /** How long the back-off after the first failure lasts. */
    Duration initial() {
        return Duration.ofMillis(initialMs);
    }
}
