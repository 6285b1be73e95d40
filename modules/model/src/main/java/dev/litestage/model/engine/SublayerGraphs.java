package dev.litestage.model.engine;

import dev.litestage.model.ModelConfig;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SameDiff graphs one model runs: a single attention graph and a single MLP graph shared by
 * all layers, with the layer's weights fed as placeholders, and a head graph. Skipping a sublayer
 * is simply not calling its graph. (A graph per skip configuration would copy the weights, and
 * {@code sd.ifCond} reuses stale arrays across calls.)
 *
 * <p>Attention comes in three variants: prefill (no cache, additive causal mask), extension (the
 * same after cached positions: a prompt whose prefix an earlier generation ran) and decode (one
 * token appended to the layer's cache). Keys and values are cached feature-major,
 * {@code [kvHeads, headDim, positions]}, keys already rotated at their absolute positions, so a
 * decode step only concatenates, and its attention is ND4J's native {@code dot_product_attention}
 * op over the KV heads as a batch, each KV head's {@code group} query heads as its queries.
 * SameDiff charges per op, and per variable on every call, so the graphs are written for the
 * fewest of both: see {@link FoldedLayer} for what is folded into the weights.
 *
 * <p>RMSNorm is {@code x * rsqrt(|x|^2 + hidden*eps)}, one reduction instead of a square and a
 * mean; the missing {@code sqrt(hidden)} is folded into the weights that follow. (The square,
 * {@code x.mul(x)}, was also the slowest op measured: a multiply fed the same variable twice cost
 * about 250 us per call in SameDiff 1.0.0-M2.1, against 30-90 us for other ops.)
 */
final class SublayerGraphs {

    /**
     * What an attention call computes: a whole prompt (no cache), prompt tokens after cached ones
     * (a reused prefix), or one decode step after cached ones.
     */
    private enum Phase { PREFILL, EXTEND, DECODE }

    /** Result of one attention call: the new residual stream and the layer's full keys/values. */
    record AttentionOutput(INDArray x, INDArray keys, INDArray values) {}

    private final ModelConfig config;
    private final SameDiff prefill;
    private final SameDiff extend;
    private final SameDiff decode;
    private final SameDiff mlp;
    private final SameDiff head;

    SublayerGraphs(ModelConfig config) {
        this.config = config;
        this.prefill = attentionGraph(Phase.PREFILL);
        this.extend = attentionGraph(Phase.EXTEND);
        this.decode = attentionGraph(Phase.DECODE);
        this.mlp = mlpGraph();
        this.head = headGraph();
    }

    private SDVariable rmsNorm(SameDiff sd, SDVariable x) {
        SDVariable squaredNorm = sd.squaredNorm(x, true, -1);
        return x.mul(sd.math.rsqrt(squaredNorm.add(config.hiddenSize() * config.rmsNormEps())));
    }

    private SameDiff attentionGraph(Phase phase) {
        ModelConfig c = config;
        int d = c.hiddenSize();
        int q = c.heads() * c.headDim();
        int n = q + 2 * c.kvDim();
        int kvh = c.kvHeads();
        int g = c.groupSize();
        int hd = c.headDim();
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, d);
        SDVariable qkv = sd.placeHolder("qkv", DataType.FLOAT, d, 2L * n);
        SDVariable wo = sd.placeHolder("wo", DataType.FLOAT, q, d);
        SDVariable sizes = sd.constant(Nd4j.createFromArray(g, 1, 1));
        if (phase == Phase.DECODE) {
            SDVariable y = sd.mmul(rmsNorm(sd, x), qkv); // [1, 2n]
            if (c.attentionBias()) {
                y = y.add(sd.placeHolder("bias", DataType.FLOAT, 1, 2L * n));
            }
            // [y | yR] * [cos | sin], the halves summed: q, k rotated, v passed through, as
            // [kvHeads, headDim, group + 2] (FoldedLayer's column order)
            SDVariable rotated = y.mul(sd.placeHolder("rope", DataType.FLOAT, 1, 2L * n));
            SDVariable[] parts = sd.splitV(sd.reshape(rotated, 2, kvh, hd, g + 2).sum(0), sizes, 3, 2);
            SDVariable keys = sd.concat("keys", 2, sd.placeHolder("kPast", DataType.FLOAT, kvh, hd, -1), parts[1]);
            SDVariable values = sd.concat("values", 2, sd.placeHolder("vPast", DataType.FLOAT, kvh, hd, -1), parts[2]);
            // queries [kvHeads, hd, group] against keys/values [kvHeads, hd, S]: out [kvHeads, hd, group]
            SDVariable context = sd.nn.dotProductAttention(parts[0], keys, values, null, false);
            x.add("out", sd.mmul(sd.reshape(context, 1, q), wo));
            return sd;
        }
        // Prefill works on the transposed projection [2n, T], features before positions, so that
        // every reshape below is free of transposes: keys come out as [kvHeads, hd, T] directly.
        SDVariable yT = sd.mmul(qkv, rmsNorm(sd, x), true, true, false); // [2n, T]
        if (c.attentionBias()) {
            yT = yT.add(sd.placeHolder("bias", DataType.FLOAT, 2L * n, 1));
        }
        SDVariable rotated = yT.mul(sd.placeHolder("rope", DataType.FLOAT, 2L * n, -1)); // rope by feature
        SDVariable[] parts = sd.splitV(sd.reshape(rotated, 2, kvh, hd, g + 2, -1).sum(0), sizes, 3, 2);
        SDVariable keys;
        SDVariable values;
        if (phase == Phase.EXTEND) { // the new positions' keys/values after the cached ones
            keys = sd.concat("keys", 2, sd.placeHolder("kPast", DataType.FLOAT, kvh, hd, -1),
                    sd.reshape(parts[1], kvh, hd, -1));
            values = sd.concat("values", 2, sd.placeHolder("vPast", DataType.FLOAT, kvh, hd, -1),
                    sd.reshape(parts[2], kvh, hd, -1));
        } else {
            keys = sd.reshape("keys", parts[1], kvh, hd, -1);
            values = sd.reshape("values", parts[2], kvh, hd, -1);
        }
        SDVariable queries = sd.reshape(parts[0], kvh, hd, -1); // [kvHeads, hd, group*T]: column m*T + t
        SDVariable mask = sd.placeHolder("mask", DataType.FLOAT, -1, -1); // [group*T, S]: S cached + T new
        SDVariable scores = sd.mmul(queries, keys, true, false, false).add(mask); // [kvHeads, group*T, S]
        SDVariable contextT = sd.mmul(values, sd.nn.softmax(scores, -1), false, true, false); // [kvHeads, hd, group*T]
        // rows (kvHead, feature, member) = wo's row order, columns positions
        SDVariable merged = sd.reshape(contextT, q, -1);
        x.add("out", sd.mmul(merged, wo, true, false, false));
        return sd;
    }

    private SameDiff mlpGraph() {
        int d = config.hiddenSize();
        int ff = config.intermediateSize();
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, d);
        SDVariable wGate = sd.placeHolder("wGate", DataType.FLOAT, d, ff);
        SDVariable wUp = sd.placeHolder("wUp", DataType.FLOAT, d, ff);
        SDVariable wDown = sd.placeHolder("wDown", DataType.FLOAT, ff, d);
        SDVariable xn = rmsNorm(sd, x);
        SDVariable hidden = sd.nn.swish(sd.mmul(xn, wGate)).mul(sd.mmul(xn, wUp));
        x.add("out", sd.mmul(hidden, wDown));
        return sd;
    }

    private SameDiff headGraph() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, config.hiddenSize());
        SDVariable w = sd.placeHolder("wHead", DataType.FLOAT, config.hiddenSize(), config.vocabSize());
        sd.mmul("logits", rmsNorm(sd, x), w);
        return sd;
    }

    /**
     * Prefill attention over {@code x} ({@code [T, d]}) at positions 0..T-1; {@code ropeByFeature}
     * is {@link RotaryTables#factorsByFeature}.
     */
    AttentionOutput prefillAttention(INDArray x, FoldedLayer w, INDArray ropeByFeature, INDArray mask) {
        Map<String, INDArray> in = attentionInputs(x, w, ropeByFeature, biasByFeature(w));
        in.put("mask", mask);
        Map<String, INDArray> out = prefill.output(in, "out", "keys", "values");
        return new AttentionOutput(out.get("out"), out.get("keys"), out.get("values"));
    }

    /**
     * Attention over {@code x} ({@code [T, d]}) at positions {@code S..S+T-1} after {@code S}
     * cached ones: prefill of a prompt whose first {@code S} tokens an earlier generation already
     * ran. {@code ropeByFeature} covers the new positions, {@code mask} is {@code [group*T, S+T]}.
     */
    AttentionOutput extendAttention(INDArray x, FoldedLayer w, INDArray ropeByFeature, INDArray mask,
                                    INDArray pastKeys, INDArray pastValues) {
        Map<String, INDArray> in = attentionInputs(x, w, ropeByFeature, biasByFeature(w));
        in.put("mask", mask);
        in.put("kPast", pastKeys);
        in.put("vPast", pastValues);
        Map<String, INDArray> out = extend.output(in, "out", "keys", "values");
        return new AttentionOutput(out.get("out"), out.get("keys"), out.get("values"));
    }

    /** Decode attention for one token {@code x} ({@code [1, d]}) after the cached positions. */
    AttentionOutput decodeAttention(INDArray x, FoldedLayer w, INDArray rope, INDArray pastKeys, INDArray pastValues) {
        Map<String, INDArray> in = attentionInputs(x, w, rope, w.bias());
        in.put("kPast", pastKeys);
        in.put("vPast", pastValues);
        Map<String, INDArray> out = decode.output(in, "out", "keys", "values");
        return new AttentionOutput(out.get("out"), out.get("keys"), out.get("values"));
    }

    /** The layer's bias as a column {@code [2n, 1]}, the layout of prefill's transposed projection, or null. */
    private static INDArray biasByFeature(FoldedLayer w) {
        return w.bias() == null ? null : w.bias().reshape(w.bias().length(), 1);
    }

    /** The inputs all attention graphs take; {@code bias} is laid out as the graph's projection, or null. */
    private Map<String, INDArray> attentionInputs(INDArray x, FoldedLayer w, INDArray rope, INDArray bias) {
        Map<String, INDArray> in = new HashMap<>(16);
        in.put("x", x);
        in.put("qkv", w.qkv());
        in.put("rope", rope);
        in.put("wo", w.wo());
        if (bias != null) {
            in.put("bias", bias);
        }
        return in;
    }

    /** The MLP sublayer: {@code x + down(silu(gate(norm x)) * up(norm x))}. */
    INDArray mlp(INDArray x, FoldedLayer w) {
        Map<String, INDArray> in = new HashMap<>(8);
        in.put("x", x);
        in.put("wGate", w.wGate());
        in.put("wUp", w.wUp());
        in.put("wDown", w.wDown());
        return mlp.outputSingle(in, "out");
    }

    /** Logits {@code [T, vocab]} of the final norm and output head. */
    INDArray logits(INDArray x, INDArray foldedHead) {
        Map<String, INDArray> in = new HashMap<>(4);
        in.put("x", x);
        in.put("wHead", foldedHead);
        return head.outputSingle(in, "logits");
    }
}
