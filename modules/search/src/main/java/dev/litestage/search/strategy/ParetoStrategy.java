package dev.litestage.search.strategy;

import dev.litestage.search.SearchConfig;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialResult;
import io.jenetics.IntegerGene;
import io.jenetics.Mutator;
import io.jenetics.Phenotype;
import io.jenetics.UniformCrossover;
import io.jenetics.engine.Codec;
import io.jenetics.engine.Engine;
import io.jenetics.engine.Limits;
import io.jenetics.ext.moea.MOEA;
import io.jenetics.ext.moea.NSGA2Selector;
import io.jenetics.ext.moea.Vec;
import io.jenetics.util.ISeq;
import io.jenetics.util.IntRange;
import io.jenetics.util.RandomRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * NSGA-II (Jenetics {@link NSGA2Selector}) over per-stage budgets with two objectives, latency
 * minimised and accuracy maximised, as the vector {@code (-latency, accuracy)}. The front is
 * collected over all generations with {@link MOEA#toParetoSet}; the chosen configuration is the
 * fastest front member meeting the target (the full model when none does).
 *
 * <p>Deterministic for a seed, like {@link GeneticStrategy}; stops after the configured
 * generations or when the trial budget is spent.
 */
public final class ParetoStrategy implements SearchStrategy {

    /** Objectives of an individual the budget could not evaluate: dominated by every evaluated one. */
    private static final Vec<double[]> UNEVALUATED = Vec.of(-GeneticStrategy.INFEASIBLE, -1);

    @Override
    public String name() {
        return "pareto";
    }

    @Override
    public StrategyResult search(SearchRun run) {
        SearchConfig config = run.config();
        run.announceEvolution();
        Codec<TrialConfig, IntegerGene> codec = ConfigCodecs.budgets(run.space());
        Engine<IntegerGene, Vec<double[]>> engine = new Engine.Builder<>(
                PopulationTrials.evaluator(run, codec, c -> true, ParetoStrategy::objectives, UNEVALUATED),
                codec.encoding())
                .selector(NSGA2Selector.ofVec())
                .maximizing()
                .populationSize(config.population())
                .alterers(new Mutator<>(config.mutationProbability()),
                        new UniformCrossover<>(config.crossoverProbability()))
                .executor(Runnable::run)
                .build();
        ISeq<Phenotype<IntegerGene, Vec<double[]>>> paretoSet = RandomRegistry.with(new Random(config.seed()),
                random -> engine.stream()
                        .limit(Limits.byFixedGeneration(config.generations()))
                        .limit(result -> !run.trials().exhausted())
                        .collect(MOEA.toParetoSet(IntRange.of(config.population(), Integer.MAX_VALUE))));
        Map<String, TrialResult> front = new LinkedHashMap<>();
        for (Phenotype<IntegerGene, Vec<double[]>> pt : paretoSet) {
            run.trials().known(codec.decode(pt.genotype())).ifPresent(t -> front.putIfAbsent(t.key(), t));
        }
        List<TrialResult> sorted = front.values().stream().sorted(SearchRun.FASTEST_FIRST).toList();
        return new StrategyResult(run.fastestFeasible(sorted), sorted);
    }

    private static Vec<double[]> objectives(Optional<TrialResult> trial) {
        return trial.map(t -> Vec.of(-t.latencyMs(), t.accuracy())).orElse(UNEVALUATED);
    }
}
