package dev.litestage.search.trial;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one trial: the pipeline over a question set under a configuration. The seam between the
 * search and whatever measures a configuration (the benchmark evaluator, a cost model, a
 * synthetic stand-in in tests). Implementations may be slow; callers cache.
 *
 * <p>Strategies hand over whole batches of independent trials ({@link #evaluateAll}): a greedy
 * stage's budgets, a genetic generation, a baseline sweep. An evaluator that can run trials side
 * by side (on a cluster: one task per trial) overrides it; the default runs them one by one, in
 * order, so a batch and the same trials asked one at a time give the same results.
 */
@FunctionalInterface
public interface TrialEvaluator {

    /**
     * Measures {@code config}.
     *
     * @return the trial's result; its {@link TrialResult#config()} equals {@code config}
     */
    TrialResult evaluate(TrialConfig config);

    /**
     * Measures every one of {@code configs}, which are distinct.
     *
     * @return one result per config, in the same order
     */
    default List<TrialResult> evaluateAll(List<TrialConfig> configs) {
        List<TrialResult> results = new ArrayList<>(configs.size());
        for (TrialConfig config : configs) {
            results.add(evaluate(config));
        }
        return results;
    }
}
