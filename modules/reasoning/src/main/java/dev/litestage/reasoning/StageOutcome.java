package dev.litestage.reasoning;

/**
 * What one stage produced for one question. Per-option stages sum their generations.
 *
 * @param stage        the stage's name
 * @param prompt       the prompt of the stage's (first) generation, as text
 * @param text         the stage's text as it enters later prompts
 * @param tokens       tokens generated (all generations of the stage)
 * @param generations  how many generations the stage ran (options for per-option stages, else 1)
 * @param earlyExits   how many of them the confidence early exit stopped
 * @param prefillNanos prefill wall time, summed over generations
 * @param decodeNanos  decode wall time, summed over generations
 * @param prefillTokens prompt tokens prefilled, summed over generations: a per-option stage's later
 *                     generations prefill only what follows the prefix their session already ran
 */
public record StageOutcome(String stage, String prompt, String text, int tokens, int generations,
                           int earlyExits, long prefillNanos, long decodeNanos, int prefillTokens) {

    /** Prefill plus decode, in milliseconds. */
    public double latencyMs() {
        return (prefillNanos + decodeNanos) / 1e6;
    }

    public boolean exitedEarly() {
        return earlyExits > 0;
    }
}
