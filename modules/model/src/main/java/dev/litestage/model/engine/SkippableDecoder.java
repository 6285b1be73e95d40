package dev.litestage.model.engine;

import dev.litestage.model.BatchLimits;
import dev.litestage.model.Generation;
import dev.litestage.model.GenerationBatch;
import dev.litestage.model.GenerationRequest;
import dev.litestage.model.GenerationResult;
import dev.litestage.model.GenerationSession;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import dev.litestage.model.SublayerSimilarity;
import dev.litestage.model.Tokenizer;
import dev.litestage.model.weights.ModelWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A Llama/Qwen2 decoder in SameDiff whose every sublayer can be skipped per call, decoding many
 * sequences together.
 *
 * <p>Every generation runs through a {@link DecodeBatch}: the sequences of a batch share one
 * SameDiff call per sublayer and step (see {@link ForwardPass}, {@link SublayerGraphs}), each with
 * its own KV cache columns and positions, and a single {@link #generate} is a batch of one. A
 * {@link #session()} keeps the keys and values of its last generation for the next prompt that
 * shares its prefix under the same mask, inside a batch as alone. Calls are serialized on this
 * object: SameDiff sessions are not reentrant; {@link #replica()} gives a decoder whose calls run
 * concurrently with this one's.
 */
public final class SkippableDecoder implements LanguageModel {

    /**
     * Changes when an engine change can change generated tokens (float rounding in near-ties):
     * measured trials are keyed by it, so a new engine does not reuse trials of an old one.
     */
    public static final String OUTPUT_VERSION = "batched-1";

    private final ModelWeights weights;
    private final ModelConfig config;
    private final Tokenizer tokenizer;
    private final INDArray embedding;
    private final List<FoldedLayer> layers;
    private final INDArray head;
    private final RotaryTables rope;
    private final ForwardPass pass;
    private final BatchLimits limits;
    private volatile String fingerprint;

    private SkippableDecoder(ModelWeights weights, Tokenizer tokenizer) {
        this.weights = weights;
        this.config = weights.config();
        this.tokenizer = tokenizer;
        this.embedding = weights.embedding();
        List<FoldedLayer> folded = new ArrayList<>();
        RopeForm form = RopeForm.forModel(config);
        weights.layers().forEach(l -> folded.add(FoldedLayer.of(config, l, form)));
        this.layers = List.copyOf(folded);
        this.head = FoldedLayer.scaleRows(weights.lmHead(), FoldedLayer.normScale(config, weights.finalNorm())).dup('f');
        this.rope = new RotaryTables(config, form);
        this.pass = new ForwardPass(config, embedding, layers, head, new SublayerGraphs(config, form), rope);
        this.limits = BatchLimits.DEFAULT;
    }

    /** A decoder over {@code original}'s read-only arrays with its own graphs (sessions) and {@code limits}. */
    private SkippableDecoder(SkippableDecoder original, BatchLimits limits) {
        this.weights = original.weights;
        this.config = original.config;
        this.tokenizer = original.tokenizer;
        this.embedding = original.embedding;
        this.layers = original.layers;
        this.head = original.head;
        this.rope = original.rope;
        this.pass = new ForwardPass(config, embedding, layers, head, new SublayerGraphs(config, RopeForm.forModel(config)),
                rope);
        this.limits = limits;
        this.fingerprint = original.fingerprint;
    }

    /** A decoder over {@code weights}; {@code tokenizer} must match the vocabulary. */
    public static SkippableDecoder create(ModelWeights weights, Tokenizer tokenizer) {
        if (tokenizer.vocabSize() > weights.config().vocabSize()) {
            throw new IllegalArgumentException("tokenizer has " + tokenizer.vocabSize()
                    + " tokens but the model's vocabulary has " + weights.config().vocabSize());
        }
        return new SkippableDecoder(weights, tokenizer);
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The weights this decoder runs (unfolded). */
    public ModelWeights weights() {
        return weights;
    }

    @Override
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            f = ModelFingerprint.of(weights);
            fingerprint = f;
        }
        return f;
    }

    /**
     * A decoder over the same weights with its own SameDiff graphs, so that its calls run
     * concurrently with this one's. The weight arrays are shared, not copied: the graphs only read
     * them (they are fed as placeholders), so a replica costs the graphs, not the model's memory.
     */
    @Override
    public SkippableDecoder replica() {
        return new SkippableDecoder(this, limits);
    }

    @Override
    public BatchLimits batchLimits() {
        return limits;
    }

    /** This decoder (same weights, its own graphs) batching within {@code batchLimits}. */
    public SkippableDecoder withBatchLimits(BatchLimits batchLimits) {
        return new SkippableDecoder(this, Objects.requireNonNull(batchLimits, "batchLimits"));
    }

    @Override
    public GenerationBatch batch(SkipMask mask) {
        checkMask(mask);
        return new DecodeBatch(this, pass, mask, limits);
    }

    @Override
    public Generation generate(int[] promptIds, SkipMask mask, int maxNewTokens, StopCondition stop) {
        return generateOne(GenerationRequest.of(promptIds, maxNewTokens, stop), mask);
    }

    /** A batch of one: the same graphs, the same rules, no padding. */
    private Generation generateOne(GenerationRequest request, SkipMask mask) {
        GenerationBatch batch = batch(mask);
        GenerationResult[] result = new GenerationResult[1];
        batch.join(0, request, r -> result[0] = r);
        while (!batch.isIdle()) {
            batch.step();
        }
        if (!result[0].ok()) {
            // the single-sequence API reports the problem without a request number
            throw new IllegalArgumentException(request.problem(config));
        }
        return result[0].generation();
    }

    /**
     * A session that keeps the keys and values of its last generation: a next prompt under the
     * same mask that begins with the tokens that generation ran prefills only the rest.
     */
    @Override
    public GenerationSession session() {
        return new PrefixSession(this);
    }

    /**
     * A session's state: the tokens its last generation ran, under which mask, and each layer's keys
     * and values over them ({@code [kvh, hd, ran]}, null where attention is skipped). Only the
     * decoder that made it (or a replica or batch-limited copy of it: the same weights) reuses it.
     */
    static final class PrefixSession implements GenerationSession {

        private final SkippableDecoder owner;
        private SkipMask mask;
        private int[] ran;
        private INDArray[][] columns;

        PrefixSession(SkippableDecoder owner) {
            this.owner = owner;
        }

        boolean belongsTo(SkippableDecoder decoder) {
            return decoder.weights == owner.weights;
        }

        @Override
        public Generation generate(int[] promptIds, SkipMask mask, int maxNewTokens, StopCondition stop) {
            return owner.generateOne(GenerationRequest.of(promptIds, maxNewTokens, stop).inSession(this), mask);
        }

        /**
         * How many leading tokens of {@code promptIds} can come from this state: the common prefix
         * under the same mask, short of the last prompt token, whose prefill gives the first logits.
         */
        int reusablePrefix(int[] promptIds, SkipMask other) {
            if (ran == null || !mask.equals(other)) {
                return 0;
            }
            int limit = Math.min(ran.length, promptIds.length - 1);
            int p = 0;
            while (p < limit && ran[p] == promptIds[p]) {
                p++;
            }
            return p;
        }

        /** Layer {@code layer}'s keys (or values) over the first {@code positions} tokens: {@code [kvh, hd, positions]}. */
        INDArray cachedColumns(int layer, boolean keys, int positions) {
            INDArray all = columns[layer][keys ? 0 : 1];
            return all.size(2) == positions ? all
                    : all.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, positions)).dup();
        }

        void keep(SkipMask mask, int[] ran, INDArray[][] columns) {
            this.mask = mask;
            this.ran = ran;
            this.columns = columns;
        }
    }

    @Override
    public synchronized float[][] logits(int[] ids, SkipMask mask) {
        check(ids, mask);
        INDArray x = prefillAlone(ids, mask, null);
        INDArray all = pass.logits(x);
        float[][] out = new float[ids.length][];
        for (int t = 0; t < ids.length; t++) {
            out[t] = all.getRow(t).dup().data().asFloat();
        }
        return out;
    }

    @Override
    public synchronized SublayerSimilarity similarity(int[] ids) {
        SkipMask none = SkipMask.none(config.layers());
        check(ids, none);
        double[] attention = new double[config.layers()];
        double[] mlp = new double[config.layers()];
        prefillAlone(ids, none, (sublayer, in, out) -> {
            double mean = meanRowCosine(in, out);
            if (sublayer % 2 == 0) {
                attention[sublayer / 2] = mean;
            } else {
                mlp[sublayer / 2] = mean;
            }
        });
        return new SublayerSimilarity(attention, mlp, ids.length);
    }

    /** One sequence's prefill with no cache and no padding; the residual stream of every position. */
    private INDArray prefillAlone(int[] ids, SkipMask mask, ForwardPass.SublayerObserver observer) {
        int t = ids.length;
        int[] positions = new int[t];
        boolean[][] valid = new boolean[1][t];
        for (int i = 0; i < t; i++) {
            positions[i] = i;
            valid[0][i] = true;
        }
        INDArray additive = Nd4j.create(pass.additiveMask(valid, t, t), new long[] {1, 1, (long) config.groupSize() * t, t}, 'c');
        return pass.prefill(1, ids, positions, additive, mask, KvCache.allocate(config, mask, 1, 1, t), observer);
    }

    private void checkMask(SkipMask mask) {
        if (mask.layers() != config.layers()) {
            throw new IllegalArgumentException("the skip mask covers " + mask.layers() + " layers but the model has "
                    + config.layers());
        }
    }

    private void check(int[] ids, SkipMask mask) {
        String problem = GenerationRequest.of(ids, 0, StopCondition.NEVER).problem(config);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        checkMask(mask);
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Softmax probability of {@code best}, the argmax: {@code 1 / sum(exp(l - max))}. */
    static float maxProbability(float[] logits, int best) {
        double max = logits[best];
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        return (float) (1.0 / sum);
    }

    private static double meanRowCosine(INDArray a, INDArray b) {
        INDArray dot = a.mul(b).sum(1);
        INDArray norms = a.norm2(1).muli(b.norm2(1)).addi(1e-12);
        return dot.divi(norms).meanNumber().doubleValue();
    }
}
