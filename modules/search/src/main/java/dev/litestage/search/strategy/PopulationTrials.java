package dev.litestage.search.strategy;

import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialResult;
import io.jenetics.Alterer;
import io.jenetics.AltererResult;
import io.jenetics.Gene;
import io.jenetics.Phenotype;
import io.jenetics.engine.Codec;
import io.jenetics.engine.Evaluator;
import io.jenetics.util.ISeq;
import io.jenetics.util.MSeq;
import io.jenetics.util.Seq;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Jenetics' seams through which an evolutionary strategy hands a whole population's trials to the
 * trial evaluator as one batch (on a cluster, one task per trial) instead of one at a time. The
 * batches hold the same trials in the same order as Jenetics' serial evaluation asks for them, so
 * the budget is spent, and the evolution runs, exactly as with one trial at a time.
 */
final class PopulationTrials {

    private PopulationTrials() {
    }

    /**
     * Jenetics' population {@link Evaluator}: the trials of the phenotypes not yet evaluated, in
     * population order, measured as one batch, then each phenotype's fitness from its trial
     * ({@code fitness} gets an empty trial when the budget could not measure it). A configuration
     * that is not {@code wellFormed} is never measured; its fitness is {@code malformed}.
     */
    static <G extends Gene<?, G>, C extends Comparable<? super C>> Evaluator<G, C> evaluator(
            SearchRun run, Codec<TrialConfig, G> codec, Predicate<TrialConfig> wellFormed,
            Function<Optional<TrialResult>, C> fitness, C malformed) {
        return population -> {
            MSeq<Phenotype<G, C>> out = MSeq.of(population);
            List<Integer> positions = new ArrayList<>();
            List<TrialConfig> batch = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                Phenotype<G, C> pt = out.get(i);
                if (pt.isEvaluated()) {
                    continue;
                }
                TrialConfig config = codec.decode(pt.genotype());
                if (wellFormed.test(config)) {
                    positions.add(i);
                    batch.add(config);
                } else {
                    out.set(i, pt.withFitness(malformed));
                }
            }
            List<Optional<TrialResult>> trials = run.evaluateAll(batch);
            for (int j = 0; j < positions.size(); j++) {
                int i = positions.get(j);
                out.set(i, out.get(i).withFitness(fitness.apply(trials.get(j))));
            }
            return out.toISeq();
        };
    }

    /**
     * An alterer that alters nothing: placed after the real ones, it measures the altered
     * offspring's trials as one batch, so that the {@link io.jenetics.engine.Constraint}, which
     * Jenetics calls one individual at a time right after alteration, finds them measured.
     */
    static <G extends Gene<?, G>, C extends Comparable<? super C>> Alterer<G, C> measuringOffspring(
            SearchRun run, Codec<TrialConfig, G> codec, Predicate<TrialConfig> wellFormed) {
        return (Seq<Phenotype<G, C>> population, long generation) -> {
            List<TrialConfig> batch = new ArrayList<>();
            for (Phenotype<G, C> pt : population) {
                TrialConfig config = codec.decode(pt.genotype());
                if (wellFormed.test(config)) {
                    batch.add(config);
                }
            }
            run.evaluateAll(batch);
            return new AltererResult<>(ISeq.of(population), 0);
        };
    }
}
