package dev.litestage.model;

/**
 * Decides, token by token, whether greedy decoding should stop early, as if EOS had been produced.
 * Implementations may keep state (a confidence window, decoded text); create one per generation.
 */
@FunctionalInterface
public interface StopCondition {

    /** Never stops. */
    StopCondition NEVER = (id, confidence) -> false;

    /**
     * Called after each generated token is appended.
     *
     * @param tokenId    the token just generated
     * @param confidence its maximum softmax probability
     * @return true to stop after this token
     */
    boolean shouldStop(int tokenId, float confidence);
}
