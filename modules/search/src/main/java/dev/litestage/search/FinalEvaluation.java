package dev.litestage.search;

import dev.litestage.search.trial.InterleavedSpeedup;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialEvaluator;
import dev.litestage.search.trial.TrialResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The chosen configuration measured on the held-out split: selection used the dev split, the
 * figures to report come from here.
 *
 * @param fullModel the full model on the test split
 * @param chosen    the chosen configuration on the test split
 * @param speedup   the wall-clock speedup of the chosen configuration over the full model, from
 *                  interleaved runs in one process
 */
public record FinalEvaluation(TrialResult fullModel, TrialResult chosen, InterleavedSpeedup speedup) {

    public FinalEvaluation {
        Objects.requireNonNull(fullModel, "fullModel");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(speedup, "speedup");
    }

    /**
     * Measures {@code outcome}'s choice on the test split: {@code speedupRounds} rounds, each
     * running the full model and the choice once over the whole split, in alternating order
     * (full first in even rounds). The first round's runs give the accuracies and per-stage
     * figures (greedy decoding answers alike in every round); every round's wall times give the
     * speedup. No warm-up run: the search has just run the same model and graphs for minutes.
     *
     * @param test          the test-split evaluator; must not be cached, since the speedup needs
     *                      real runs
     * @param speedupRounds interleaved timing rounds, {@code >= 1}
     */
    public static FinalEvaluation measure(SearchOutcome outcome, TrialEvaluator test, int speedupRounds) {
        TrialConfig fullConfig = outcome.fullModel().config();
        TrialConfig chosenConfig = outcome.chosenConfig();
        List<TrialResult> full = new ArrayList<>();
        List<TrialResult> chosen = new ArrayList<>();
        InterleavedSpeedup speedup = InterleavedSpeedup.measure(() -> full.add(test.evaluate(fullConfig)),
                () -> chosen.add(test.evaluate(chosenConfig)), speedupRounds, 0);
        return new FinalEvaluation(full.get(0), chosen.get(0), speedup);
    }

    /** Accuracy given up on the test split: full-model accuracy minus the chosen configuration's. */
    public double accuracyLoss() {
        return fullModel.accuracy() - chosen.accuracy();
    }
}
