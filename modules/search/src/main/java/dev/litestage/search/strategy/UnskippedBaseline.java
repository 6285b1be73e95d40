package dev.litestage.search.strategy;

import dev.litestage.search.trial.TrialResult;

/**
 * The no-skipping baseline: every stage runs all sublayers, with the search's early exit (the
 * full model itself when early exit is off). Chosen when it meets the target, else the full model.
 */
public final class UnskippedBaseline implements SearchStrategy {

    @Override
    public String name() {
        return "none";
    }

    @Override
    public StrategyResult search(SearchRun run) {
        int[] zeros = new int[run.space().stages().size()];
        TrialResult chosen = run.evaluate(run.space().budgets(zeros)).filter(run::feasible).orElse(run.fullModel());
        return new StrategyResult(chosen, run.paretoFront());
    }
}
