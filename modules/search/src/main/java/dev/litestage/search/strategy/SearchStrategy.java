package dev.litestage.search.strategy;

/**
 * A way to explore the search space. A strategy evaluates trials only through
 * {@link SearchRun#evaluate}, so its budget is enforced and every trial is cached and journaled.
 */
public interface SearchStrategy {

    /** The strategy's name, as written to {@code trials.csv}. */
    String name();

    /**
     * Explores and chooses a configuration.
     *
     * @param run the space, settings, budget and full-model reference of this search
     * @return the chosen trial (one meeting the accuracy target; the full model when nothing else
     *         does) and the Pareto front the strategy ends with
     */
    StrategyResult search(SearchRun run);
}
