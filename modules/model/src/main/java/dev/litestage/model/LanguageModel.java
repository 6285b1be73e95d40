package dev.litestage.model;

import java.util.List;

/**
 * A loaded decoder whose sublayers can be skipped per call: the seam between the engine and
 * everything that runs it (reasoning pipeline, search, runtime).
 *
 * <p>Implementations serialize calls internally, so one instance may be shared across threads,
 * but calls do not run concurrently; {@link #replica()} gives an instance that does.
 */
public interface LanguageModel {

    ModelConfig config();

    Tokenizer tokenizer();

    /**
     * A model with the same weights, tokenizer and outputs whose calls may run concurrently with
     * this one's (each instance still serializes its own). Implementations that cannot run two
     * calls at once return this instance, so callers may always ask for replicas and get correct,
     * if serialized, results.
     */
    default LanguageModel replica() {
        return this;
    }

    /** A sha256 hex digest over the config and the weights: the model's identity in profiles. */
    String fingerprint();

    /**
     * Greedy decoding: prefills {@code promptIds} (which the caller encodes, BOS included) under
     * {@code mask}, then generates until EOS, {@code maxNewTokens}, the context limit, or
     * {@code stop} fires. The same mask applies to prefill and decode.
     */
    Generation generate(int[] promptIds, SkipMask mask, int maxNewTokens, StopCondition stop);

    /**
     * Greedy decoding of many sequences under one mask, as many at a time as {@link #batchLimits()}
     * allow: each request stops on its own (EOS, its budget, its stop condition, the context) and
     * gets what {@link #generate} would give it alone, up to float rounding in near-ties. A request
     * the model cannot run (empty, over the context, a token outside the vocabulary) is refused
     * alone, with a message naming it; the others run.
     *
     * @return one result per request, in request order
     * @throws IllegalArgumentException when the list is empty or the mask does not fit the model
     */
    default List<GenerationResult> generateAll(List<GenerationRequest> requests, SkipMask mask) {
        return BatchedGeneration.run(this, requests, mask);
    }

    /**
     * An empty batch under {@code mask} that requests may join while it runs. Models that decode
     * one sequence at a time run the joined requests one by one.
     */
    default GenerationBatch batch(SkipMask mask) {
        return new SequentialBatch(this, mask);
    }

    /** How many sequences this model decodes together, and the memory they may hold. */
    default BatchLimits batchLimits() {
        return new BatchLimits(1, Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * This model (the same weights) batching within {@code limits}. Models that decode one sequence
     * at a time return themselves: their {@link #batchLimits()} stay at one row.
     */
    default LanguageModel withBatchLimits(BatchLimits limits) {
        return this;
    }

    /**
     * A session whose generations reuse the attention state of the one before when their prompts
     * share a prefix under the same mask ({@link GenerationSession}). A model that keeps no such
     * state returns a session that runs every generation from scratch, with the same outputs.
     */
    default GenerationSession session() {
        return this::generate;
    }

    /** Logits for every position of {@code ids}, recomputed without a cache: {@code [T][vocab]}. */
    float[][] logits(int[] ids, SkipMask mask);

    /**
     * For every sublayer, the cosine similarity between its input and its output on the residual
     * stream over a full (unskipped) prefill of {@code ids}, averaged over tokens.
     */
    SublayerSimilarity similarity(int[] ids);
}
