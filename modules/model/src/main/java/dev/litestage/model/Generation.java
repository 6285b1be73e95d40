package dev.litestage.model;

/**
 * The outcome of one greedy generation.
 *
 * @param promptIds     the prompt, as fed (BOS first when the caller asked for it)
 * @param generatedIds  generated tokens, excluding a final EOS
 * @param confidences   per generated token (same length as {@code generatedIds}), its maximum
 *                      softmax probability
 * @param stop          why decoding ended
 * @param prefillNanos  wall time of the prompt pass
 * @param decodeNanos   wall time of all decode steps together
 * @param reusedPromptTokens leading prompt tokens whose keys and values came from an earlier
 *                      generation of the same {@link GenerationSession}, not from this prefill
 */
public record Generation(
        int[] promptIds,
        int[] generatedIds,
        float[] confidences,
        StopReason stop,
        long prefillNanos,
        long decodeNanos,
        int reusedPromptTokens) {

    public Generation {
        if (reusedPromptTokens < 0 || reusedPromptTokens >= Math.max(1, promptIds.length)) {
            throw new IllegalArgumentException("reusedPromptTokens must be in 0.." + (promptIds.length - 1)
                    + " (the last prompt token is always prefilled), was " + reusedPromptTokens);
        }
    }

    /** A generation that prefilled its whole prompt. */
    public Generation(int[] promptIds, int[] generatedIds, float[] confidences, StopReason stop,
                      long prefillNanos, long decodeNanos) {
        this(promptIds, generatedIds, confidences, stop, prefillNanos, decodeNanos, 0);
    }

    /** Why a generation ended. */
    public enum StopReason {
        /** the model produced its end-of-sequence token */
        EOS,
        /** the token budget ran out */
        MAX_TOKENS,
        /** a {@link StopCondition} (early exit, a stop string) fired */
        CONDITION,
        /** the context window is full */
        CONTEXT_FULL
    }

    /** Prompt tokens this generation's prefill ran: those after the reused ones. */
    public int prefilledTokens() {
        return promptIds.length - reusedPromptTokens;
    }

    /** Number of generated tokens. */
    public int tokens() {
        return generatedIds.length;
    }

    /** Decode milliseconds per generated token (0 when nothing was generated). */
    public double decodeMsPerToken() {
        return generatedIds.length == 0 ? 0 : decodeNanos / 1e6 / generatedIds.length;
    }

    /** Prefill plus decode, in milliseconds. */
    public double totalMs() {
        return (prefillNanos + decodeNanos) / 1e6;
    }
}
