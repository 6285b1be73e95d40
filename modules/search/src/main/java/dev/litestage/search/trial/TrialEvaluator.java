package dev.litestage.search.trial;

/**
 * Runs one trial: the pipeline over a question set under a configuration. The seam between the
 * search and whatever measures a configuration (the benchmark evaluator, a cost model, a
 * synthetic stand-in in tests). Implementations may be slow; callers cache.
 */
@FunctionalInterface
public interface TrialEvaluator {

    /**
     * Measures {@code config}.
     *
     * @return the trial's result; its {@link TrialResult#config()} equals {@code config}
     */
    TrialResult evaluate(TrialConfig config);
}
