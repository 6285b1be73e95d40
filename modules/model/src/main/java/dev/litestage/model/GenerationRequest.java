package dev.litestage.model;

import java.util.Objects;

/**
 * One sequence of a batched generation ({@link LanguageModel#generateAll}, {@link GenerationBatch}):
 * its prompt (encoded by the caller, BOS included), its token budget and its own stop condition.
 * Every request of a batch runs under the batch's skip mask and stops on its own.
 *
 * @param promptIds    the prompt
 * @param maxNewTokens the most tokens to generate ({@code >= 0})
 * @param stop         decides token by token whether this sequence stops early; one instance per
 *                     request, since conditions keep state
 * @param session      the session whose last generation this request may extend (its prompt shares
 *                     a prefix with what that generation ran, {@link GenerationSession}), or null
 * @param ignoreEos    whether the end-of-sequence token is generated like any other instead of
 *                     ending the sequence: for benchmarks that must decode a fixed number of tokens
 */
public record GenerationRequest(int[] promptIds, int maxNewTokens, StopCondition stop, GenerationSession session,
                                boolean ignoreEos) {

    public GenerationRequest {
        Objects.requireNonNull(promptIds, "promptIds");
        Objects.requireNonNull(stop, "stop");
    }

    /** A request outside any session. */
    public static GenerationRequest of(int[] promptIds, int maxNewTokens, StopCondition stop) {
        return new GenerationRequest(promptIds, maxNewTokens, stop, null, false);
    }

    /** This request run in {@code session}: it may reuse what the session's last generation ran. */
    public GenerationRequest inSession(GenerationSession session) {
        return new GenerationRequest(promptIds, maxNewTokens, stop, Objects.requireNonNull(session, "session"), ignoreEos);
    }

    /** This request decoding through end-of-sequence tokens, always to its budget or stop condition. */
    public GenerationRequest ignoringEos() {
        return new GenerationRequest(promptIds, maxNewTokens, stop, session, true);
    }

    /**
     * Why {@code config}'s model cannot run this request, or null when it can: an empty prompt, a
     * prompt longer than the context, a token outside the vocabulary, a negative budget.
     */
    public String problem(ModelConfig config) {
        if (promptIds.length == 0) {
            return "the prompt is empty: at least one token (e.g. BOS) is needed";
        }
        if (promptIds.length > config.maxSeqLen()) {
            return "the prompt has " + promptIds.length + " tokens but the model's context is " + config.maxSeqLen();
        }
        for (int id : promptIds) {
            if (id < 0 || id >= config.vocabSize()) {
                return "token id " + id + " is outside the vocabulary 0.." + (config.vocabSize() - 1);
            }
        }
        if (maxNewTokens < 0) {
            return "maxNewTokens must be >= 0, was " + maxNewTokens;
        }
        return null;
    }
}
