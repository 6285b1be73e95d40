package dev.litestage.model.engine;

import dev.litestage.model.ModelConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RoPE factors laid out to multiply the fused projection of {@link FoldedLayer} (columns in its
 * (kvHead, feature, member) order), for "rotate half" done in the graph:
 * {@code rotated = y * cos + reverseHalves(y) * sin}, where reversing a head's two feature halves
 * turns {@code [x1, x2]} into {@code [x2, x1]} and the sign of {@code rotate_half = [-x2, x1]} is
 * carried by the sine factors ({@code -sin} under the first half, {@code +sin} under the second).
 * Under query and key columns the angle for feature f is
 * {@code position * theta^(-2(f mod half)/headDim)}; value columns pass unrotated (cos 1, sin 0).
 */
final class RotaryTables {

    /**
     * Cosine and signed sine factors, each {@code [positions, width]} (or transposed, by feature);
     * for {@link RopeForm#ROTATED_COPY}, {@code cos} holds {@code [cos | unsigned sin]} over the
     * projection and its rotated copy, and {@code sin} is null.
     */
    record Factors(INDArray cos, INDArray sin) {}

    private final ModelConfig config;
    private final RopeForm form;
    private final double[] inverseFrequency;

    RotaryTables(ModelConfig c, RopeForm form) {
        this.config = c;
        this.form = form;
        int half = c.headDim() / 2;
        inverseFrequency = new double[half];
        for (int i = 0; i < half; i++) {
            inverseFrequency[i] = Math.pow(c.ropeTheta(), -2.0 * i / c.headDim());
        }
    }

    /** Width of the fused projection: {@code q + 2*kv}. */
    int width() {
        return (config.heads() + 2 * config.kvHeads()) * config.headDim();
    }

    /** Factors, row {@code i} for position {@code positions[i]}. */
    Factors factors(int[] positions) {
        return form == RopeForm.ROTATED_COPY ? combined(positions) : split(positions);
    }

    /** {@code [positions, 2*width]}: cos under the projection's q and k columns, sin under the copy's. */
    private Factors combined(int[] positions) {
        int n = width();
        int hd = config.headDim();
        int half = hd / 2;
        float[] f = new float[positions.length * 2 * n];
        for (int t = 0; t < positions.length; t++) {
            int base = t * 2 * n;
            for (int feature = 0; feature < hd; feature++) {
                double angle = positions[t] * inverseFrequency[feature % half];
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
        return new Factors(Nd4j.create(f, new long[] {positions.length, 2L * n}, 'c'), null);
    }

    /** {@code [positions, width]} twice: cos, and sin signed for the swapped halves. */
    private Factors split(int[] positions) {
        int n = width();
        int hd = config.headDim();
        int half = hd / 2;
        float[] cos = new float[positions.length * n];
        float[] sin = new float[positions.length * n];
        for (int t = 0; t < positions.length; t++) {
            int base = t * n;
            for (int feature = 0; feature < hd; feature++) {
                double angle = positions[t] * inverseFrequency[feature % half];
                float c = (float) Math.cos(angle);
                float s = (float) (feature < half ? -Math.sin(angle) : Math.sin(angle));
                for (int h = 0; h < config.heads(); h++) {
                    int column = FoldedLayer.queryColumn(config, h, feature);
                    cos[base + column] = c;
                    sin[base + column] = s;
                }
                for (int j = 0; j < config.kvHeads(); j++) {
                    int column = FoldedLayer.keyColumn(config, j, feature);
                    cos[base + column] = c;
                    sin[base + column] = s;
                    cos[base + column + 1] = 1; // the value passes unrotated (its sine stays 0)
                }
            }
        }
        long[] shape = {positions.length, n};
        return new Factors(Nd4j.create(cos, shape, 'c'), Nd4j.create(sin, shape, 'c'));
    }

    /** {@link #factors} transposed, {@code [width, count]}: the layout of prefill's transposed projection. */
    Factors factorsByFeature(int[] positions) {
        Factors f = factors(positions);
        return new Factors(f.cos().transpose().dup('c'), f.sin() == null ? null : f.sin().transpose().dup('c'));
    }
}
