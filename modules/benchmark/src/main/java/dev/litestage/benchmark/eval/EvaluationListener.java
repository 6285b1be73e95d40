package dev.litestage.benchmark.eval;

import dev.litestage.reasoning.ReasoningResult;

/**
 * Told about each question as soon as it is evaluated: for a progress bar, or for journaling
 * results so that an interrupted evaluation keeps what it finished ({@link QuestionResultsCsv#open}).
 */
@FunctionalInterface
public interface EvaluationListener {

    /** Listens to nothing. */
    EvaluationListener NONE = (done, total, result) -> { };

    /**
     * Called after each question, in order.
     *
     * @param done   questions evaluated so far, this one included
     * @param total  questions in the evaluation
     * @param result this question's result
     */
    void questionDone(int done, int total, ReasoningResult result);
}
