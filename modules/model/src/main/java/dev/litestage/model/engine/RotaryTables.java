package dev.litestage.model.engine;

import dev.litestage.model.ModelConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RoPE factors laid out to multiply the fused projection {@code [q | k | v | qR | kR | 0]} of
 * {@link FoldedLayer}: {@code [cos | cos | 1 | sin | sin | 0]} per position, where for feature j
 * of a head the angle is {@code position * theta^(-2(j mod half)/headDim)} ("rotate half").
 */
final class RotaryTables {

    private final double[] inverseFrequency;
    private final int headDim;
    private final int heads;
    private final int kvHeads;

    RotaryTables(ModelConfig c) {
        this.headDim = c.headDim();
        this.heads = c.heads();
        this.kvHeads = c.kvHeads();
        int half = headDim / 2;
        inverseFrequency = new double[half];
        for (int i = 0; i < half; i++) {
            inverseFrequency[i] = Math.pow(c.ropeTheta(), -2.0 * i / headDim);
        }
    }

    /** Width of one half of the fused projection: {@code q + 2*kv}. */
    int width() {
        return (heads + 2 * kvHeads) * headDim;
    }

    /** {@code [count, 2*width]} factors for positions {@code start..start+count-1}. */
    INDArray factors(int start, int count) {
        int n = width();
        int q = heads * headDim;
        int kv = kvHeads * headDim;
        int half = headDim / 2;
        float[] f = new float[count * 2 * n];
        for (int t = 0; t < count; t++) {
            int base = t * 2 * n;
            for (int j = 0; j < headDim; j++) {
                double angle = (start + t) * inverseFrequency[j % half];
                float cos = (float) Math.cos(angle);
                float sin = (float) Math.sin(angle);
                for (int h = 0; h < heads; h++) {
                    f[base + h * headDim + j] = cos;
                    f[base + n + h * headDim + j] = sin;
                }
                for (int h = 0; h < kvHeads; h++) {
                    f[base + q + h * headDim + j] = cos;
                    f[base + n + q + h * headDim + j] = sin;
                }
            }
            for (int i = 0; i < kv; i++) {
                f[base + q + kv + i] = 1; // v passes unrotated; its rotated copy is multiplied by 0
            }
        }
        return Nd4j.create(f, new long[] {count, 2L * n}, 'c');
    }
}
