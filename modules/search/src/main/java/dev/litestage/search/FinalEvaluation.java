package dev.litestage.search;

import dev.litestage.search.trial.PairedSpeedup;
import dev.litestage.search.trial.ThroughputSpeedup;
import dev.litestage.search.trial.TrialResult;
import java.util.Objects;

/**
 * The chosen configuration measured on the held-out split: selection used the dev split, the
 * figures to report come from here.
 *
 * @param fullModel  the full model on the whole evaluation split (accuracy, tokens, early exits)
 * @param chosen     the chosen configuration on the same questions
 * @param speedup    batch-1 wall-clock speedup on a timing sample, paired per question, with its interval
 * @param throughput questions per second of each at the serving batch size
 */
public record FinalEvaluation(TrialResult fullModel, TrialResult chosen, PairedSpeedup speedup,
                              ThroughputSpeedup throughput) {

    public FinalEvaluation {
        Objects.requireNonNull(fullModel, "fullModel");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(speedup, "speedup");
        Objects.requireNonNull(throughput, "throughput");
    }

    /** Accuracy given up on the evaluation split: full-model accuracy minus the chosen configuration's. */
    public double accuracyLoss() {
        return fullModel.accuracy() - chosen.accuracy();
    }
}
