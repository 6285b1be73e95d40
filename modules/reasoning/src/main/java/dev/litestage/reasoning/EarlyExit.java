package dev.litestage.reasoning;

/**
 * The online half of the method: stop a stage's decoding when its confidence collapses. When the
 * last {@code window} generated tokens are all known and their mean confidence (maximum softmax
 * probability) is {@code <= threshold}, the stage stops as if it had produced EOS.
 *
 * @param enabled   whether early exit applies at all
 * @param window    number of most recent tokens averaged ({@code >= 1})
 * @param threshold mean confidence at or below which the stage stops, in [0, 1]
 */
public record EarlyExit(boolean enabled, int window, double threshold) {

    /** Early exit switched off. */
    public static final EarlyExit OFF = new EarlyExit(false, 1, 0);

    public EarlyExit {
        if (window < 1) {
            throw new IllegalArgumentException("early-exit window must be >= 1, was " + window);
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("early-exit threshold must be in [0, 1], was " + threshold);
        }
    }

    public static EarlyExit of(int window, double threshold) {
        return new EarlyExit(true, window, threshold);
    }
}
