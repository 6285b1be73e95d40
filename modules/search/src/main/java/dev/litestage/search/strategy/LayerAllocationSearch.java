package dev.litestage.search.strategy;

import dev.litestage.search.SearchConfig;
import dev.litestage.search.SearchOutcome;
import dev.litestage.search.SearchSpace;

import dev.litestage.search.importance.SublayerImportance;
import dev.litestage.search.trial.TrialBudget;
import dev.litestage.search.trial.TrialEvaluator;
import dev.litestage.search.trial.TrialResult;
import java.util.List;

/**
 * The offline half of LiteStage: per stage, which sublayers to skip for the lowest end-to-end
 * latency within an accuracy target.
 *
 * <p>A run checks the configuration against the model, evaluates the full model (the first trial
 * of the budget; the target is its accuracy minus epsilon), then lets the configured strategy
 * explore. Pass the dev-split evaluator, wrapped in a {@link dev.litestage.search.trial.TrialCache}
 * with a journal to make the run resumable; measure the outcome on the test split with
 * {@link FinalEvaluation}.
 */
public final class LayerAllocationSearch {

    private LayerAllocationSearch() {
    }

    /**
     * Runs the configured strategy.
     *
     * @param config     the search settings
     * @param stages     the pipeline's stage names, in order
     * @param importance the sublayer importance measured on calibration prompts
     * @param evaluator  the dev-split trial evaluator
     * @throws IllegalArgumentException naming the field when a setting does not fit the model or
     *                                  the stages; no trial runs in that case
     */
    public static SearchOutcome run(SearchConfig config, List<String> stages, SublayerImportance importance,
                                    TrialEvaluator evaluator) {
        return run(config, stages, importance, evaluator, SearchProgress.NONE);
    }

    /**
     * Runs the configured strategy, announcing its phases to {@code progress} (the full model's
     * trial is the phase {@code "full model"}).
     */
    public static SearchOutcome run(SearchConfig config, List<String> stages, SublayerImportance importance,
                                    TrialEvaluator evaluator, SearchProgress progress) {
        return run(config, SearchSpace.of(config, stages, importance), evaluator, progress);
    }

    /** Runs the configured strategy over an already built space. */
    public static SearchOutcome run(SearchConfig config, SearchSpace space, TrialEvaluator evaluator) {
        return run(config, space, evaluator, SearchProgress.NONE);
    }

    /** Runs the configured strategy over an already built space, announcing its phases to {@code progress}. */
    public static SearchOutcome run(SearchConfig config, SearchSpace space, TrialEvaluator evaluator,
                                    SearchProgress progress) {
        config.requireFits(space.sublayers());
        TrialBudget budget = new TrialBudget(evaluator, config.maxEvaluations());
        progress.phaseStarted("full model", 1);
        TrialResult full = budget.evaluate(space.fullModel()).orElseThrow();
        SearchRun run = new SearchRun(space, config, budget, full, progress);
        SearchStrategy strategy = Strategies.create(config.strategy());
        StrategyResult result = strategy.search(run);
        return new SearchOutcome(config.strategy(), result.chosen(), full, run.targetAccuracy(), budget.used(),
                budget.trials(), result.front());
    }
}
