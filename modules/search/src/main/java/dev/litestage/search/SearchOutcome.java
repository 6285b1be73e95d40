package dev.litestage.search;

import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialResult;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a search found, on the split it searched (dev).
 *
 * @param strategy       the strategy that searched
 * @param chosen         the chosen configuration's trial
 * @param fullModel      the full model's trial (nothing skipped, no early exit)
 * @param targetAccuracy the accuracy the chosen configuration had to reach
 * @param evaluations    distinct trials the strategy used, the full model included
 * @param trials         every trial the strategy used, in the order first requested
 * @param front          the strategy's Pareto front of (latency, accuracy), fastest first
 */
public record SearchOutcome(Strategy strategy, TrialResult chosen, TrialResult fullModel, double targetAccuracy,
                            int evaluations, List<TrialResult> trials, List<TrialResult> front) {

    public SearchOutcome {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(fullModel, "fullModel");
        trials = List.copyOf(trials);
        front = List.copyOf(front);
    }

    /** The chosen configuration. */
    public TrialConfig chosenConfig() {
        return chosen.config();
    }

    /** The chosen configuration as a reasoning profile, for export and deployment. */
    public ReasoningProfile chosenProfile() {
        return chosen.config().toProfile();
    }

    /** Keys of the trials on the front. */
    public Set<String> frontKeys() {
        return front.stream().map(TrialResult::key).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The speedup the search's own measurements predict, {@code full latency / chosen latency};
     * the figure to report comes from {@link FinalEvaluation}.
     */
    public double estimatedSpeedup() {
        return fullModel.latencyMs() / chosen.latencyMs();
    }
}
