package dev.litestage.model;

/**
 * Successive generations on one model that share work: a session keeps the attention state
 * (per-layer keys and values) of its last generation, and a next generation under the same skip
 * mask whose prompt begins with tokens that generation already ran (its prompt and the tokens it
 * fed back) prefills only the tokens after them ({@link Generation#reusedPromptTokens()}).
 *
 * <p>The outputs are those of {@link LanguageModel#generate} up to float rounding: the reused keys
 * and values were computed over the same tokens at the same positions under the same mask. The
 * case it serves is a per-option stage, where option k's prompt is option k-1's prompt, its
 * generated text and the next option's opening, so that only a few tokens need a prefill.
 *
 * <p>Not thread-safe: a session belongs to one caller. The model's own calls stay serialized.
 */
@FunctionalInterface
public interface GenerationSession {

    /** As {@link LanguageModel#generate}, reusing what this session's previous generation ran. */
    Generation generate(int[] promptIds, SkipMask mask, int maxNewTokens, StopCondition stop);
}
