package dev.litestage.model.engine;

import dev.litestage.model.ModelConfig;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The SameDiff graphs one model runs: a single attention graph and a single MLP graph shared by
 * all layers, with the layer's weights fed as placeholders, and a head graph. Skipping a sublayer
 * is simply not calling its graph. (A graph per skip configuration would copy the weights, and
 * {@code sd.ifCond} reuses stale arrays across calls.)
 *
 * <p>Attention comes in two variants: prefill (no cache, additive causal mask) and decode (one
 * token, the layer's cached keys and values concatenated in front). Keys and values are kept as
 * {@code [positions, kvHeads*headDim]}, keys already rotated at their absolute positions.
 */
final class SublayerGraphs {

    /** Result of one attention call: the new residual stream and the layer's full keys/values. */
    record AttentionOutput(INDArray x, INDArray keys, INDArray values) {}

    private final ModelConfig config;
    private final SameDiff prefill;
    private final SameDiff decode;
    private final SameDiff mlp;
    private final SameDiff head;

    SublayerGraphs(ModelConfig config) {
        this.config = config;
        this.prefill = attentionGraph(false);
        this.decode = attentionGraph(true);
        this.mlp = mlpGraph();
        this.head = headGraph();
    }

    private SDVariable rmsNorm(SameDiff sd, SDVariable x) {
        SDVariable meanSquare = x.mul(x).mean(true, -1);
        return x.mul(sd.math.rsqrt(meanSquare.add(config.rmsNormEps())));
    }

    private SameDiff attentionGraph(boolean withCache) {
        ModelConfig c = config;
        int q = c.heads() * c.headDim();
        int kv = c.kvDim();
        int d = c.hiddenSize();
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, d);
        SDVariable wq = sd.placeHolder("wq", DataType.FLOAT, d, q);
        SDVariable wqr = sd.placeHolder("wqr", DataType.FLOAT, d, q);
        SDVariable wk = sd.placeHolder("wk", DataType.FLOAT, d, kv);
        SDVariable wkr = sd.placeHolder("wkr", DataType.FLOAT, d, kv);
        SDVariable wv = sd.placeHolder("wv", DataType.FLOAT, d, kv);
        SDVariable wo = sd.placeHolder("wo", DataType.FLOAT, q, d);
        SDVariable cosQ = sd.placeHolder("cosQ", DataType.FLOAT, -1, q);
        SDVariable sinQ = sd.placeHolder("sinQ", DataType.FLOAT, -1, q);
        SDVariable cosK = sd.placeHolder("cosK", DataType.FLOAT, -1, kv);
        SDVariable sinK = sd.placeHolder("sinK", DataType.FLOAT, -1, kv);

        SDVariable xn = rmsNorm(sd, x);
        SDVariable qa = sd.mmul(xn, wq);
        SDVariable qb = sd.mmul(xn, wqr);
        SDVariable ka = sd.mmul(xn, wk);
        SDVariable kb = sd.mmul(xn, wkr);
        SDVariable v = sd.mmul(xn, wv);
        if (c.attentionBias()) {
            qa = qa.add(sd.placeHolder("bq", DataType.FLOAT, 1, q));
            qb = qb.add(sd.placeHolder("bqr", DataType.FLOAT, 1, q));
            ka = ka.add(sd.placeHolder("bk", DataType.FLOAT, 1, kv));
            kb = kb.add(sd.placeHolder("bkr", DataType.FLOAT, 1, kv));
            v = v.add(sd.placeHolder("bv", DataType.FLOAT, 1, kv));
        }
        SDVariable qRot = qa.mul(cosQ).add(qb.mul(sinQ));
        SDVariable kRot = ka.mul(cosK).add(kb.mul(sinK));

        SDVariable keys = kRot;
        SDVariable values = v;
        if (withCache) {
            keys = sd.concat(0, sd.placeHolder("kPast", DataType.FLOAT, -1, kv), kRot);
            values = sd.concat(0, sd.placeHolder("vPast", DataType.FLOAT, -1, kv), v);
        }
        sd.identity("keys", keys);
        sd.identity("values", values);

        int kvh = c.kvHeads();
        int g = c.groupSize();
        int hd = c.headDim();
        // queries [T, heads*hd] -> [kvHeads, group*T, hd]: head h reads KV head h / group
        SDVariable qh = sd.reshape(sd.permute(sd.reshape(qRot, -1, kvh, g, hd), 1, 2, 0, 3), kvh, -1, hd);
        SDVariable kh = sd.permute(sd.reshape(keys, -1, kvh, hd), 1, 0, 2);
        SDVariable vh = sd.permute(sd.reshape(values, -1, kvh, hd), 1, 0, 2);
        SDVariable scores = sd.mmul(qh, kh, false, true, false); // [kvHeads, group*T, S]
        if (!withCache) {
            scores = scores.add(sd.placeHolder("mask", DataType.FLOAT, -1, -1)); // [group*T, S]
        }
        SDVariable probs = sd.nn.softmax(scores, -1);
        SDVariable ctx = sd.mmul(probs, vh); // [kvHeads, group*T, hd]
        SDVariable merged = sd.reshape(sd.permute(sd.reshape(ctx, kvh, g, -1, hd), 2, 0, 1, 3), -1, q);
        x.add("out", sd.mmul(merged, wo));
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

    /** Prefill attention over {@code x} ({@code [T, d]}) at positions 0..T-1. */
    AttentionOutput prefillAttention(INDArray x, FoldedLayer w, INDArray[] ropeQ, INDArray[] ropeK, INDArray mask) {
        Map<String, INDArray> in = attentionInputs(x, w, ropeQ, ropeK);
        in.put("mask", mask);
        Map<String, INDArray> out = prefill.output(in, "out", "keys", "values");
        return new AttentionOutput(out.get("out"), out.get("keys"), out.get("values"));
    }

    /** Decode attention for one token {@code x} ({@code [1, d]}) after the cached positions. */
    AttentionOutput decodeAttention(INDArray x, FoldedLayer w, INDArray[] ropeQ, INDArray[] ropeK,
                                    INDArray pastKeys, INDArray pastValues) {
        Map<String, INDArray> in = attentionInputs(x, w, ropeQ, ropeK);
        in.put("kPast", pastKeys);
        in.put("vPast", pastValues);
        Map<String, INDArray> out = decode.output(in, "out", "keys", "values");
        return new AttentionOutput(out.get("out"), out.get("keys"), out.get("values"));
    }

    private Map<String, INDArray> attentionInputs(INDArray x, FoldedLayer w, INDArray[] ropeQ, INDArray[] ropeK) {
        Map<String, INDArray> in = new HashMap<>(32);
        in.put("x", x);
        in.put("wq", w.wq());
        in.put("wqr", w.wqr());
        in.put("wk", w.wk());
        in.put("wkr", w.wkr());
        in.put("wv", w.wv());
        in.put("wo", w.wo());
        in.put("cosQ", ropeQ[0]);
        in.put("sinQ", ropeQ[1]);
        in.put("cosK", ropeK[0]);
        in.put("sinK", ropeK[1]);
        if (config.attentionBias()) {
            in.put("bq", w.bq());
            in.put("bqr", w.bqr());
            in.put("bk", w.bk());
            in.put("bkr", w.bkr());
            in.put("bv", w.bv());
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
