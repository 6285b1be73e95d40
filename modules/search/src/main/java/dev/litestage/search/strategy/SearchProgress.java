package dev.litestage.search.strategy;

/**
 * Where a search stands, for progress displays: a strategy announces each phase it enters (for
 * the greedy search, one phase per stage) with the trials it expects to evaluate there. Trials
 * themselves are reported by whoever wraps the evaluator.
 */
@FunctionalInterface
public interface SearchProgress {

    /** Ignores every announcement. */
    SearchProgress NONE = (phase, expectedTrials) -> { };

    /**
     * Called when the strategy enters {@code phase}.
     *
     * @param phase          a short name, e.g. {@code "stage analyze"}
     * @param expectedTrials trials the phase evaluates at most (cached ones included)
     */
    void phaseStarted(String phase, int expectedTrials);
}
