package dev.litestage.benchmark.eval;

import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.ReasoningResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Runs a {@link MultiStagePipeline} over questions under one profile and summarizes the run. */
public final class Evaluator {

    private final MultiStagePipeline pipeline;

    public Evaluator(MultiStagePipeline pipeline) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    /** The pipeline this evaluator runs. */
    public MultiStagePipeline pipeline() {
        return pipeline;
    }

    /** Evaluates {@code questions} in order under {@code profile}. */
    public EvaluationSummary evaluate(List<Question> questions, ReasoningProfile profile) {
        return evaluate(questions, profile, EvaluationListener.NONE);
    }

    /**
     * Evaluates {@code questions} in order under {@code profile}, telling {@code listener} about
     * each question as it finishes.
     *
     * @throws IllegalArgumentException when there are no questions, or the profile does not fit
     *                                  the pipeline's stages and model
     */
    public EvaluationSummary evaluate(List<Question> questions, ReasoningProfile profile, EvaluationListener listener) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(listener, "listener");
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("no questions to evaluate");
        }
        List<ReasoningResult> results = new ArrayList<>(questions.size());
        for (Question question : questions) {
            ReasoningResult result = pipeline.reason(question, profile);
            results.add(result);
            listener.questionDone(results.size(), questions.size(), result);
        }
        return EvaluationSummary.of(results);
    }
}
