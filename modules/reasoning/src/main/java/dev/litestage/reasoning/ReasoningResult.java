package dev.litestage.reasoning;

import java.util.List;

/**
 * The pipeline's answer to one question.
 *
 * @param questionId the question's id
 * @param predicted  the parsed answer label, or null when the final stage's text had none
 * @param gold       the gold label
 * @param stages     per stage, in order
 * @param wallNanos  wall time for the whole question
 */
public record ReasoningResult(String questionId, String predicted, String gold, List<StageOutcome> stages, long wallNanos) {

    public ReasoningResult {
        stages = List.copyOf(stages);
    }

    public boolean correct() {
        return gold.equals(predicted);
    }

    /** Whether no answer could be parsed (counted wrong, and reported separately). */
    public boolean unparseable() {
        return predicted == null;
    }

    public double totalLatencyMs() {
        return stages.stream().mapToDouble(StageOutcome::latencyMs).sum();
    }
}
