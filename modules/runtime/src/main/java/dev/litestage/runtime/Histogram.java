package dev.litestage.runtime;

import java.util.Arrays;
import java.util.List;

/**
 * Counts of observed values in fixed buckets, as a Prometheus histogram exposes them: for each
 * upper bound, how many values were at most that bound, plus the sum and count of all values.
 * Thread-safe.
 */
public final class Histogram {

    /** Bucket bounds for batch sizes: powers of two up to 256. */
    public static final double[] BATCH_SIZES = {1, 2, 4, 8, 16, 32, 64, 128, 256};
    /** Bucket bounds for latencies in seconds: 5 ms to 60 s. */
    public static final double[] SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    /**
     * What a histogram held at one moment.
     *
     * @param bounds     the buckets' upper bounds, ascending ({@code +Inf} not included)
     * @param cumulative per bound, how many values were at most it
     * @param count      all values observed (the {@code +Inf} bucket)
     * @param sum        their sum
     */
    public record Snapshot(List<Double> bounds, List<Long> cumulative, long count, double sum) {

        /** This snapshot and {@code other} (same bounds) counted together. */
        public Snapshot plus(Snapshot other) {
            if (!bounds.equals(other.bounds)) {
                throw new IllegalArgumentException("histograms with different buckets: " + bounds + ", " + other.bounds);
            }
            List<Long> both = new java.util.ArrayList<>(cumulative.size());
            for (int i = 0; i < cumulative.size(); i++) {
                both.add(cumulative.get(i) + other.cumulative.get(i));
            }
            return new Snapshot(bounds, both, count + other.count, sum + other.sum);
        }
    }

    private final double[] bounds;
    private final long[] counts;
    private long count;
    private double sum;

    public Histogram(double[] bounds) {
        this.bounds = bounds.clone();
        for (int i = 1; i < this.bounds.length; i++) {
            if (!(this.bounds[i] > this.bounds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must ascend: " + Arrays.toString(bounds));
            }
        }
        this.counts = new long[bounds.length];
    }

    public synchronized void observe(double value) {
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        if (i < bounds.length) {
            counts[i]++;
        }
        count++;
        sum += value;
    }

    public synchronized Snapshot snapshot() {
        Long[] cumulative = new Long[bounds.length];
        long running = 0;
        for (int i = 0; i < bounds.length; i++) {
            running += counts[i];
            cumulative[i] = running;
        }
        return new Snapshot(Arrays.stream(bounds).boxed().toList(), List.of(cumulative), count, sum);
    }
}
