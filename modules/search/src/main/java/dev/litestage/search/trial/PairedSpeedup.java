package dev.litestage.search.trial;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * The speedup of a profile over the full model by batch-1 wall clock, paired per question: every
 * question of a timing sample is answered alone by both, back to back, in alternating order
 * (full first for even question + round), so that drift hits both alike. The speedup is the ratio
 * of total times, {@code sum(full) / sum(profile)} (what a user answering these questions one at
 * a time saves); its interval is a percentile bootstrap over questions, which is what varies from
 * one sample to another.
 *
 * @param fullMs     per question, the full model's wall time summed over rounds
 * @param profileMs  per question, the profile's wall time summed over rounds
 * @param rounds     how many times each question was timed by each
 * @param confidence the interval's level, e.g. 0.95
 * @param low        the interval's lower end
 * @param high       the interval's upper end
 */
public record PairedSpeedup(double[] fullMs, double[] profileMs, int rounds, double confidence, double low,
                            double high) {

    /** Bootstrap resamples for the interval: enough that its ends move by well under 0.01x between seeds. */
    static final int RESAMPLES = 4000;

    public PairedSpeedup {
        fullMs = fullMs.clone();
        profileMs = profileMs.clone();
        if (fullMs.length == 0 || fullMs.length != profileMs.length) {
            throw new IllegalArgumentException("expected the same, non-zero number of full and profile timings, found "
                    + fullMs.length + " and " + profileMs.length);
        }
        if (rounds < 1 || !(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("rounds must be >= 1 and confidence in (0, 1)");
        }
    }

    /**
     * Times question {@code i} of {@code questions} with {@code full} and {@code profile} (each
     * returns the milliseconds one answer took), {@code rounds} times each, alternating the order.
     */
    public static PairedSpeedup measure(int questions, IntToDoubleFunction full, IntToDoubleFunction profile, int rounds,
                                        double confidence, long seed) {
        Objects.requireNonNull(full, "full");
        Objects.requireNonNull(profile, "profile");
        if (questions < 1 || rounds < 1) {
            throw new IllegalArgumentException("need at least one question and one round, got " + questions + " and " + rounds);
        }
        double[] f = new double[questions];
        double[] p = new double[questions];
        for (int r = 0; r < rounds; r++) {
            for (int q = 0; q < questions; q++) {
                if ((q + r) % 2 == 0) {
                    f[q] += full.applyAsDouble(q);
                    p[q] += profile.applyAsDouble(q);
                } else {
                    p[q] += profile.applyAsDouble(q);
                    f[q] += full.applyAsDouble(q);
                }
            }
        }
        return of(f, p, rounds, confidence, seed);
    }

    /** The speedup of these timings with a bootstrap interval at {@code confidence}. */
    public static PairedSpeedup of(double[] fullMs, double[] profileMs, int rounds, double confidence, long seed) {
        int n = fullMs.length;
        double[] ratios = new double[RESAMPLES];
        SplittableRandom random = new SplittableRandom(seed);
        for (int b = 0; b < RESAMPLES; b++) {
            double f = 0;
            double p = 0;
            for (int i = 0; i < n; i++) {
                int q = random.nextInt(n);
                f += fullMs[q];
                p += profileMs[q];
            }
            ratios[b] = f / p;
        }
        Arrays.sort(ratios);
        double tail = (1 - confidence) / 2;
        double low = ratios[(int) Math.floor(tail * (RESAMPLES - 1))];
        double high = ratios[(int) Math.ceil((1 - tail) * (RESAMPLES - 1))];
        return new PairedSpeedup(fullMs, profileMs, rounds, confidence, low, high);
    }

    /** {@code sum(full) / sum(profile)}. */
    public double speedup() {
        return Arrays.stream(fullMs).sum() / Arrays.stream(profileMs).sum();
    }

    /** Questions timed. */
    public int questions() {
        return fullMs.length;
    }

    /** Mean batch-1 wall time per question of the full model, per round. */
    public double fullMsPerQuestion() {
        return Arrays.stream(fullMs).sum() / fullMs.length / rounds;
    }

    /** Mean batch-1 wall time per question of the profile, per round. */
    public double profileMsPerQuestion() {
        return Arrays.stream(profileMs).sum() / profileMs.length / rounds;
    }

    /**
     * How it was measured, for reports, summaries and profiles:
     * {@code batch-1 wall clock, 60 questions x 1 round, paired; 95% interval 1.48x-1.57x}.
     */
    public String method() {
        return String.format(Locale.ROOT, "batch-1 wall clock, %d questions x %d round%s, paired; %.0f%% interval %.2fx-%.2fx",
                questions(), rounds, rounds == 1 ? "" : "s", 100 * confidence, low, high);
    }
}
