package dev.litestage.reasoning;

import dev.litestage.model.StopCondition;
import java.util.Objects;

/**
 * The confidence early exit of one generation: keeps the confidences of the last
 * {@code window} generated tokens and stops when the window is full and its mean is at or below
 * the threshold. A disabled setting never stops. One instance per generation.
 */
public final class ConfidenceEarlyExit implements StopCondition {

    private final EarlyExit setting;
    private final float[] recent;
    private long seen;
    private boolean fired;

    /** An exit following {@code setting}. */
    public ConfidenceEarlyExit(EarlyExit setting) {
        this.setting = Objects.requireNonNull(setting, "setting");
        this.recent = new float[setting.enabled() ? setting.window() : 0];
    }

    @Override
    public boolean shouldStop(int tokenId, float confidence) {
        if (!setting.enabled()) {
            return false;
        }
        recent[(int) (seen % recent.length)] = confidence;
        seen++;
        if (!fired && seen >= recent.length && windowMean() <= setting.threshold()) {
            fired = true;
        }
        return fired;
    }

    /** Mean of the window, summed oldest first so equal inputs always give the same mean. */
    private double windowMean() {
        int n = recent.length;
        int oldest = (int) (seen % n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += recent[(oldest + i) % n];
        }
        return sum / n;
    }

    /** Whether the exit has fired. */
    public boolean fired() {
        return fired;
    }

    /** The setting this exit follows. */
    public EarlyExit setting() {
        return setting;
    }
}
