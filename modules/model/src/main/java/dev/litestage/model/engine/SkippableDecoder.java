package dev.litestage.model.engine;

import dev.litestage.model.Generation;
import dev.litestage.model.GenerationSession;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import dev.litestage.model.SublayerSimilarity;
import dev.litestage.model.Tokenizer;
import dev.litestage.model.weights.ModelWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A Llama/Qwen2 decoder in SameDiff whose every sublayer can be skipped per call.
 *
 * <p>Java drives the layers in order and calls the shared attention and MLP graphs (see
 * {@link SublayerGraphs}); a skipped sublayer is not called, so it costs nothing and is the
 * identity on the residual stream. Each layer has its own KV cache; a layer whose attention is
 * skipped appends nothing to it. A {@link #session()} keeps the caches of its last generation for
 * the next prompt that shares its prefix under the same mask. Calls are serialized: SameDiff
 * sessions are not reentrant.
 */
public final class SkippableDecoder implements LanguageModel {

    private final ModelWeights weights;
    private final ModelConfig config;
    private final Tokenizer tokenizer;
    private final INDArray embedding;
    private final List<FoldedLayer> layers;
    private final INDArray head;
    private final SublayerGraphs graphs;
    private final RotaryTables rope;
    private volatile String fingerprint;

    private SkippableDecoder(ModelWeights weights, Tokenizer tokenizer) {
        this.weights = weights;
        this.config = weights.config();
        this.tokenizer = tokenizer;
        this.embedding = weights.embedding();
        List<FoldedLayer> folded = new ArrayList<>();
        weights.layers().forEach(l -> folded.add(FoldedLayer.of(config, l)));
        this.layers = List.copyOf(folded);
        this.head = FoldedLayer.scaleRows(weights.lmHead(), FoldedLayer.normScale(config, weights.finalNorm())).dup('f');
        this.graphs = new SublayerGraphs(config);
        this.rope = new RotaryTables(config);
    }

    /** A replica of {@code original}: the same read-only arrays, its own graphs (sessions). */
    private SkippableDecoder(SkippableDecoder original) {
        this.weights = original.weights;
        this.config = original.config;
        this.tokenizer = original.tokenizer;
        this.embedding = original.embedding;
        this.layers = original.layers;
        this.head = original.head;
        this.graphs = new SublayerGraphs(config);
        this.rope = original.rope;
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
        return new SkippableDecoder(this);
    }

    @Override
    public Generation generate(int[] promptIds, SkipMask mask, int maxNewTokens, StopCondition stop) {
        return generate(promptIds, mask, maxNewTokens, stop, null);
    }

    /**
     * A session that keeps the keys and values of its last generation: a next prompt under the
     * same mask that begins with the tokens that generation ran prefills only the rest.
     */
    @Override
    public GenerationSession session() {
        return new PrefixSession();
    }

    private synchronized Generation generate(int[] promptIds, SkipMask mask, int maxNewTokens, StopCondition stop,
                                             PrefixSession session) {
        check(promptIds, mask);
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must be >= 0, was " + maxNewTokens);
        }
        long start = System.nanoTime();
        RunState previous = session == null ? null : session.last;
        int reused = previous == null ? 0 : previous.reusablePrefix(promptIds, mask);
        INDArray[][] cache = reused == 0 ? new INDArray[config.layers()][] : previous.cacheUpTo(reused);
        int[] fresh = Arrays.copyOfRange(promptIds, reused, promptIds.length);
        INDArray x = prefill(embed(fresh), reused, mask, cache, null);
        float[] logits = graphs.logits(x.getRow(fresh.length - 1, true), head).data().asFloat();
        long prefillNanos = System.nanoTime() - start;

        long decodeStart = System.nanoTime();
        int[] ids = new int[maxNewTokens];
        float[] confidences = new float[maxNewTokens];
        int n = 0;
        int position = promptIds.length;
        Generation.StopReason reason = Generation.StopReason.MAX_TOKENS;
        while (n < maxNewTokens) {
            int next = argmax(logits);
            float confidence = maxProbability(logits, next);
            if (next == tokenizer.eosId()) {
                reason = Generation.StopReason.EOS;
                break;
            }
            ids[n] = next;
            confidences[n] = confidence;
            n++;
            if (stop.shouldStop(next, confidence)) {
                reason = Generation.StopReason.CONDITION;
                break;
            }
            if (n == maxNewTokens) {
                break;
            }
            if (position >= config.maxSeqLen()) {
                reason = Generation.StopReason.CONTEXT_FULL;
                break;
            }
            INDArray h = decodeStep(embed(new int[] {next}), position, mask, cache);
            logits = graphs.logits(h, head).data().asFloat();
            position++;
        }
        long decodeNanos = n == 0 ? 0 : System.nanoTime() - decodeStart;
        if (session != null) {
            // the cache holds the prompt and the generated tokens fed back (all but the last)
            int[] ran = Arrays.copyOf(promptIds, position);
            System.arraycopy(ids, 0, ran, promptIds.length, position - promptIds.length);
            session.last = new RunState(mask, ran, cache);
        }
        return new Generation(promptIds.clone(), Arrays.copyOf(ids, n), Arrays.copyOf(confidences, n), reason,
                prefillNanos, decodeNanos, reused);
    }

    /** What a session's generation left: the tokens it ran, under which mask, and each layer's cache. */
    private record RunState(SkipMask mask, int[] ran, INDArray[][] cache) {

        /**
         * How many leading tokens of {@code promptIds} can come from this state: the common prefix
         * under the same mask, short of the last prompt token, whose prefill gives the first logits.
         */
        int reusablePrefix(int[] promptIds, SkipMask other) {
            if (!mask.equals(other)) {
                return 0;
            }
            int limit = Math.min(ran.length, promptIds.length - 1);
            int p = 0;
            while (p < limit && ran[p] == promptIds[p]) {
                p++;
            }
            return p;
        }

        /** Each layer's keys and values over the first {@code positions} positions (layers skipped: null). */
        INDArray[][] cacheUpTo(int positions) {
            INDArray[][] out = new INDArray[cache.length][];
            for (int i = 0; i < cache.length; i++) {
                if (cache[i] != null) {
                    out[i] = new INDArray[] {firstPositions(cache[i][0], positions), firstPositions(cache[i][1], positions)};
                }
            }
            return out;
        }

        private static INDArray firstPositions(INDArray featureMajor, int positions) {
            return featureMajor.size(2) == positions ? featureMajor
                    : featureMajor.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, positions)).dup();
        }
    }

    /** A session over this decoder; its state is replaced by each generation. */
    private final class PrefixSession implements GenerationSession {

        private RunState last;

        @Override
        public Generation generate(int[] promptIds, SkipMask mask, int maxNewTokens, StopCondition stop) {
            return SkippableDecoder.this.generate(promptIds, mask, maxNewTokens, stop, this);
        }
    }

    @Override
    public synchronized float[][] logits(int[] ids, SkipMask mask) {
        check(ids, mask);
        INDArray x = prefill(embed(ids), 0, mask, new INDArray[config.layers()][], null);
        INDArray all = graphs.logits(x, head);
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
        prefill(embed(ids), 0, none, new INDArray[config.layers()][], (sublayer, in, out) -> {
            double mean = meanRowCosine(in, out);
            if (sublayer % 2 == 0) {
                attention[sublayer / 2] = mean;
            } else {
                mlp[sublayer / 2] = mean;
            }
        });
        return new SublayerSimilarity(attention, mlp, ids.length);
    }

    /** Observes the residual stream around each executed sublayer (index = 2*layer + kind). */
    @FunctionalInterface
    private interface SublayerObserver {
        void observe(int sublayerIndex, INDArray input, INDArray output);
    }

    /**
     * Runs the prompt tokens {@code x} at positions {@code start..}; when {@code start > 0} the
     * first {@code start} positions are already in {@code cache} (a reused prefix).
     */
    private INDArray prefill(INDArray x, int start, SkipMask mask, INDArray[][] cache, SublayerObserver observer) {
        int t = (int) x.rows();
        INDArray factors = rope.factorsByFeature(start, t);
        INDArray causal = causalMask(start, t);
        for (int i = 0; i < config.layers(); i++) {
            FoldedLayer w = layers.get(i);
            if (!mask.skipsAttention(i)) {
                SublayerGraphs.AttentionOutput a = start == 0
                        ? graphs.prefillAttention(x, w, factors, causal)
                        : graphs.extendAttention(x, w, factors, causal, cache[i][0], cache[i][1]);
                if (observer != null) {
                    observer.observe(2 * i, x, a.x());
                }
                x = a.x();
                cache[i] = new INDArray[] {a.keys(), a.values()};
            }
            if (!mask.skipsMlp(i)) {
                INDArray out = graphs.mlp(x, w);
                if (observer != null) {
                    observer.observe(2 * i + 1, x, out);
                }
                x = out;
            }
        }
        return x;
    }

    private INDArray decodeStep(INDArray x, int position, SkipMask mask, INDArray[][] cache) {
        INDArray factors = rope.factors(position, 1);
        for (int i = 0; i < config.layers(); i++) {
            FoldedLayer w = layers.get(i);
            if (!mask.skipsAttention(i)) {
                SublayerGraphs.AttentionOutput a = graphs.decodeAttention(x, w, factors, cache[i][0], cache[i][1]);
                x = a.x();
                cache[i] = new INDArray[] {a.keys(), a.values()};
            }
            if (!mask.skipsMlp(i)) {
                x = graphs.mlp(x, w);
            }
        }
        return x;
    }

    /**
     * Additive causal mask {@code [group*T, S+T]} for {@code T} new positions after {@code S}
     * cached ones: row {@code g*T + t} may see positions {@code <= S + t}.
     */
    private INDArray causalMask(int cached, int t) {
        int g = config.groupSize();
        int width = cached + t;
        float[] m = new float[g * t * width];
        for (int gi = 0; gi < g; gi++) {
            for (int row = 0; row < t; row++) {
                int base = (gi * t + row) * width;
                for (int s = cached + row + 1; s < width; s++) {
                    m[base + s] = -1e9f;
                }
            }
        }
        return Nd4j.create(m, new long[] {(long) g * t, width}, 'c');
    }

    private INDArray embed(int[] ids) {
        return embedding.getRows(ids);
    }

    private void check(int[] ids, SkipMask mask) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("the prompt is empty: at least one token (e.g. BOS) is needed");
        }
        if (ids.length > config.maxSeqLen()) {
            throw new IllegalArgumentException("the prompt has " + ids.length + " tokens but the model's context is "
                    + config.maxSeqLen());
        }
        for (int id : ids) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary 0.." + (config.vocabSize() - 1));
            }
        }
        if (mask.layers() != config.layers()) {
            throw new IllegalArgumentException("the skip mask covers " + mask.layers() + " layers but the model has "
                    + config.layers());
        }
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
