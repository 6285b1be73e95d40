package dev.litestage.search.strategy;

import dev.litestage.model.SkipMask;
import dev.litestage.model.Sublayer;
import dev.litestage.search.SearchConfig;
import dev.litestage.search.SearchSpace;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialResult;
import io.jenetics.BitChromosome;
import io.jenetics.BitGene;
import io.jenetics.Gene;
import io.jenetics.Genotype;
import io.jenetics.IntegerChromosome;
import io.jenetics.IntegerGene;
import io.jenetics.Mutator;
import io.jenetics.Phenotype;
import io.jenetics.UniformCrossover;
import io.jenetics.engine.Codec;
import io.jenetics.engine.Constraint;
import io.jenetics.engine.Engine;
import io.jenetics.engine.Limits;
import io.jenetics.util.RandomRegistry;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A Jenetics genetic algorithm minimising end-to-end latency with the accuracy target as a
 * constraint. The genotype is either per-stage budgets or free per-stage masks
 * ({@link dev.litestage.search.Genome}).
 *
 * <p>Infeasible individuals are both repaired and penalised. The {@link Constraint} tests each
 * new individual (evaluating its trial, which the fitness then reads from the cache) and repairs
 * one that misses the target by moving it toward the full model: budgets are halved; a mask keeps
 * the more skippable half of its sublayers by the stage's ranking (a mask over {@code kmax} keeps
 * its {@code kmax} most skippable). A repaired individual is not re-tested, so the fitness also
 * ranks any infeasible trial behind every feasible one, by how far it misses the target.
 *
 * <p>The chosen configuration is the fastest evaluated trial that meets the target (the engine's
 * best phenotype is among them). Deterministic for a seed: the engine runs single-threaded
 * ({@code Runnable::run}) with a {@link Random} seeded from the configuration in Jenetics'
 * {@link RandomRegistry}. Evolution stops after the configured generations or when the trial
 * budget is spent; individuals the budget can no longer evaluate get the worst fitness.
 */
public final class GeneticStrategy implements SearchStrategy {

    /** Fitness floor of a trial that misses the target: beyond any real pipeline latency (ms). */
    static final double INFEASIBLE = 1e12;
    /** Fitness of an individual the budget could not evaluate. */
    static final double UNEVALUATED = Double.MAX_VALUE;

    @Override
    public String name() {
        return "genetic";
    }

    @Override
    public StrategyResult search(SearchRun run) {
        SearchSpace space = run.space();
        return switch (run.config().genome()) {
            case BUDGETS -> evolve(run, ConfigCodecs.budgets(space), c -> true, GeneticStrategy::halveBudgets);
            case MASKS -> evolve(run, ConfigCodecs.masks(space), c -> withinKmax(space, c),
                    gt -> thinMasks(space, gt));
        };
    }

    private <G extends Gene<?, G>> StrategyResult evolve(SearchRun run, Codec<TrialConfig, G> codec,
                                                         Predicate<TrialConfig> wellFormed,
                                                         UnaryOperator<Genotype<G>> repair) {
        SearchConfig config = run.config();
        run.announceEvolution();
        Constraint<G, Double> constraint = Constraint.of(
                pt -> {
                    TrialConfig c = codec.decode(pt.genotype());
                    return wellFormed.test(c) && run.evaluate(c).map(run::feasible).orElse(true);
                },
                (pt, generation) -> Phenotype.of(repair.apply(pt.genotype()), generation));
        // each generation's trials go to the evaluator in two batches: the altered offspring (which
        // the constraint then tests one by one) and the individuals still unmeasured (repaired or new)
        Engine<G, Double> engine = new Engine.Builder<>(
                PopulationTrials.evaluator(run, codec, wellFormed, t -> fitness(run, t), UNEVALUATED),
                codec.encoding())
                .constraint(constraint)
                .minimizing()
                .populationSize(config.population())
                .alterers(new Mutator<>(config.mutationProbability()),
                        new UniformCrossover<>(config.crossoverProbability()),
                        PopulationTrials.measuringOffspring(run, codec, wellFormed))
                .executor(Runnable::run)
                .build();
        // The stream runs for its evaluations, which the budget records. The engine's best
        // phenotype is the fittest individual that survived into some generation's result, which
        // an initial individual dropped by selection never does; every evaluated trial is a
        // measurement on the same split, so the choice is the fastest feasible of them all.
        RandomRegistry.using(new Random(config.seed()), random -> engine.stream()
                .limit(Limits.byFixedGeneration(config.generations()))
                .limit(result -> !run.trials().exhausted())
                .forEach(generation -> { }));
        return new StrategyResult(run.fastestFeasible(), run.paretoFront());
    }

    /** Latency when feasible; otherwise beyond every feasible latency, worse the further it misses. */
    static double fitness(SearchRun run, Optional<TrialResult> trial) {
        if (trial.isEmpty()) {
            return UNEVALUATED;
        }
        TrialResult t = trial.get();
        return run.feasible(t) ? t.latencyMs() : INFEASIBLE * (1 + run.targetAccuracy() - t.accuracy());
    }

    private static boolean withinKmax(SearchSpace space, TrialConfig config) {
        return config.stages().stream().allMatch(s -> s.mask().skippedCount() <= space.kmax());
    }

    /** Halves the budgets; early-exit genes, if any, are kept. */
    private static Genotype<IntegerGene> halveBudgets(Genotype<IntegerGene> gt) {
        IntegerChromosome budgets = gt.get(0).as(IntegerChromosome.class);
        List<IntegerChromosome> out = new ArrayList<>();
        out.add(budgets.map(values -> {
            for (int i = 0; i < values.length; i++) {
                values[i] /= 2;
            }
            return values;
        }));
        for (int c = 1; c < gt.length(); c++) {
            out.add(gt.get(c).as(IntegerChromosome.class));
        }
        return Genotype.of(out);
    }

    private static Genotype<BitGene> thinMasks(SearchSpace space, Genotype<BitGene> gt) {
        TrialConfig config = ConfigCodecs.decodeMasks(space, gt);
        List<BitChromosome> repaired = new ArrayList<>(gt.length());
        for (int s = 0; s < gt.length(); s++) {
            BitChromosome bits = gt.get(s).as(BitChromosome.class);
            SkipMask mask = config.stages().get(s).mask();
            int count = mask.skippedCount();
            int keep = count > space.kmax() ? space.kmax() : count / 2;
            BitSet kept = new BitSet(bits.length());
            for (Sublayer sub : space.ranking(space.stages().get(s))) {
                if (kept.cardinality() == keep) {
                    break;
                }
                if (mask.skips(sub)) {
                    kept.set(sub.index());
                }
            }
            repaired.add(BitChromosome.of(kept, bits.length(), bits.oneProbability()));
        }
        return Genotype.of(repaired);
    }
}
