package dev.litestage.training;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which sublayers a training step runs: stochastic depth per sublayer. Each attention and MLP
 * sublayer is left out of a step independently with probability {@code rate}; a left-out
 * sublayer adds nothing to the residual stream, exactly as when the engine skips it.
 *
 * <p>Why: a model trained only with all sublayers present leans on every one of them, so skipping
 * any at inference costs accuracy fast. Training with sublayers randomly absent (LayerSkip,
 * Elhoushi et al. 2024; stochastic depth, Huang et al. 2016) teaches the residual stream to
 * tolerate their absence, which is what a layer-skipping search needs from a reference model.
 *
 * <p>The first and last {@code edgeLayers} layers are never dropped.
 *
 * <p>Dropping starts at a configurable step: a small model that must first memorize its facts
 * learns them far more slowly with sublayers missing, so it learns them whole and then learns to
 * spread them.
 *
 * <p>The gates of a step depend only on the seed and the step number, so a run resumed from a
 * checkpoint draws the same gates as an uninterrupted one.
 */
final class SublayerDropout {

    private static final long STEP_MIX = 0x9E3779B97F4A7C15L;

    private final double rate;
    private final int startStep;
    private final int edgeLayers;
    private final long seed;
    private final int sublayers;

    /**
     * @param rate       probability that a sublayer is left out of a step, in [0, 1)
     * @param startStep  first step (1-based) that leaves sublayers out
     * @param edgeLayers layers at each end whose sublayers always run
     * @param seed       the run's seed
     * @param sublayers  sublayers of the model (twice its layers)
     */
    SublayerDropout(double rate, int startStep, int edgeLayers, long seed, int sublayers) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("sublayer dropout rate must lie in [0, 1): " + rate);
        }
        this.rate = rate;
        this.startStep = startStep;
        this.edgeLayers = edgeLayers;
        this.seed = seed;
        this.sublayers = sublayers;
    }

    /**
     * The gates of {@code step}: index {@code 2*layer} is the layer's attention, {@code 2*layer+1}
     * its MLP; 1 runs the sublayer, 0 leaves it out.
     */
    float[] gates(int step) {
        float[] gates = allOpen(sublayers);
        if (rate == 0 || step < startStep) {
            return gates;
        }
        SplittableRandom random = new SplittableRandom(seed ^ (step * STEP_MIX));
        for (int i = 0; i < sublayers; i++) {
            // one draw per sublayer, edge or not, so the middle layers' gates do not depend on edgeLayers
            boolean edge = i < 2 * edgeLayers || i >= sublayers - 2 * edgeLayers;
            if (random.nextDouble() < rate && !edge) {
                gates[i] = 0f;
            }
        }
        return gates;
    }

    /** Gates that run every sublayer: evaluation and inference. */
    static float[] allOpen(int sublayers) {
        float[] gates = new float[sublayers];
        Arrays.fill(gates, 1f);
        return gates;
    }
}
