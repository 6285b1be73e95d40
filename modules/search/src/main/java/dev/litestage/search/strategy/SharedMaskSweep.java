package dev.litestage.search.strategy;

import dev.litestage.model.SkipMask;
import dev.litestage.search.SearchSpace;
import dev.litestage.search.trial.TrialConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A baseline that runs one mask in every stage alike and sweeps how many sublayers it skips,
 * {@code k = 0..kmax}, choosing the fastest {@code k} that meets the target. Stage-agnostic by
 * design: it is what stage-wise allocation is compared against.
 */
public final class SharedMaskSweep implements SearchStrategy {

    private final String name;
    private final BiFunction<SearchSpace, Integer, SkipMask> mask;

    private SharedMaskSweep(String name, BiFunction<SearchSpace, Integer, SkipMask> mask) {
        this.name = name;
        this.mask = mask;
    }

    /** Uniform ("unified") skipping: {@link SearchSpace#uniformMask(int)}, evenly spaced, importance ignored. */
    public static SharedMaskSweep uniform() {
        return new SharedMaskSweep("uniform", SearchSpace::uniformMask);
    }

    /** AdaSkip-style skipping: {@link SearchSpace#globalTopMask(int)}, the global top-N by accumulated importance. */
    public static SharedMaskSweep adaSkip() {
        return new SharedMaskSweep("adaskip", SearchSpace::globalTopMask);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public StrategyResult search(SearchRun run) {
        SearchSpace space = run.space();
        run.progress().phaseStarted("budgets 0.." + space.kmax(), space.kmax() + 1);
        List<TrialConfig> sweep = new ArrayList<>();
        for (int k = 0; k <= space.kmax(); k++) {
            sweep.add(space.shared(mask.apply(space, k)));
        }
        run.evaluateAll(sweep); // one batch; the budget keeps what it allows

        return new StrategyResult(run.fastestFeasible(), run.paretoFront());
    }
}
