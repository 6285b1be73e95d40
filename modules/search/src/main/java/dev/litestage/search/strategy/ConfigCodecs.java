package dev.litestage.search.strategy;

import dev.litestage.model.SkipMask;
import dev.litestage.model.Sublayer;
import dev.litestage.search.SearchSpace;
import dev.litestage.search.trial.TrialConfig;
import io.jenetics.BitChromosome;
import io.jenetics.BitGene;
import io.jenetics.Chromosome;
import io.jenetics.Genotype;
import io.jenetics.IntegerChromosome;
import io.jenetics.IntegerGene;
import io.jenetics.engine.Codec;
import io.jenetics.util.Factory;
import io.jenetics.util.IntRange;
import io.jenetics.util.RandomRegistry;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.random.RandomGenerator;

/** The Jenetics encodings of the search space's configurations. */
final class ConfigCodecs {

    private ConfigCodecs() {
    }

    /**
     * Per-stage budgets: one {@link IntegerChromosome} with one gene per stage, in pipeline order,
     * each in {@code 0..kmax}; with early-exit candidates, a second chromosome with one gene per
     * stage choosing the stage's early exit among them.
     */
    static Codec<TrialConfig, IntegerGene> budgets(SearchSpace space) {
        int stages = space.stages().size();
        IntegerChromosome budgets = IntegerChromosome.of(IntRange.of(0, space.kmax() + 1), stages);
        List<dev.litestage.reasoning.EarlyExit> exits = space.earlyExitCandidates();
        if (exits.isEmpty()) {
            return Codec.of(Genotype.of(budgets), gt -> space.budgets(gt.chromosome().as(IntegerChromosome.class).toArray()));
        }
        IntegerChromosome choices = IntegerChromosome.of(IntRange.of(0, exits.size()), stages);
        return Codec.of(Genotype.of(budgets, choices), gt -> {
            TrialConfig config = space.budgets(gt.get(0).as(IntegerChromosome.class).toArray());
            int[] chosen = gt.get(1).as(IntegerChromosome.class).toArray();
            for (int s = 0; s < stages; s++) {
                config = config.withEarlyExit(space.stages().get(s), exits.get(chosen[s]));
            }
            return config;
        });
    }

    /**
     * Free per-stage masks: one {@link BitChromosome} of {@code 2 * layers} bits per stage, bit
     * {@code i} set when sublayer {@link Sublayer#ofIndex(int) i} is skipped. New genotypes skip a
     * uniformly drawn {@code 0..kmax} sublayers per stage at random positions.
     */
    static Codec<TrialConfig, BitGene> masks(SearchSpace space) {
        int n = space.sublayers();
        double ones = Math.max(1e-6, Math.min(0.5, space.kmax() / (2.0 * n)));
        Factory<Genotype<BitGene>> factory = () -> {
            RandomGenerator random = RandomRegistry.random();
            List<BitChromosome> stages = new ArrayList<>();
            for (int s = 0; s < space.stages().size(); s++) {
                stages.add(BitChromosome.of(randomBits(random, n, random.nextInt(space.kmax() + 1)), n, ones));
            }
            return Genotype.of(stages);
        };
        return Codec.of(factory, gt -> decodeMasks(space, gt));
    }

    static TrialConfig decodeMasks(SearchSpace space, Genotype<BitGene> gt) {
        List<SkipMask> masks = new ArrayList<>(gt.length());
        for (Chromosome<BitGene> c : gt) {
            List<Sublayer> skipped = new ArrayList<>();
            c.as(BitChromosome.class).ones().forEach(i -> skipped.add(Sublayer.ofIndex(i)));
            masks.add(SkipMask.of(space.layers(), skipped));
        }
        return space.masks(masks);
    }

    /** {@code k} distinct positions of {@code n}, by a partial Fisher-Yates shuffle. */
    private static BitSet randomBits(RandomGenerator random, int n, int k) {
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        BitSet bits = new BitSet(n);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int swap = positions[i];
            positions[i] = positions[j];
            positions[j] = swap;
            bits.set(positions[i]);
        }
        return bits;
    }
}
