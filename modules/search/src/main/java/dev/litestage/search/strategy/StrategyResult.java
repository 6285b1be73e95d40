package dev.litestage.search.strategy;

import dev.litestage.search.trial.TrialResult;
import java.util.List;
import java.util.Objects;

/**
 * What a strategy ends with.
 *
 * @param chosen the chosen trial
 * @param front  the Pareto front of (latency minimised, accuracy maximised) the strategy ends
 *               with, fastest first
 */
public record StrategyResult(TrialResult chosen, List<TrialResult> front) {

    public StrategyResult {
        Objects.requireNonNull(chosen, "chosen");
        front = List.copyOf(front);
    }
}
