package dev.litestage.model;

import dev.litestage.model.weights.LayerWeights;
import dev.litestage.model.weights.ModelWeights;

/**
 * A test-only forward pass in plain Java, written independently of the SameDiff engine: no
 * weight folding, no cache, explicit loops, in double precision. The engine must agree with it.
 */
public final class ReferenceTransformer {

    private final ModelWeights w;
    private final ModelConfig c;

    public ReferenceTransformer(ModelWeights weights) {
        this.w = weights;
        this.c = weights.config();
    }

    /** Logits {@code [T][vocab]} of every position of {@code ids} under {@code mask}. */
    public float[][] logits(int[] ids, SkipMask mask) {
        int t = ids.length;
        int d = c.hiddenSize();
        double[][] x = new double[t][];
        float[][] emb = w.embedding().toFloatMatrix();
        for (int i = 0; i < t; i++) {
            x[i] = toDouble(emb[ids[i]]);
        }
        for (int l = 0; l < c.layers(); l++) {
            LayerWeights lw = w.layers().get(l);
            if (!mask.skipsAttention(l)) {
                double[][] a = attention(x, lw);
                for (int i = 0; i < t; i++) {
                    for (int j = 0; j < d; j++) {
                        x[i][j] += a[i][j];
                    }
                }
            }
            if (!mask.skipsMlp(l)) {
                for (int i = 0; i < t; i++) {
                    double[] m = mlp(x[i], lw);
                    for (int j = 0; j < d; j++) {
                        x[i][j] += m[j];
                    }
                }
            }
        }
        float[] norm = w.finalNorm().toFloatVector();
        float[][] head = w.lmHead().toFloatMatrix();
        float[][] out = new float[t][];
        for (int i = 0; i < t; i++) {
            out[i] = toFloat(matVec(rms(x[i], norm), head));
        }
        return out;
    }

    private double[][] attention(double[][] x, LayerWeights lw) {
        int t = x.length;
        int hd = c.headDim();
        int heads = c.heads();
        int group = heads / c.kvHeads();
        float[] g = lw.attnNorm().toFloatVector();
        double[][] q = new double[t][];
        double[][] k = new double[t][];
        double[][] v = new double[t][];
        for (int i = 0; i < t; i++) {
            double[] xn = rms(x[i], g);
            q[i] = rope(add(matVec(xn, lw.wq().toFloatMatrix()), lw.bq()), i, heads);
            k[i] = rope(add(matVec(xn, lw.wk().toFloatMatrix()), lw.bk()), i, c.kvHeads());
            v[i] = add(matVec(xn, lw.wv().toFloatMatrix()), lw.bv());
        }
        double[][] ctx = new double[t][heads * hd];
        for (int h = 0; h < heads; h++) {
            int kvh = h / group;
            for (int i = 0; i < t; i++) {
                double[] scores = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s <= i; s++) {
                    double dot = 0;
                    for (int j = 0; j < hd; j++) {
                        dot += q[i][h * hd + j] * k[s][kvh * hd + j];
                    }
                    scores[s] = dot / Math.sqrt(hd);
                    max = Math.max(max, scores[s]);
                }
                double sum = 0;
                for (int s = 0; s <= i; s++) {
                    scores[s] = Math.exp(scores[s] - max);
                    sum += scores[s];
                }
                for (int s = 0; s <= i; s++) {
                    for (int j = 0; j < hd; j++) {
                        ctx[i][h * hd + j] += scores[s] / sum * v[s][kvh * hd + j];
                    }
                }
            }
        }
        float[][] wo = lw.wo().toFloatMatrix();
        double[][] out = new double[t][];
        for (int i = 0; i < t; i++) {
            out[i] = matVec(ctx[i], wo);
        }
        return out;
    }

    private double[] mlp(double[] x, LayerWeights lw) {
        double[] xn = rms(x, lw.mlpNorm().toFloatVector());
        double[] gate = matVec(xn, lw.wGate().toFloatMatrix());
        double[] up = matVec(xn, lw.wUp().toFloatMatrix());
        for (int i = 0; i < gate.length; i++) {
            gate[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
        }
        return matVec(gate, lw.wDown().toFloatMatrix());
    }

    /** Rotate-half RoPE at position {@code pos} for {@code heads} heads. */
    private double[] rope(double[] x, int pos, int heads) {
        int hd = c.headDim();
        int half = hd / 2;
        double[] out = x.clone();
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < half; j++) {
                double angle = pos * Math.pow(c.ropeTheta(), -2.0 * j / hd);
                double a = x[h * hd + j];
                double b = x[h * hd + j + half];
                out[h * hd + j] = a * Math.cos(angle) - b * Math.sin(angle);
                out[h * hd + j + half] = b * Math.cos(angle) + a * Math.sin(angle);
            }
        }
        return out;
    }

    private double[] rms(double[] x, float[] g) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double inv = 1 / Math.sqrt(ss / x.length + c.rmsNormEps());
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * inv * g[i];
        }
        return out;
    }

    private static double[] add(double[] x, org.nd4j.linalg.api.ndarray.INDArray bias) {
        if (bias != null) {
            float[] b = bias.toFloatVector();
            for (int i = 0; i < x.length; i++) {
                x[i] += b[i];
            }
        }
        return x;
    }

    /** {@code x @ W} for W stored {@code [in][out]}. */
    private static double[] matVec(double[] x, float[][] w) {
        double[] out = new double[w[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < out.length; j++) {
                out[j] += x[i] * w[i][j];
            }
        }
        return out;
    }

    private static double[] toDouble(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    private static float[] toFloat(double[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }
}
