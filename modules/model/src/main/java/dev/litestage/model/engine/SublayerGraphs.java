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
 * <p>Every graph serves a batch of sequences ("rows") in one call: SameDiff charges its
 * bookkeeping per op and per call, not per row, so B rows cost about what one does until the
 * arithmetic dominates. Keys and values are cached per row, feature-major,
 * {@code [rows, kvHeads, headDim, columns]}, keys already rotated at each row's own positions;
 * rows of different lengths share the column axis, and a 0/1 validity mask per row says which
 * columns hold its tokens (padding columns are masked exactly: their attention weight is 0).
 *
 * <p>Attention comes in three variants: prefill (no cache, additive causal-and-padding mask),
 * extension (the same after cached columns: a prompt chunk after earlier chunks, or a prompt whose
 * prefix an earlier generation ran) and decode (one token per row appended to the cache, through
 * ND4J's native {@code dot_product_attention} op with the rows and KV heads as its batch and each
 * KV head's {@code group} query heads as its queries). See {@link FoldedLayer} for what is folded
 * into the weights so that each call runs as few ops as possible.
 *
 * <p>RMSNorm is {@code x * rsqrt(|x|^2 + hidden*eps)}, one reduction instead of a square and a
 * mean; the missing {@code sqrt(hidden)} is folded into the weights that follow. (The square,
 * {@code x.mul(x)}, was also the slowest op measured: a multiply fed the same variable twice cost
 * about 250 us per call in SameDiff 1.0.0-M2.1, against 30-90 us for other ops.)
 */
final class SublayerGraphs {

    /**
     * What an attention call computes: whole prompts (no cache), prompt tokens after cached ones,
     * or one decode step per row after cached ones.
     */
    private enum Phase { PREFILL, EXTEND }

    /** One decode step's new queries, keys and values per row: {@code [B, kvh, hd, group]}, {@code [B, kvh, hd, 1]} twice. */
    record Projection(INDArray queries, INDArray keys, INDArray values) {}

    /** Result of one prefill attention call: the new residual stream and the new columns' keys/values. */
    record AttentionOutput(INDArray x, INDArray keys, INDArray values) {}

    /** Head result per row: the greedy token and its softmax probability. */
    record NextTokens(int[] ids, float[] confidences) {}

    private final ModelConfig config;
    private final RopeForm rope;
    private final SameDiff prefill;
    private final SameDiff extend;
    private final SameDiff decodeProjection;
    private final SameDiff decodeAttention;
    private final SameDiff mlp;
    private final SameDiff head;

    SublayerGraphs(ModelConfig config, RopeForm rope) {
        this.config = config;
        this.rope = rope;
        this.prefill = attentionGraph(Phase.PREFILL);
        this.extend = attentionGraph(Phase.EXTEND);
        this.decodeProjection = decodeProjectionGraph();
        this.decodeAttention = decodeAttentionGraph();
        this.mlp = mlpGraph();
        this.head = headGraph();
    }

    private SDVariable rmsNorm(SameDiff sd, SDVariable x) {
        SDVariable squaredNorm = sd.squaredNorm(x, true, -1);
        return x.mul(sd.math.rsqrt(squaredNorm.add(config.hiddenSize() * config.rmsNormEps())));
    }

    /**
     * {@code [x1, x2] -> [x2, x1]} along {@code axis} (of size 2): a split and a concat. (SameDiff's
     * {@code reverse} does the same but cost 0.9 ms per call at SmolLM2-135M's width, against about
     * 40 us for these two ops.)
     */
    private static SDVariable swapHalves(SameDiff sd, SDVariable x, int axis) {
        SDVariable[] halves = sd.split(x, 2, axis);
        return sd.concat(axis, halves[1], halves[0]);
    }

    /**
     * RoPE over the fused projection, in {@link #rope}'s form: {@code projection} is {@code [B, n']}
     * (decode) or, {@code byFeature}, {@code [n', B*T]} (prefill); the result is laid out as
     * {@code [B, kvh, hd, g+2]} or {@code [kvh, hd, g+2, B*T]}: queries, key and value per feature.
     */
    private SDVariable rotate(SameDiff sd, SDVariable projection, boolean byFeature) {
        ModelConfig c = config;
        int kvh = c.kvHeads();
        int g = c.groupSize();
        int hd = c.headDim();
        if (rope == RopeForm.ROTATED_COPY) {
            // [y | yR] * [cos | sin], the halves summed: q, k rotated, v passed through
            SDVariable rotated = projection.mul(byFeature ? sd.placeHolder("cos", DataType.FLOAT, -1, -1)
                    : sd.placeHolder("cos", DataType.FLOAT, -1, -1));
            return byFeature ? sd.reshape(rotated, 2, kvh, hd, g + 2, -1).sum(0)
                    : sd.reshape(rotated, -1, 2, kvh, hd, g + 2).sum(1);
        }
        // y * cos + (y with each head's feature halves swapped) * signed sin; values pass through (cos 1, sin 0)
        int half = hd / 2;
        if (byFeature) {
            SDVariable halves = sd.reshape(projection, kvh, 2, half, g + 2, -1);
            SDVariable rotated = halves.mul(sd.placeHolder("cos", DataType.FLOAT, kvh, 2, half, g + 2, -1))
                    .add(swapHalves(sd, halves, 1).mul(sd.placeHolder("sin", DataType.FLOAT, kvh, 2, half, g + 2, -1)));
            return sd.reshape(rotated, kvh, hd, g + 2, -1);
        }
        SDVariable halves = sd.reshape(projection, -1, kvh, 2, half, g + 2);
        SDVariable rotated = halves.mul(sd.placeHolder("cos", DataType.FLOAT, -1, kvh, 2, half, g + 2))
                .add(swapHalves(sd, halves, 2).mul(sd.placeHolder("sin", DataType.FLOAT, -1, kvh, 2, half, g + 2)));
        return sd.reshape(rotated, -1, kvh, hd, g + 2);
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
        SDVariable qkv = sd.placeHolder("qkv", DataType.FLOAT, d, rope.projectionColumns(n));
        SDVariable wo = sd.placeHolder("wo", DataType.FLOAT, q, d);
        SDVariable sizes = sd.constant(Nd4j.createFromArray(g, 1, 1));
        // Prefill works on the transposed projection [n, B*T] (row b's token t in column b*T + t),
        // features before positions, so that the reshapes below need one permute each to put the
        // rows first. The shapes that involve B or T come in as inputs ("kvShape" [kvh, hd, B, T],
        // "queryShape" [kvh, hd, g, B, T], "rowQueries" [B, kvh, hd, g*T], "contextShape"
        // [B, kvh, hd, g, T]) rather than as ops computing them.
        SDVariable yT = sd.mmul(qkv, rmsNorm(sd, x), true, true, false); // [n', B*T]
        if (c.attentionBias()) {
            yT = yT.add(sd.placeHolder("bias", DataType.FLOAT, rope.projectionColumns(n), 1));
        }
        SDVariable[] parts = sd.splitV(rotate(sd, yT, true), sizes, 3, 2); // [kvh, hd, g | 1 | 1, B*T]
        SDVariable kvShape = sd.placeHolder("kvShape", DataType.LONG, 4);
        // [B, kvh, hd, T]: the new columns, which the caller writes into its cache
        SDVariable newKeys = sd.permute("keys", sd.reshape(parts[1], kvShape), 2, 0, 1, 3);
        SDVariable newValues = sd.permute("values", sd.reshape(parts[2], kvShape), 2, 0, 1, 3);
        SDVariable keys;
        SDVariable values;
        if (phase == Phase.EXTEND) { // attending to the cached columns too
            keys = sd.concat(3, sd.placeHolder("kPast", DataType.FLOAT, -1, kvh, hd, -1), newKeys);
            values = sd.concat(3, sd.placeHolder("vPast", DataType.FLOAT, -1, kvh, hd, -1), newValues);
        } else {
            keys = newKeys;
            values = newValues;
        }
        // [B, kvh, hd, g*T]: query column m*T + t is member m's query at position t
        SDVariable queries = sd.reshape(sd.permute(sd.reshape(parts[0], sd.placeHolder("queryShape", DataType.LONG, 5)),
                3, 0, 1, 2, 4), sd.placeHolder("rowQueries", DataType.LONG, 4));
        SDVariable mask = sd.placeHolder("mask", DataType.FLOAT, -1, 1, -1, -1); // [B, 1, g*T, S]: 0 or -1e9
        SDVariable scores = sd.mmul(queries, keys, true, false, false).add(mask); // [B, kvh, g*T, S]
        SDVariable contextT = sd.mmul(values, sd.nn.softmax(scores, -1), false, true, false); // [B, kvh, hd, g*T]
        // rows (b, t), columns (kvHead, feature, member) = wo's row order
        SDVariable byPosition = sd.permute(sd.reshape(contextT, sd.placeHolder("contextShape", DataType.LONG, 5)),
                0, 4, 1, 2, 3); // [B, T, kvh, hd, g]
        x.add("out", sd.mmul(sd.reshape(byPosition, -1, q), wo));
        return sd;
    }

    /**
     * Decode, first half: each row's new token projected to its queries, key and value, rotated
     * at the row's position. The caller writes the key and value into its cache column, so that
     * the second half attends to a view of the cache instead of a copy concatenated per step (for
     * 300 rows of 100 positions the concatenation cost 4x the attention itself).
     */
    private SameDiff decodeProjectionGraph() {
        ModelConfig c = config;
        int d = c.hiddenSize();
        int n = c.heads() * c.headDim() + 2 * c.kvDim();
        int g = c.groupSize();
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, d);
        SDVariable y = sd.mmul(rmsNorm(sd, x), sd.placeHolder("qkv", DataType.FLOAT, d, rope.projectionColumns(n))); // [B, n']
        if (c.attentionBias()) {
            y = y.add(sd.placeHolder("bias", DataType.FLOAT, 1, rope.projectionColumns(n)));
        }
        // [B, kvHeads, headDim, group + 2] (FoldedLayer's column order) split into q, k, v
        sd.splitV(new String[] {"queries", "keys", "values"}, rotate(sd, y, false),
                sd.constant(Nd4j.createFromArray(g, 1, 1)), 3, 3);
        return sd;
    }

    /**
     * Decode, second half: queries {@code [B, kvHeads, hd, group]} against the cached keys and
     * values {@code [B, kvHeads, hd, S]} (the new token's already written), columns masked per
     * row {@code [B, S]}, through the native {@code dot_product_attention} op; then the output
     * projection and the residual.
     */
    private SameDiff decodeAttentionGraph() {
        ModelConfig c = config;
        int q = c.heads() * c.headDim();
        int kvh = c.kvHeads();
        int hd = c.headDim();
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, c.hiddenSize());
        SDVariable queries = sd.placeHolder("queries", DataType.FLOAT, -1, kvh, hd, c.groupSize());
        SDVariable keys = sd.placeHolder("keys", DataType.FLOAT, -1, kvh, hd, -1);
        SDVariable values = sd.placeHolder("values", DataType.FLOAT, -1, kvh, hd, -1);
        SDVariable valid = sd.placeHolder("valid", DataType.FLOAT, -1, -1);
        SDVariable context = sd.nn.dotProductAttention(queries, keys, values, valid, false); // [B, kvh, hd, g]
        x.add("out", sd.mmul(sd.reshape(context, -1, q), sd.placeHolder("wo", DataType.FLOAT, q, c.hiddenSize())));
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

    /**
     * The final norm and output head; besides the logits, the greedy token of each row and its
     * softmax probability, so that a batch of rows never copies {@code rows x vocab} logits into
     * Java (49152 per row for SmolLM2) just to find their maxima.
     */
    private SameDiff headGraph() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, config.hiddenSize());
        SDVariable w = sd.placeHolder("wHead", DataType.FLOAT, config.hiddenSize(), config.vocabSize());
        SDVariable logits = sd.mmul("logits", rmsNorm(sd, x), w);
        sd.argmax("next", logits, false, 1);
        sd.max("confidence", sd.nn.softmax(logits, 1), 1);
        return sd;
    }

    /**
     * Prefill attention over {@code x} ({@code [B*T, d]}, rows' tokens left-padded to T) with no
     * cached columns; {@code ropeByFeature} is {@code [n, B*T]} at each token's position and
     * {@code mask} the additive {@code [B, 1, g*T, T]} causal-and-padding mask.
     */
    AttentionOutput prefillAttention(INDArray x, int rows, FoldedLayer w, RotaryTables.Factors ropeByFeature, INDArray mask) {
        Map<String, INDArray> in = attentionInputs(x, w, byFeature(ropeByFeature), biasByFeature(w));
        putPrefillShapes(in, rows, (int) (x.rows() / rows), mask);
        Map<String, INDArray> out = prefill.output(in, "out", "keys", "values");
        return new AttentionOutput(out.get("out"), out.get("keys"), out.get("values"));
    }

    /**
     * Attention over {@code x} ({@code [B*T, d]}) after {@code S} cached columns per row
     * ({@code [B, kvh, hd, S]}): a prompt chunk after earlier ones, or a prompt whose prefix an
     * earlier generation ran. {@code mask} is {@code [B, 1, g*T, S+T]}.
     */
    AttentionOutput extendAttention(INDArray x, int rows, FoldedLayer w, RotaryTables.Factors ropeByFeature, INDArray mask,
                                    INDArray pastKeys, INDArray pastValues) {
        Map<String, INDArray> in = attentionInputs(x, w, byFeature(ropeByFeature), biasByFeature(w));
        putPrefillShapes(in, rows, (int) (x.rows() / rows), mask);
        in.put("kPast", pastKeys);
        in.put("vPast", pastValues);
        Map<String, INDArray> out = extend.output(in, "out", "keys", "values");
        return new AttentionOutput(out.get("out"), out.get("keys"), out.get("values"));
    }

    private void putPrefillShapes(Map<String, INDArray> in, int rows, int t, INDArray mask) {
        int kvh = config.kvHeads();
        int hd = config.headDim();
        int g = config.groupSize();
        in.put("mask", mask);
        in.put("kvShape", Nd4j.createFromArray((long) kvh, hd, rows, t));
        in.put("queryShape", Nd4j.createFromArray((long) kvh, hd, g, rows, t));
        in.put("rowQueries", Nd4j.createFromArray((long) rows, kvh, hd, (long) g * t));
        in.put("contextShape", Nd4j.createFromArray((long) rows, kvh, hd, g, t));
    }

    /** Decode, first half: the new queries, keys and values of one token per row, {@code x} {@code [B, d]}. */
    Projection decodeProjection(INDArray x, FoldedLayer w, RotaryTables.Factors rope) {
        Map<String, INDArray> in = new HashMap<>(8);
        in.put("x", x);
        in.put("qkv", w.qkv());
        RotaryTables.Factors f = byRow(rope);
        in.put("cos", f.cos());
        if (f.sin() != null) {
            in.put("sin", f.sin());
        }
        if (w.bias() != null) {
            in.put("bias", w.bias());
        }
        Map<String, INDArray> out = decodeProjection.output(in, "queries", "keys", "values");
        return new Projection(out.get("queries"), out.get("keys"), out.get("values"));
    }

    /**
     * Decode, second half: attention of {@code queries} to the cached {@code keys} and
     * {@code values} ({@code [B, kvh, hd, S]}, the new token's column included) where {@code valid}
     * ({@code [B, S]}, 0/1) allows, then {@code x + output projection}.
     */
    INDArray decodeAttention(INDArray x, FoldedLayer w, INDArray queries, INDArray keys, INDArray values, INDArray valid) {
        Map<String, INDArray> in = new HashMap<>(8);
        in.put("x", x);
        in.put("queries", queries);
        in.put("keys", keys);
        in.put("values", values);
        in.put("valid", valid);
        in.put("wo", w.wo());
        return decodeAttention.outputSingle(in, "out");
    }

    /** RoPE factors {@code [B, n]} as the decode graph's {@code [B, kvh, 2, half, g+2]} (a view); the rotated copy's as they are. */
    private RotaryTables.Factors byRow(RotaryTables.Factors f) {
        if (f.sin() == null) {
            return f;
        }
        long[] shape = {f.cos().rows(), config.kvHeads(), 2, config.headDim() / 2, config.groupSize() + 2};
        return new RotaryTables.Factors(f.cos().reshape(shape), f.sin().reshape(shape));
    }

    /** RoPE factors by feature {@code [n, B*T]} as the prefill graph's {@code [kvh, 2, half, g+2, B*T]}; the rotated copy's as they are. */
    private RotaryTables.Factors byFeature(RotaryTables.Factors f) {
        if (f.sin() == null) {
            return f;
        }
        long[] shape = {config.kvHeads(), 2, config.headDim() / 2, config.groupSize() + 2, f.cos().columns()};
        return new RotaryTables.Factors(f.cos().reshape(shape), f.sin().reshape(shape));
    }

    /** The layer's bias as a column {@code [n, 1]}, the layout of prefill's transposed projection, or null. */
    private static INDArray biasByFeature(FoldedLayer w) {
        return w.bias() == null ? null : w.bias().reshape(w.bias().length(), 1);
    }

    /** The inputs all attention graphs take; {@code bias} is laid out as the graph's projection, or null. */
    private Map<String, INDArray> attentionInputs(INDArray x, FoldedLayer w, RotaryTables.Factors rope, INDArray bias) {
        Map<String, INDArray> in = new HashMap<>(16);
        in.put("x", x);
        in.put("qkv", w.qkv());
        in.put("cos", rope.cos());
        if (rope.sin() != null) {
            in.put("sin", rope.sin());
        }
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
        return head.output(headInputs(x, foldedHead), "logits").get("logits");
    }

    /** The greedy next token of each row of {@code x} and its softmax probability. */
    NextTokens next(INDArray x, INDArray foldedHead) {
        Map<String, INDArray> out = head.output(headInputs(x, foldedHead), "next", "confidence");
        return new NextTokens(out.get("next").toIntVector(), out.get("confidence").toFloatVector());
    }

    private static Map<String, INDArray> headInputs(INDArray x, INDArray foldedHead) {
        Map<String, INDArray> in = new HashMap<>(4);
        in.put("x", x);
        in.put("wHead", foldedHead);
        return in;
    }
}
