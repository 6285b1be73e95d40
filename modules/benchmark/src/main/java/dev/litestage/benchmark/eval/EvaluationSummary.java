package dev.litestage.benchmark.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.reasoning.StageOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Accuracy and cost of the pipeline over a set of questions under one profile.
 *
 * @param n            questions evaluated
 * @param correct      questions answered with the gold label
 * @param unparseable  questions whose final stage stated no usable answer (counted wrong)
 * @param stages       per stage, in pipeline order
 * @param totalLatency per question, the sum of its stages' prefill and decode time
 * @param meanWallMs   mean wall time per question (everything the pipeline did, tokenizing included)
 * @param results      the per-question results, in question order
 */
public record EvaluationSummary(int n, int correct, int unparseable, List<StageSummary> stages,
                                LatencyStats totalLatency, double meanWallMs, List<ReasoningResult> results) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public EvaluationSummary {
        stages = List.copyOf(stages);
        results = List.copyOf(results);
        Objects.requireNonNull(totalLatency, "totalLatency");
        if (n != results.size() || correct < 0 || unparseable < 0 || correct + unparseable > n) {
            throw new IllegalArgumentException("inconsistent counts: n=" + n + ", correct=" + correct
                    + ", unparseable=" + unparseable + " for " + results.size() + " results");
        }
    }

    /**
     * The summary of {@code results}; the stages are those of the first result, which every other
     * result must have as well, in the same order.
     *
     * @throws IllegalArgumentException when there are no results or their stages differ
     */
    public static EvaluationSummary of(List<ReasoningResult> results) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no results to summarize");
        }
        List<String> names = stageNames(results.get(0));
        for (ReasoningResult r : results) {
            if (!stageNames(r).equals(names)) {
                throw new IllegalArgumentException("question " + r.questionId() + " ran stages " + stageNames(r)
                        + " but question " + results.get(0).questionId() + " ran " + names);
            }
        }
        return new EvaluationSummary(
                results.size(),
                (int) results.stream().filter(ReasoningResult::correct).count(),
                (int) results.stream().filter(ReasoningResult::unparseable).count(),
                names.stream().map(name -> StageSummary.of(name, results)).toList(),
                LatencyStats.of(results.stream().map(ReasoningResult::totalLatencyMs).toList()),
                results.stream().mapToDouble(r -> r.wallNanos() / 1e6).average().orElseThrow(),
                results);
    }

    /** Fraction of questions answered correctly, in [0, 1]. */
    public double accuracy() {
        return (double) correct / n;
    }

    /** The summary of the stage named {@code name}. */
    public StageSummary stage(String name) {
        return stages.stream().filter(s -> s.stage().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage '" + name + "' in this evaluation; it has "
                        + stages.stream().map(StageSummary::stage).toList()));
    }

    /**
     * The summary as JSON-ready values, per-question results left out:
     * {@code n}, {@code correct}, {@code accuracy}, {@code unparseable},
     * {@code stage_latency_ms} ({@code {stage: {mean, median}}}), {@code stage_tokens}
     * ({@code {stage: mean}}), {@code stage_generations}, {@code early_exits} ({@code {stage: count}}),
     * {@code total_latency_ms} ({@code {mean, median}}) and {@code wall_ms_per_question}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("n", n);
        map.put("correct", correct);
        map.put("accuracy", accuracy());
        map.put("unparseable", unparseable);
        map.put("stage_latency_ms", perStage(s -> latency(s.latency())));
        map.put("stage_tokens", perStage(StageSummary::meanTokens));
        map.put("stage_generations", perStage(StageSummary::generations));
        map.put("early_exits", perStage(StageSummary::earlyExits));
        map.put("total_latency_ms", latency(totalLatency));
        map.put("wall_ms_per_question", meanWallMs);
        return map;
    }

    /** {@link #toMap()} as one line of JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of numbers and strings could not be written as JSON", e);
        }
    }

    private Map<String, Object> perStage(Function<StageSummary, Object> value) {
        Map<String, Object> map = new LinkedHashMap<>();
        stages.forEach(s -> map.put(s.stage(), value.apply(s)));
        return map;
    }

    private static Map<String, Object> latency(LatencyStats stats) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("mean", stats.meanMs());
        map.put("median", stats.medianMs());
        return map;
    }

    private static List<String> stageNames(ReasoningResult result) {
        return result.stages().stream().map(StageOutcome::stage).toList();
    }
}
