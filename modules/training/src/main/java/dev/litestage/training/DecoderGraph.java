package dev.litestage.training;

import dev.litestage.model.ModelConfig;
import dev.litestage.model.weights.LayerWeights;
import dev.litestage.model.weights.ModelWeights;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Llama decoder as a trainable SameDiff graph over packed rows of {@code seqLen} tokens.
 *
 * <p>The math is the inference engine's, term for term: {@code x0 = embedding[id]}; per layer
 * {@code h = x + Attn(RMSNorm(x)*attnNorm)} and {@code x' = h + MLP(RMSNorm(h)*mlpNorm)}; logits
 * {@code (RMSNorm(x)*finalNorm) @ lmHead}. Three formulations differ from the engine's only in
 * how they are computed, because SameDiff 1.0.0-M2.1 cannot (or cannot cheaply) train the direct
 * form:
 * <ul>
 *   <li>the embedding lookup is a one-hot matmul: backprop through {@code gather} fails in this
 *       SameDiff version;</li>
 *   <li>grouped-query attention repeats each KV head for its query heads with a constant 0/1
 *       matrix ({@code wk @ repeat}), so attention runs as plain multi-head attention;</li>
 *   <li>RoPE's "rotate half" is a constant signed permutation folded into the projection
 *       ({@code x @ (w @ rotate)}), so rotation is {@code q*cos + qRot*sin} with per-token
 *       tables fed as placeholders;</li>
 *   <li>each RMSNorm weight scales the rows of the projections that read the normalized stream
 *       ({@code (x*w) @ W = x @ (diag(w) W)}), which is the same product but broadcasts over
 *       weights instead of over every token.</li>
 * </ul>
 * Rows may hold several documents: the additive attention mask is block-diagonal and causal, and
 * the rotary tables use each token's position within its own document, so a packed document is
 * computed exactly as if it were alone at positions {@code 0..L-1}.
 *
 * <p>Placeholders (N = rows * seqLen): {@link #TOKENS}, {@link #TARGETS} int32 {@code [rows, seqLen]};
 * {@link #LOSS_MASK} {@code [rows, seqLen]}; {@link #ATTENTION_MASK} {@code [rows, 1, seqLen, seqLen]};
 * {@link #ROPE_COS}, {@link #ROPE_SIN} {@code [N, hidden]}; {@link #SUBLAYER_GATES} {@code [1, 2*layers]},
 * each sublayer's output multiplied by its gate before it joins the residual stream. Outputs: {@link #LOGITS} {@code [N, vocab]}
 * and the scalar {@link #LOSS}, the mean next-token cross entropy over masked-in positions.
 */
final class DecoderGraph {

    static final String TOKENS = "tokens";
    static final String TARGETS = "targets";
    static final String LOSS_MASK = "lossMask";
    static final String ATTENTION_MASK = "attentionMask";
    static final String ROPE_COS = "ropeCos";
    static final String ROPE_SIN = "ropeSin";
    /** {@code [1, 2*layers]}: 1 runs a sublayer, 0 leaves it out (see {@link SublayerDropout}). */
    static final String SUBLAYER_GATES = "sublayerGates";
    static final String LOGITS = "logits";
    static final String LOSS = "loss";
    /** Sum over loss positions of the target's log-probability; the loss is minus this over {@link #LOSS_TOKENS}. */
    static final String TARGET_LOG_PROB_SUM = "targetLogProbSum";
    /** Number of loss positions in the batch. */
    static final String LOSS_TOKENS = "lossTokens";
    /** Placeholders fed from a dataset's features, in order. */
    static final String[] FEATURES = {TOKENS, ATTENTION_MASK, ROPE_COS, ROPE_SIN, SUBLAYER_GATES};
    /** Placeholders fed from a dataset's labels, in order. */
    static final String[] LABELS = {TARGETS, LOSS_MASK};

    private final SameDiff sd;
    private final ModelConfig config;

    private DecoderGraph(SameDiff sd, ModelConfig config) {
        this.sd = sd;
        this.config = config;
    }

    /** Wraps a graph built by {@link #create} and restored with {@link SameDiff#load}. */
    static DecoderGraph wrap(SameDiff sd, ModelConfig config) {
        for (String name : new String[] {TOKENS, LOSS, WeightName.EMBEDDING, WeightName.LM_HEAD}) {
            if (!sd.hasVariable(name)) {
                throw new IllegalArgumentException("not a decoder training graph: it has no variable " + name);
            }
        }
        return new DecoderGraph(sd, config);
    }

    /** Builds the graph with {@code weights} as its (copied) trainable variables. */
    static DecoderGraph create(ModelWeights weights, int seqLen) {
        ModelConfig c = weights.config();
        if (c.attentionBias()) {
            throw new IllegalArgumentException("the training graph has no attention biases (Llama only)");
        }
        if (c.tiedEmbeddings()) {
            throw new IllegalArgumentException("the training graph keeps an untied lmHead");
        }
        SameDiff sd = SameDiff.create();
        int h = c.hiddenSize();
        int v = c.vocabSize();

        SDVariable tokens = sd.placeHolder(TOKENS, DataType.INT32, -1, seqLen);
        SDVariable targets = sd.placeHolder(TARGETS, DataType.INT32, -1, seqLen);
        SDVariable lossMask = sd.placeHolder(LOSS_MASK, DataType.FLOAT, -1, seqLen);
        SDVariable attentionMask = sd.placeHolder(ATTENTION_MASK, DataType.FLOAT, -1, 1, seqLen, seqLen);
        SDVariable cos = sd.placeHolder(ROPE_COS, DataType.FLOAT, -1, h);
        SDVariable sin = sd.placeHolder(ROPE_SIN, DataType.FLOAT, -1, h);
        SDVariable gates = sd.placeHolder(SUBLAYER_GATES, DataType.FLOAT, 1, 2L * c.layers());

        SDVariable repeat = sd.constant("kvRepeat", kvRepeat(c));
        SDVariable rotate = sd.constant("rotateHalf", rotateHalf(c));
        SDVariable repeatRotate = sd.constant("kvRepeatRotateHalf", kvRepeat(c).mmul(rotateHalf(c)));

        SDVariable embedding = sd.var(WeightName.EMBEDDING, weights.embedding().dup());
        SDVariable oneHot = sd.oneHot("tokensOneHot", sd.reshape(tokens, -1), v, -1, 1.0, 0.0, DataType.FLOAT);
        SDVariable x = oneHot.mmul(embedding);

        for (int i = 0; i < c.layers(); i++) {
            LayerWeights lw = weights.layers().get(i);
            SDVariable attnNorm = sd.var(WeightName.attnNorm(i), lw.attnNorm().dup());
            SDVariable wq = sd.var(WeightName.wq(i), lw.wq().dup());
            SDVariable wk = sd.var(WeightName.wk(i), lw.wk().dup());
            SDVariable wv = sd.var(WeightName.wv(i), lw.wv().dup());
            SDVariable wo = sd.var(WeightName.wo(i), lw.wo().dup());
            SDVariable mlpNorm = sd.var(WeightName.mlpNorm(i), lw.mlpNorm().dup());
            SDVariable wGate = sd.var(WeightName.wGate(i), lw.wGate().dup());
            SDVariable wUp = sd.var(WeightName.wUp(i), lw.wUp().dup());
            SDVariable wDown = sd.var(WeightName.wDown(i), lw.wDown().dup());

            // RMSNorm weights scale rows of the following projections instead of the [N, hidden]
            // activations: the same products, but the broadcast multiply (and its costly backward)
            // runs on [hidden, out] weights, not on every token.
            SDVariable xn = normalize(sd, x, c.rmsNormEps());
            SDVariable attnScale = sd.reshape(attnNorm, h, 1);
            SDVariable wqn = wq.mul(attnScale);
            SDVariable wkn = wk.mul(attnScale);
            SDVariable q = rope(xn.mmul(wqn), xn.mmul(wqn.mmul(rotate)), cos, sin);
            SDVariable k = rope(xn.mmul(wkn.mmul(repeat)), xn.mmul(wkn.mmul(repeatRotate)), cos, sin);
            SDVariable val = xn.mmul(wv.mul(attnScale).mmul(repeat));
            SDVariable attended = attention(sd, c, seqLen, q, k, val, attentionMask);
            SDVariable hRes = x.add(attended.mmul(wo).mul(gate(sd, gates, 2 * i)));

            SDVariable hn = normalize(sd, hRes, c.rmsNormEps());
            SDVariable mlpScale = sd.reshape(mlpNorm, h, 1);
            SDVariable gate = hn.mmul(wGate.mul(mlpScale));
            SDVariable silu = gate.mul(sd.nn.sigmoid(gate));
            x = hRes.add(silu.mul(hn.mmul(wUp.mul(mlpScale))).mmul(wDown).mul(gate(sd, gates, 2 * i + 1)));
        }
        SDVariable finalNorm = sd.var(WeightName.FINAL_NORM, weights.finalNorm().dup());
        SDVariable lmHead = sd.var(WeightName.LM_HEAD, weights.lmHead().dup());
        SDVariable logits = normalize(sd, x, c.rmsNormEps()).mmul(LOGITS, lmHead.mul(sd.reshape(finalNorm, h, 1)));

        SDVariable logProbs = sd.nn.logSoftmax(logits);
        SDVariable targetOneHot = sd.oneHot("targetsOneHot", sd.reshape(targets, -1), v, -1, 1.0, 0.0, DataType.FLOAT);
        SDVariable tokenLogProb = logProbs.mul(targetOneHot).sum(1);
        SDVariable mask = sd.reshape(lossMask, -1);
        SDVariable loss = tokenLogProb.mul(mask).sum(TARGET_LOG_PROB_SUM).div(mask.sum(LOSS_TOKENS)).neg(LOSS);
        sd.setLossVariables(loss);
        return new DecoderGraph(sd, c);
    }

    /** Sublayer {@code index}'s gate as a {@code [1, 1]} variable that broadcasts over {@code [N, hidden]}. */
    private static SDVariable gate(SameDiff sd, SDVariable gates, int index) {
        return sd.slice(gates, new int[] {0, index}, 1, 1);
    }

    /** {@code x / sqrt(mean(x^2) + eps)} per row: RMSNorm before its weight. */
    private static SDVariable normalize(SameDiff sd, SDVariable x, double eps) {
        SDVariable meanSquare = x.mul(x).mean(true, 1);
        return x.mul(sd.math.rsqrt(meanSquare.add(eps)));
    }

    private static SDVariable rope(SDVariable x, SDVariable xRotated, SDVariable cos, SDVariable sin) {
        return x.mul(cos).add(xRotated.mul(sin));
    }

    /** Causal multi-head attention on {@code [N, heads*headDim]} inputs; returns {@code [N, hidden]}. */
    private static SDVariable attention(SameDiff sd, ModelConfig c, int seqLen, SDVariable q, SDVariable k,
                                        SDVariable v, SDVariable mask) {
        int heads = c.heads();
        int hd = c.headDim();
        SDVariable qh = sd.reshape(q.mul(1.0 / Math.sqrt(hd)), -1, seqLen, heads, hd).permute(0, 2, 1, 3);
        SDVariable kh = sd.reshape(k, -1, seqLen, heads, hd).permute(0, 2, 1, 3);
        SDVariable vh = sd.reshape(v, -1, seqLen, heads, hd).permute(0, 2, 1, 3);
        SDVariable scores = sd.mmul(qh, kh, false, true, false).add(mask);
        // softmax over the rows of a 2-D view: measurably faster than the rank-4 softmax in this ND4J
        SDVariable probs = sd.reshape(sd.nn.softmax(sd.reshape(scores, -1, seqLen), 1), -1, heads, seqLen, seqLen);
        SDVariable out = sd.mmul(probs, vh).permute(0, 2, 1, 3);
        return sd.reshape(out, -1, c.hiddenSize());
    }

    /** {@code [kvDim, heads*headDim]}: copies KV head {@code g} to every query head {@code h} with {@code h / groupSize == g}. */
    static INDArray kvRepeat(ModelConfig c) {
        int hd = c.headDim();
        INDArray m = Nd4j.zeros(DataType.FLOAT, c.kvDim(), c.heads() * hd);
        for (int head = 0; head < c.heads(); head++) {
            int kv = head / c.groupSize();
            for (int d = 0; d < hd; d++) {
                m.putScalar(kv * hd + d, head * hd + d, 1f);
            }
        }
        return m;
    }

    /** {@code [hidden, hidden]}, block-diagonal per head: {@code x @ R} is rotate-half, {@code [-x2, x1]}. */
    static INDArray rotateHalf(ModelConfig c) {
        int hd = c.headDim();
        int half = hd / 2;
        INDArray m = Nd4j.zeros(DataType.FLOAT, c.hiddenSize(), c.hiddenSize());
        for (int head = 0; head < c.heads(); head++) {
            int o = head * hd;
            for (int j = 0; j < half; j++) {
                m.putScalar(o + j + half, o + j, -1f);
                m.putScalar(o + j, o + j + half, 1f);
            }
        }
        return m;
    }

    /**
     * Builds the backward graph now, with standard output muted: SameDiff 1.0.0-M2.1 prints one
     * line per differentiated op to {@code System.out}, which would bury the progress bar.
     */
    void prepareGradients() {
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            sd.createGradFunction();
        } finally {
            System.setOut(out);
        }
    }

    SameDiff sameDiff() {
        return sd;
    }

    /** A copy of the current weights in {@link ModelWeights} layout. */
    ModelWeights weights() {
        return WeightName.read(config, name -> sd.getArrForVarName(name).dup());
    }

    /** Logits {@code [N, vocab]} for a batch (targets and loss mask are not needed). */
    INDArray logits(PackedBatch batch) {
        Map<String, INDArray> out = sd.output(batch.inputs(), LOGITS);
        return out.get(LOGITS);
    }

    /** Loss of a batch without updating anything. */
    double loss(PackedBatch batch) {
        return sd.output(batch.placeholders(), LOSS).get(LOSS).getDouble(0);
    }
}
