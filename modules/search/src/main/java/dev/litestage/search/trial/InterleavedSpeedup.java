package dev.litestage.search.trial;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The speedup of a profile over the full model, measured by wall clock in one process with the
 * two runs interleaved, so that drift (thermal throttling, other load) hits both alike.
 *
 * <p>Untimed warm-up runs of each come first (one by default). Then each round times one run of each, in
 * alternating order (full then profile, profile then full, ...) to cancel order effects; the
 * speedup is the median over rounds of {@code fullMs / profileMs}.
 *
 * @param fullMs    the full model's wall time per round, in milliseconds
 * @param profileMs the profile's wall time per round, in milliseconds
 */
public record InterleavedSpeedup(List<Double> fullMs, List<Double> profileMs) {

    public InterleavedSpeedup {
        fullMs = List.copyOf(fullMs);
        profileMs = List.copyOf(profileMs);
        if (fullMs.size() != profileMs.size() || fullMs.isEmpty()) {
            throw new IllegalArgumentException("expected the same, non-zero number of full and profile runs, found "
                    + fullMs.size() + " and " + profileMs.size());
        }
    }

    /** The speedup: the median over rounds of {@code fullMs / profileMs}. */
    public double speedup() {
        return LatencyMeasurement.median(roundSpeedups().stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Each round's {@code fullMs / profileMs}, in round order: their spread is the measurement's noise. */
    public List<Double> roundSpeedups() {
        List<Double> ratios = new ArrayList<>(fullMs.size());
        for (int r = 0; r < fullMs.size(); r++) {
            ratios.add(fullMs.get(r) / profileMs.get(r));
        }
        return List.copyOf(ratios);
    }

    /** Statistics of {@link #roundSpeedups()}: their minimum and maximum are the rounds' range. */
    public DoubleSummaryStatistics roundRange() {
        return roundSpeedups().stream().mapToDouble(Double::doubleValue).summaryStatistics();
    }

    /**
     * How the speedup was measured, for reports and summaries, with the rounds' range when there
     * are several: {@code interleaved wall clock, median of 4 rounds (range 1.49x-1.55x)}.
     */
    public String method() {
        int rounds = fullMs.size();
        if (rounds == 1) {
            return "interleaved wall clock, one round";
        }
        DoubleSummaryStatistics range = roundRange();
        return String.format(Locale.ROOT, "interleaved wall clock, median of %d rounds (range %.2fx-%.2fx)", rounds,
                range.getMin(), range.getMax());
    }

    /**
     * Measures by alternating calls of {@code evaluatorFull} and {@code evaluatorProfile}, each of
     * which runs one complete evaluation (for instance the test split under one profile).
     *
     * @param rounds number of timed rounds, {@code >= 1}
     */
    public static InterleavedSpeedup measure(Runnable evaluatorFull, Runnable evaluatorProfile, int rounds) {
        return measure(evaluatorFull, evaluatorProfile, rounds, 1);
    }

    /**
     * Like {@link #measure(Runnable, Runnable, int)} with {@code warmupRounds} untimed runs of each
     * first; 0 when the caller has just run both (for their accuracy, say).
     */
    public static InterleavedSpeedup measure(Runnable evaluatorFull, Runnable evaluatorProfile, int rounds,
                                             int warmupRounds) {
        Objects.requireNonNull(evaluatorFull, "evaluatorFull");
        Objects.requireNonNull(evaluatorProfile, "evaluatorProfile");
        if (rounds < 1) {
            throw new IllegalArgumentException("speedup rounds must be >= 1, was " + rounds);
        }
        if (warmupRounds < 0) {
            throw new IllegalArgumentException("speedup warm-up rounds must be >= 0, was " + warmupRounds);
        }
        for (int i = 0; i < warmupRounds; i++) {
            evaluatorFull.run();
            evaluatorProfile.run();
        }
        List<Double> full = new ArrayList<>(rounds);
        List<Double> profile = new ArrayList<>(rounds);
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                full.add(time(evaluatorFull));
                profile.add(time(evaluatorProfile));
            } else {
                profile.add(time(evaluatorProfile));
                full.add(time(evaluatorFull));
            }
        }
        return new InterleavedSpeedup(full, profile);
    }

    /**
     * Measures {@code profile} against {@code full}, both run through {@code evaluator}. Pass an
     * uncached evaluator: a cache would answer without running anything.
     */
    public static InterleavedSpeedup measure(TrialEvaluator evaluator, TrialConfig full, TrialConfig profile,
                                             int rounds) {
        return measure(() -> evaluator.evaluate(full), () -> evaluator.evaluate(profile), rounds);
    }

    private static double time(Runnable run) {
        long start = System.nanoTime();
        run.run();
        return (System.nanoTime() - start) / 1e6;
    }
}
