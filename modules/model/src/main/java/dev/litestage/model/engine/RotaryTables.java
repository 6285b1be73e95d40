package dev.litestage.model.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RoPE cosines and sines in the "rotate half" layout, tiled across heads: for position p and
 * feature j of a head, the angle is {@code p * theta^(-2(j mod half)/headDim)}.
 */
final class RotaryTables {

    private final double[] inverseFrequency;
    private final int headDim;

    RotaryTables(int headDim, double theta) {
        this.headDim = headDim;
        int half = headDim / 2;
        inverseFrequency = new double[half];
        for (int i = 0; i < half; i++) {
            inverseFrequency[i] = Math.pow(theta, -2.0 * i / headDim);
        }
    }

    /** {@code [2][count, heads*headDim]}: cos then sin for positions {@code start..start+count-1}. */
    INDArray[] forPositions(int start, int count, int heads) {
        int width = heads * headDim;
        int half = headDim / 2;
        float[] cos = new float[count * width];
        float[] sin = new float[count * width];
        for (int t = 0; t < count; t++) {
            int p = start + t;
            for (int j = 0; j < headDim; j++) {
                double angle = p * inverseFrequency[j % half];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                for (int h = 0; h < heads; h++) {
                    cos[t * width + h * headDim + j] = c;
                    sin[t * width + h * headDim + j] = s;
                }
            }
        }
        return new INDArray[] {
            Nd4j.create(cos, new long[] {count, width}, 'c'),
            Nd4j.create(sin, new long[] {count, width}, 'c')
        };
    }
}
