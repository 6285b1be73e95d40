package dev.litestage.search.trial;

import java.util.Objects;

/**
 * What one stage cost in one trial, over the evaluated questions.
 *
 * @param stage           the stage's name
 * @param latencyMs       mean latency of the stage per question, in milliseconds (prefill plus decode)
 * @param prefillTokens   mean prompt tokens the stage prefilled per question (all its generations)
 * @param generatedTokens mean tokens the stage generated per question (all its generations)
 * @param earlyExits      number of questions on which the stage's confidence early exit fired
 * @param prefillCalls    mean prefill calls per question (the stage's generations: one, or one per
 *                        option): each pays one call per sublayer however few its tokens
 */
public record StageMeasurement(String stage, double latencyMs, double prefillTokens, double generatedTokens,
                               int earlyExits, double prefillCalls) {

    public StageMeasurement {
        Objects.requireNonNull(stage, "stage");
        nonNegative(stage, "latencyMs", latencyMs);
        nonNegative(stage, "prefillTokens", prefillTokens);
        nonNegative(stage, "generatedTokens", generatedTokens);
        nonNegative(stage, "prefillCalls", prefillCalls);
        if (earlyExits < 0) {
            throw new IllegalArgumentException("stage '" + stage + "': earlyExits must be >= 0, was " + earlyExits);
        }
    }

    /** This measurement with another latency (a cost-model estimate or a median of repetitions). */
    public StageMeasurement withLatency(double latencyMs) {
        return new StageMeasurement(stage, latencyMs, prefillTokens, generatedTokens, earlyExits, prefillCalls);
    }

    static void nonNegative(String stage, String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("stage '" + stage + "': " + field
                    + " must be a finite non-negative number, was " + value);
        }
    }
}
