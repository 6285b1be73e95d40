package dev.litestage.training;

import dev.litestage.model.ModelConfig;
import dev.litestage.model.weights.LayerWeights;
import dev.litestage.model.weights.ModelWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded GPT-2/Llama-style initialization: projections and embeddings drawn from
 * {@code normal(0, 0.02)}, the residual-writing projections ({@code wo}, {@code wDown}) scaled by
 * {@code 1/sqrt(2*layers)} so the residual stream's variance does not grow with depth, and all
 * RMSNorm weights one.
 *
 * <p>Values come from a Java {@link SplittableRandom} rather than ND4J's generator, so the same
 * seed gives bit-identical weights on every backend and thread count.
 */
final class InitialWeights {

    static final double STD = 0.02;

    private InitialWeights() {
    }

    /** Fresh weights for {@code config}, a pure function of {@code seed}. */
    static ModelWeights random(ModelConfig config, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int h = config.hiddenSize();
        int qDim = config.heads() * config.headDim();
        int kvDim = config.kvDim();
        int inter = config.intermediateSize();
        double residualStd = STD / Math.sqrt(2.0 * config.layers());
        INDArray embedding = normal(random, STD, config.vocabSize(), h);
        List<LayerWeights> layers = new ArrayList<>();
        for (int i = 0; i < config.layers(); i++) {
            layers.add(new LayerWeights(
                    ones(h),
                    normal(random, STD, h, qDim),
                    normal(random, STD, h, kvDim),
                    normal(random, STD, h, kvDim),
                    normal(random, residualStd, qDim, h),
                    null, null, null,
                    ones(h),
                    normal(random, STD, h, inter),
                    normal(random, STD, h, inter),
                    normal(random, residualStd, inter, h)));
        }
        INDArray lmHead = normal(random, STD, h, config.vocabSize());
        return new ModelWeights(config, embedding, layers, ones(h), lmHead);
    }

    private static INDArray ones(int n) {
        return Nd4j.ones(DataType.FLOAT, n);
    }

    private static INDArray normal(SplittableRandom random, double std, int rows, int cols) {
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (gaussian(random) * std);
        }
        return Nd4j.create(values, new long[] {rows, cols}, DataType.FLOAT);
    }

    /** Box-Muller from two uniforms (SplittableRandom has no nextGaussian in Java 17). */
    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
