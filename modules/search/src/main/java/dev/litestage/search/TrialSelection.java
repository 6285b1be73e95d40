package dev.litestage.search;

import dev.litestage.search.trial.TrialResult;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;

/**
 * Which trial a search chooses, as one function for every caller (a search run, {@code export}
 * from a journal): the fastest trial that reaches the target accuracy, full-model accuracy minus
 * epsilon, by the search's rule (its measured accuracy, or with a target confidence the Wilson
 * lower bound of its accuracy); the full model when none does.
 */
public final class TrialSelection {

    /** Orders trials by latency, then by accuracy (higher first), then by key: a total, stable order. */
    public static final Comparator<TrialResult> FASTEST_FIRST = Comparator.comparingDouble(TrialResult::latencyMs)
            .thenComparing(Comparator.comparingDouble(TrialResult::accuracy).reversed())
            .thenComparing(TrialResult::key);

    private TrialSelection() {
    }

    /** The fastest of {@code trials} reaching {@code full}'s accuracy minus {@code config}'s epsilon. */
    public static TrialResult fastestFeasible(Collection<TrialResult> trials, TrialResult full, SearchConfig config) {
        Objects.requireNonNull(full, "full");
        double target = full.accuracy() - config.epsilon();
        return trials.stream().filter(t -> feasible(config, t, target)).min(FASTEST_FIRST).orElse(full);
    }

    /**
     * Whether {@code trial} reaches {@code targetAccuracy} under {@code config}'s rule: its
     * measured accuracy does, or, with a {@linkplain SearchConfig#targetConfidence() target
     * confidence}, the lower confidence bound of its accuracy over the questions it was measured
     * on does. The bound guards against the winner's curse: among many trials, the fastest one that
     * meets the target by its measured accuracy is the one most likely to have been lucky.
     */
    public static boolean feasible(SearchConfig config, TrialResult trial, double targetAccuracy) {
        if (config.targetConfidence() == 0) {
            return trial.meets(targetAccuracy);
        }
        double bound = WilsonScore.lowerBound(trial.accuracy(), trial.questions(), config.targetConfidence());
        return bound >= targetAccuracy - 1e-9;
    }
}
