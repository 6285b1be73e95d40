package dev.litestage.reasoning;

import dev.litestage.model.SkipMask;
import java.util.Objects;

/**
 * How one stage runs: which sublayers it skips and its early-exit setting.
 *
 * @param stage     the stage's name (matches {@link StageSpec#name()})
 * @param mask      skipped sublayers, applied to the stage's prefill and decode
 * @param earlyExit the stage's confidence early exit
 */
public record StageProfile(String stage, SkipMask mask, EarlyExit earlyExit) {
    public StageProfile {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(earlyExit, "earlyExit");
    }
}
