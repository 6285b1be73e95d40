package dev.litestage.experiment.run;

import dev.litestage.search.trial.TrialResult;
import java.util.Objects;

/**
 * One configuration's masks measured with confidence early exit on and with it off, on the
 * selection split: what early exit changes there (tokens, latency, accuracy per stage).
 *
 * @param label what the configuration is ("chosen", "most skipped 2", ...)
 * @param on    the masks with early exit on
 * @param off   the same masks with early exit off
 */
public record EarlyExitPair(String label, TrialResult on, TrialResult off) {
    public EarlyExitPair {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(on, "on");
        Objects.requireNonNull(off, "off");
    }
}
