package dev.litestage.search.strategy;

import dev.litestage.search.Strategy;

/** The implementation of each {@link Strategy}. */
public final class Strategies {

    private Strategies() {
    }

    /** A new instance of {@code strategy}. */
    public static SearchStrategy create(Strategy strategy) {
        return switch (strategy) {
            case GREEDY -> new GreedyStrategy();
            case GENETIC -> new GeneticStrategy();
            case PARETO -> new ParetoStrategy();
            case NONE -> new UnskippedBaseline();
            case UNIFORM -> SharedMaskSweep.uniform();
            case ADASKIP -> SharedMaskSweep.adaSkip();
        };
    }
}
