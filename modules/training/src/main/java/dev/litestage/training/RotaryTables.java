package dev.litestage.training;

import dev.litestage.model.ModelConfig;

/**
 * RoPE cosine and sine values in the Hugging Face "rotate half" convention:
 * {@code inv_freq[i] = theta^(-2i/headDim)} for {@code i < headDim/2}, {@code angle = pos*inv_freq[i]},
 * and feature {@code j} of a head uses frequency {@code j mod headDim/2}.
 */
final class RotaryTables {

    private final int headDim;
    private final double[] inverseFrequency;

    RotaryTables(ModelConfig config) {
        this.headDim = config.headDim();
        int half = headDim / 2;
        this.inverseFrequency = new double[half];
        for (int i = 0; i < half; i++) {
            inverseFrequency[i] = Math.pow(config.ropeTheta(), -2.0 * i / headDim);
        }
    }

    /**
     * Writes the cosines and sines of absolute position {@code position} for every feature of
     * {@code heads} heads into {@code cos} and {@code sin} starting at {@code offset}.
     */
    void fill(int position, int heads, float[] cos, float[] sin, int offset) {
        int half = headDim / 2;
        for (int j = 0; j < headDim; j++) {
            double angle = position * inverseFrequency[j % half];
            float c = (float) Math.cos(angle);
            float s = (float) Math.sin(angle);
            for (int head = 0; head < heads; head++) {
                cos[offset + head * headDim + j] = c;
                sin[offset + head * headDim + j] = s;
            }
        }
    }
}
