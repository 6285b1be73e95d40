package dev.litestage.benchmark.eval;

import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.reasoning.StageOutcome;
import java.util.List;
import java.util.Objects;

/**
 * One stage's cost over an evaluation.
 *
 * @param stage       the stage's name
 * @param latency     per question, the stage's prefill plus decode time (all its generations)
 * @param meanTokens  per question, the mean number of tokens the stage generated
 * @param generations generations the stage ran in all (questions, times options for per-option stages)
 * @param earlyExits  generations the confidence early exit stopped
 */
public record StageSummary(String stage, LatencyStats latency, double meanTokens, int generations, int earlyExits) {

    public StageSummary {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(latency, "latency");
    }

    /**
     * The summary of stage {@code stage} over {@code results}.
     *
     * @throws IllegalArgumentException when a result has no outcome for the stage, or there are no results
     */
    public static StageSummary of(String stage, List<ReasoningResult> results) {
        List<StageOutcome> outcomes = results.stream().map(r -> outcome(r, stage)).toList();
        return new StageSummary(stage,
                LatencyStats.of(outcomes.stream().map(StageOutcome::latencyMs).toList()),
                outcomes.stream().mapToInt(StageOutcome::tokens).average().orElseThrow(),
                outcomes.stream().mapToInt(StageOutcome::generations).sum(),
                outcomes.stream().mapToInt(StageOutcome::earlyExits).sum());
    }

    /** The outcome of {@code stage} in {@code result}. */
    static StageOutcome outcome(ReasoningResult result, String stage) {
        return result.stages().stream().filter(s -> s.stage().equals(stage)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("result for question " + result.questionId()
                        + " has no stage '" + stage + "'; it has "
                        + result.stages().stream().map(StageOutcome::stage).toList()));
    }
}
