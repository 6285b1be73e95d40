package dev.litestage.search;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The Wilson score interval for a proportion (Wilson, 1927): unlike the normal approximation it
 * stays inside [0, 1] and is usable at proportions of 0 and 1 and at small counts, which is where
 * search trials live (an accuracy of 100 % on 40 questions).
 */
public final class WilsonScore {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

    private WilsonScore() {
    }

    /**
     * The one-sided lower bound at {@code confidence} of a proportion observed as
     * {@code proportion} over {@code n} trials: the true proportion is at least this with
     * probability {@code confidence} (approximately).
     *
     * @param proportion the observed proportion, in [0, 1]
     * @param n          the number of observations; 0 gives a bound of 0 (nothing is known)
     * @param confidence the one-sided confidence level, in (0.5, 1)
     */
    public static double lowerBound(double proportion, int n, double confidence) {
        if (!(proportion >= 0 && proportion <= 1)) {
            throw new IllegalArgumentException("proportion must be in [0, 1], was " + proportion);
        }
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0.5, 1), was " + confidence);
        }
        if (n == 0) {
            return 0;
        }
        double z = STANDARD_NORMAL.inverseCumulativeProbability(confidence);
        double z2n = z * z / n;
        double centre = proportion + z2n / 2;
        double spread = z * Math.sqrt(proportion * (1 - proportion) / n + z2n / (4.0 * n));
        return Math.max(0, (centre - spread) / (1 + z2n));
    }
}
