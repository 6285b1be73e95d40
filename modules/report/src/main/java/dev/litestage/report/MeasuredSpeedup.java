package dev.litestage.report;

import java.util.Objects;

/**
 * The speedup measured by timing the full model and the profile against each other, as opposed
 * to the ratio of the summary's mean latencies: when present, it is the report's headline.
 *
 * @param factor full-model time over profile time, {@code > 0}
 * @param method how it was measured, shown next to it, e.g. {@code interleaved wall clock, median of 2 rounds}
 */
public record MeasuredSpeedup(double factor, String method) {

    public MeasuredSpeedup {
        if (!(factor > 0 && Double.isFinite(factor))) {
            throw new IllegalArgumentException("report: field measuredSpeedup.factor: expected a positive number, found "
                    + factor);
        }
        Objects.requireNonNull(method, "method");
        if (method.isBlank()) {
            throw new IllegalArgumentException("report: field measuredSpeedup.method: must not be blank");
        }
    }
}
