package dev.litestage.search;

import dev.litestage.reasoning.EarlyExit;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one layer-allocation search. Every field is checked when the record is built,
 * and the model-dependent ones by {@link #requireFits(int)}, so that a bad setting fails with a
 * message naming the field ({@code search.kmax: 40 exceeds the model's 16 sublayers}) before any
 * trial runs.
 *
 * @param strategy             which strategy or baseline runs
 * @param epsilon              accuracy the search may give up: the target is the full model's
 *                             accuracy minus {@code epsilon}, as a fraction in [0, 1]
 * @param kmax                 the most sublayers one stage may skip, {@code >= 0}
 * @param ranking              which importance ranking a stage's budget draws from
 * @param genome               how the genetic strategy encodes a configuration
 * @param population           genetic and NSGA-II population size, {@code >= 2}
 * @param generations          genetic and NSGA-II generations, {@code >= 1}
 * @param seed                 the random seed; equal seeds give equal searches
 * @param maxEvaluations       the most distinct trials the strategy may evaluate, full model
 *                             included, {@code >= 1}
 * @param mutationProbability  per-gene mutation probability, in [0, 1]
 * @param crossoverProbability per-individual crossover probability, in [0, 1]
 * @param earlyExit            the early exit every searched configuration runs with (the full
 *                             model reference never uses one)
 * @param targetConfidence     0 to accept a trial whose measured accuracy reaches the target (the
 *                             paper's rule); otherwise a level in (0.5, 1) at which the trial's
 *                             accuracy must reach it: its one-sided Wilson lower bound over the
 *                             questions it was measured on ({@link WilsonScore})
 * @param earlyExitCandidates  the early exits searched per stage (empty: every stage runs
 *                             {@code earlyExit}); the greedy strategy tunes each stage's after its
 *                             budget, the genetic ones carry a gene per stage
 */
public record SearchConfig(Strategy strategy, double epsilon, int kmax, BudgetRanking ranking, Genome genome,
                           int population, int generations, long seed, int maxEvaluations,
                           double mutationProbability, double crossoverProbability, EarlyExit earlyExit,
                           double targetConfidence, List<EarlyExit> earlyExitCandidates) {

    public SearchConfig {
        Objects.requireNonNull(strategy, "search.strategy");
        Objects.requireNonNull(ranking, "search.ranking");
        Objects.requireNonNull(genome, "search.genome");
        Objects.requireNonNull(earlyExit, "search.earlyExit");
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("search.epsilon: must be an accuracy fraction in [0, 1], was " + epsilon);
        }
        if (kmax < 0) {
            throw new IllegalArgumentException("search.kmax: must be >= 0, was " + kmax);
        }
        if (population < 2) {
            throw new IllegalArgumentException("search.population: must be >= 2, was " + population);
        }
        if (generations < 1) {
            throw new IllegalArgumentException("search.generations: must be >= 1, was " + generations);
        }
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("search.maxEvaluations: must be >= 1 (the full model is a trial), was "
                    + maxEvaluations);
        }
        if (!(targetConfidence == 0 || (targetConfidence > 0.5 && targetConfidence < 1))) {
            throw new IllegalArgumentException("search.target_confidence: must be 0 (off) or a level in (0.5, 1), was "
                    + targetConfidence);
        }
        probability("search.mutationProbability", mutationProbability);
        probability("search.crossoverProbability", crossoverProbability);
        earlyExitCandidates = List.copyOf(earlyExitCandidates);
    }

    /**
     * A builder with the defaults: greedy, epsilon 0.02, kmax 8, per-stage ranking, no early exit,
     * the target judged on measured accuracy.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder().strategy(strategy).epsilon(epsilon).kmax(kmax).ranking(ranking).genome(genome)
                .population(population).generations(generations).seed(seed).maxEvaluations(maxEvaluations)
                .mutationProbability(mutationProbability).crossoverProbability(crossoverProbability)
                .earlyExit(earlyExit).targetConfidence(targetConfidence).earlyExitCandidates(earlyExitCandidates);
    }

    /**
     * Checks the settings that depend on the model.
     *
     * @param sublayers the model's skippable sublayers ({@code 2 * layers})
     * @throws IllegalArgumentException naming the field when a setting does not fit the model
     */
    public void requireFits(int sublayers) {
        if (kmax > sublayers) {
            throw new IllegalArgumentException("search.kmax: " + kmax + " exceeds the model's " + sublayers
                    + " sublayers");
        }
    }

    private static void probability(String field, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(field + ": must be a probability in [0, 1], was " + p);
        }
    }

    /** Builds a {@link SearchConfig}; the record's checks run in {@link #build()}. */
    public static final class Builder {
        private Strategy strategy = Strategy.GREEDY;
        private double epsilon = 0.02;
        private int kmax = 8;
        private BudgetRanking ranking = BudgetRanking.PER_STAGE;
        private Genome genome = Genome.BUDGETS;
        private int population = 16;
        private int generations = 10;
        private long seed = 42;
        private int maxEvaluations = Integer.MAX_VALUE;
        private double mutationProbability = 0.2;
        private double crossoverProbability = 0.5;
        private EarlyExit earlyExit = EarlyExit.OFF;
        private double targetConfidence;
        private List<EarlyExit> earlyExitCandidates = List.of();

        private Builder() {
        }

        public Builder earlyExitCandidates(List<EarlyExit> candidates) {
            this.earlyExitCandidates = candidates;
            return this;
        }

        public Builder strategy(Strategy strategy) {
            this.strategy = strategy;
            return this;
        }

        /** Sets the strategy by name or alias; an unknown name fails here, naming {@code search.strategy}. */
        public Builder strategy(String name) {
            return strategy(Strategy.parse(name));
        }

        public Builder epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        public Builder kmax(int kmax) {
            this.kmax = kmax;
            return this;
        }

        public Builder ranking(BudgetRanking ranking) {
            this.ranking = ranking;
            return this;
        }

        public Builder genome(Genome genome) {
            this.genome = genome;
            return this;
        }

        public Builder population(int population) {
            this.population = population;
            return this;
        }

        public Builder generations(int generations) {
            this.generations = generations;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder maxEvaluations(int maxEvaluations) {
            this.maxEvaluations = maxEvaluations;
            return this;
        }

        public Builder mutationProbability(double mutationProbability) {
            this.mutationProbability = mutationProbability;
            return this;
        }

        public Builder crossoverProbability(double crossoverProbability) {
            this.crossoverProbability = crossoverProbability;
            return this;
        }

        public Builder earlyExit(EarlyExit earlyExit) {
            this.earlyExit = earlyExit;
            return this;
        }

        public Builder targetConfidence(double targetConfidence) {
            this.targetConfidence = targetConfidence;
            return this;
        }

        public SearchConfig build() {
            return new SearchConfig(strategy, epsilon, kmax, ranking, genome, population, generations, seed,
                    maxEvaluations, mutationProbability, crossoverProbability, earlyExit, targetConfidence,
                    earlyExitCandidates);
        }
    }
}
