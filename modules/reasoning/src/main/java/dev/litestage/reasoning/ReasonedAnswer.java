package dev.litestage.reasoning;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The pipeline's run over a question whose answer is not known: what a deployed service returns.
 * {@link #against(Question)} grades it when the gold label is known.
 *
 * @param answer    the parsed answer label, or null when the final stage's text had none
 * @param stages    per stage, in order
 * @param document  the whole text: question block and every stage's line ({@link PromptFormat})
 * @param wallNanos wall time for the whole question; answered in a batch, its share of the batch's
 *                  wall time (the batch's over its number of questions)
 */
public record ReasonedAnswer(String answer, List<StageOutcome> stages, String document, long wallNanos) {

    public ReasonedAnswer {
        stages = List.copyOf(stages);
        Objects.requireNonNull(document, "document");
    }

    /** The answer label, empty when none could be parsed. */
    public Optional<String> parsedAnswer() {
        return Optional.ofNullable(answer);
    }

    /** Wall time for the whole question, in milliseconds. */
    public double latencyMs() {
        return wallNanos / 1e6;
    }

    /** The outcome of the stage named {@code stage}. */
    public StageOutcome stage(String stage) {
        return stages.stream().filter(s -> s.stage().equals(stage)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage '" + stage + "' in this answer"));
    }

    /** This answer graded against {@code question}'s gold label. */
    public ReasoningResult against(Question question) {
        return new ReasoningResult(question.id(), answer, question.answerKey(), stages, wallNanos);
    }
}
