package dev.litestage.search.trial;

import dev.litestage.benchmark.eval.EvaluationListener;
import dev.litestage.benchmark.eval.EvaluationSummary;
import dev.litestage.benchmark.eval.Evaluator;
import dev.litestage.benchmark.eval.StageSummary;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.reasoning.StageOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The real trial evaluator: the benchmark {@link Evaluator} runs the pipeline over a fixed
 * question set (one split) under the trial's profile, and its summary becomes the trial's result.
 *
 * <p>Stage latencies and tokens are means per question; early exits count the generations the
 * confidence exit stopped; the end-to-end latency is the mean over questions of the summed stage
 * latencies. Prefill tokens, the prompt tokens the stages' generations actually prefilled, feed
 * the {@link dev.litestage.search.cost.CostModel}.
 */
public final class BenchmarkTrialEvaluator implements TrialEvaluator {

    private final Evaluator evaluator;
    private final List<Question> questions;
    private final EvaluationListener listener;

    private BenchmarkTrialEvaluator(Evaluator evaluator, List<Question> questions, EvaluationListener listener) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.questions = List.copyOf(questions);
        this.listener = Objects.requireNonNull(listener, "listener");
        if (this.questions.isEmpty()) {
            throw new IllegalArgumentException("a trial evaluator needs at least one question");
        }
    }

    /** Evaluates trials on {@code questions} (for instance the dev split) with {@code evaluator}. */
    public static BenchmarkTrialEvaluator of(Evaluator evaluator, List<Question> questions) {
        return new BenchmarkTrialEvaluator(evaluator, questions, EvaluationListener.NONE);
    }

    /** Evaluates trials on {@code questions} with a new evaluator over {@code pipeline}. */
    public static BenchmarkTrialEvaluator of(MultiStagePipeline pipeline, List<Question> questions) {
        return of(new Evaluator(pipeline), questions);
    }

    /** This evaluator, telling {@code listener} about each question (a progress bar, say). */
    public BenchmarkTrialEvaluator withListener(EvaluationListener listener) {
        return new BenchmarkTrialEvaluator(evaluator, questions, listener);
    }

    @Override
    public TrialResult evaluate(TrialConfig config) {
        long start = System.nanoTime();
        EvaluationSummary summary = evaluator.evaluate(questions, config.toProfile(), listener);
        double wallMs = (System.nanoTime() - start) / 1e6;
        return toTrial(config, summary, wallMs);
    }

    /** The trial result {@code summary} describes, its stages in {@code config}'s order. */
    static TrialResult toTrial(TrialConfig config, EvaluationSummary summary, double wallMs) {
        List<StageMeasurement> stages = new ArrayList<>(config.stages().size());
        for (String name : config.stageNames()) {
            StageSummary s = summary.stage(name);
            double prefill = summary.results().stream()
                    .mapToDouble(r -> outcome(r, name).prefillTokens()).average().orElse(0);
            double calls = summary.results().stream()
                    .mapToDouble(r -> outcome(r, name).generations()).average().orElse(0);
            stages.add(new StageMeasurement(name, s.latency().meanMs(), prefill, s.meanTokens(), s.earlyExits(), calls));
        }
        return new TrialResult(config, summary.accuracy(), summary.n(), stages, summary.totalLatency().meanMs(),
                wallMs);
    }

    private static StageOutcome outcome(ReasoningResult result, String stage) {
        return result.stages().stream().filter(s -> s.stage().equals(stage)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("question " + result.questionId()
                        + " has no outcome for stage '" + stage + "'"));
    }
}
