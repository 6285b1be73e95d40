package dev.litestage.benchmark.eval;

import java.util.Arrays;
import java.util.List;

/**
 * Mean and median of a set of latencies, in milliseconds.
 *
 * @param meanMs   arithmetic mean
 * @param medianMs middle value; for an even count, the mean of the two middle values
 */
public record LatencyStats(double meanMs, double medianMs) {

    /**
     * The statistics of {@code valuesMs}.
     *
     * @throws IllegalArgumentException when there are no values
     */
    public static LatencyStats of(List<Double> valuesMs) {
        if (valuesMs.isEmpty()) {
            throw new IllegalArgumentException("no latencies to summarize");
        }
        double[] sorted = valuesMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new LatencyStats(Arrays.stream(sorted).sum() / n, median);
    }
}
