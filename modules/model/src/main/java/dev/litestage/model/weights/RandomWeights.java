package dev.litestage.model.weights;

import dev.litestage.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded random weights of any shape: for benchmarks of models that cannot be downloaded here
 * (e.g. one shaped like SmolLM2-135M) and for tests. Projections are normal with standard
 * deviation {@code std}; norm weights are near 1 so that skipping changes the output measurably.
 */
public final class RandomWeights {

    private RandomWeights() {
    }

    public static ModelWeights of(ModelConfig c, long seed, double std) {
        SplittableRandom random = new SplittableRandom(seed);
        int d = c.hiddenSize();
        int q = c.heads() * c.headDim();
        int kv = c.kvDim();
        int ff = c.intermediateSize();
        INDArray embedding = normal(random, std * 10, c.vocabSize(), d);
        List<LayerWeights> layers = new ArrayList<>();
        for (int i = 0; i < c.layers(); i++) {
            boolean bias = c.attentionBias();
            layers.add(new LayerWeights(
                    nearOne(random, d),
                    normal(random, std, d, q),
                    normal(random, std, d, kv),
                    normal(random, std, d, kv),
                    normal(random, std, q, d),
                    bias ? normal(random, std, q) : null,
                    bias ? normal(random, std, kv) : null,
                    bias ? normal(random, std, kv) : null,
                    nearOne(random, d),
                    normal(random, std, d, ff),
                    normal(random, std, d, ff),
                    normal(random, std, ff, d)));
        }
        INDArray norm = nearOne(random, d);
        INDArray head = c.tiedEmbeddings() ? embedding.transpose().dup('c') : normal(random, std, d, c.vocabSize());
        return new ModelWeights(c, embedding, layers, norm, head);
    }

    private static INDArray nearOne(SplittableRandom random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (0.8 + 0.4 * random.nextDouble());
        }
        return Nd4j.createFromArray(a);
    }

    private static INDArray normal(SplittableRandom random, double std, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] a = new float[Math.toIntExact(n)];
        for (int i = 0; i < a.length; i++) {
            // Box-Muller; SplittableRandom has no nextGaussian in Java 17
            double u = 1.0 - random.nextDouble();
            double v = random.nextDouble();
            a[i] = (float) (std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
        }
        return shape.length == 1 ? Nd4j.createFromArray(a) : Nd4j.create(a, shape, 'c');
    }
}
