package dev.litestage.model.engine;

import dev.litestage.model.ModelConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RoPE factors laid out to multiply the fused projection {@code [qkv | qkvR]} of {@link FoldedLayer}
 * (columns in its (kvHead, feature, member) order): {@code cos} under query and key columns of the
 * first half, {@code sin} under those of the second, 1 and 0 under value columns, where for feature
 * f of a head the angle is {@code position * theta^(-2(f mod half)/headDim)} ("rotate half").
 */
final class RotaryTables {

    private final ModelConfig config;
    private final double[] inverseFrequency;

    RotaryTables(ModelConfig c) {
        this.config = c;
        int half = c.headDim() / 2;
        inverseFrequency = new double[half];
        for (int i = 0; i < half; i++) {
            inverseFrequency[i] = Math.pow(c.ropeTheta(), -2.0 * i / c.headDim());
        }
    }

    /** Width of one half of the fused projection: {@code q + 2*kv}. */
    int width() {
        return (config.heads() + 2 * config.kvHeads()) * config.headDim();
    }

    /** {@code [count, 2*width]} factors for positions {@code start..start+count-1}. */
    INDArray factors(int start, int count) {
        int n = width();
        int hd = config.headDim();
        int half = hd / 2;
        float[] f = new float[count * 2 * n];
        for (int t = 0; t < count; t++) {
            int base = t * 2 * n;
            for (int feature = 0; feature < hd; feature++) {
                double angle = (start + t) * inverseFrequency[feature % half];
                float cos = (float) Math.cos(angle);
                float sin = (float) Math.sin(angle);
                for (int h = 0; h < config.heads(); h++) {
                    int column = FoldedLayer.queryColumn(config, h, feature);
                    f[base + column] = cos;
                    f[base + n + column] = sin;
                }
                for (int j = 0; j < config.kvHeads(); j++) {
                    int column = FoldedLayer.keyColumn(config, j, feature);
                    f[base + column] = cos;
                    f[base + n + column] = sin;
                    f[base + column + 1] = 1; // the value passes unrotated; its rotated copy is multiplied by 0
                }
            }
        }
        return Nd4j.create(f, new long[] {count, 2L * n}, 'c');
    }

    /** {@link #factors} transposed, {@code [2*width, count]}: the layout of prefill's transposed projection. */
    INDArray factorsByFeature(int start, int count) {
        return factors(start, count).transpose().dup('c');
    }
}
