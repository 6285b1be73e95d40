package dev.litestage.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The measured outcome of one configuration (the full model or the chosen profile) on the report's
 * dataset split. All figures are means per question.
 *
 * @param label           the configuration's name as shown in tables and legends, e.g.
 *                        {@code full model} or {@code LiteStage profile}
 * @param accuracy        accuracy in percent, in [0, 100]
 * @param stageLatencyMs  mean latency per question of each stage in milliseconds, keyed by stage
 *                        name; must cover exactly the report's stages
 * @param stageTokens     mean number of tokens generated per question by each stage, keyed by
 *                        stage name; must cover exactly the report's stages
 * @param stageEarlyExits number of questions on which each stage stopped by early exit, keyed by
 *                        stage name; may be empty (not measured) or cover only some stages
 * @param totalLatencyMs  mean end-to-end latency per question in milliseconds, {@code > 0}
 */
public record SummaryRow(String label, double accuracy, Map<String, Double> stageLatencyMs,
                         Map<String, Double> stageTokens, Map<String, Integer> stageEarlyExits,
                         double totalLatencyMs) {

    public SummaryRow {
        Objects.requireNonNull(label, "label");
        if (!(accuracy >= 0 && accuracy <= 100)) {
            throw new IllegalArgumentException("summary row '" + label + "': field accuracy: expected a"
                    + " percentage in [0, 100], found " + accuracy);
        }
        if (!(totalLatencyMs > 0) || Double.isInfinite(totalLatencyMs)) {
            throw new IllegalArgumentException("summary row '" + label + "': field totalLatencyMs: expected"
                    + " a finite positive number, found " + totalLatencyMs);
        }
        stageLatencyMs = copyNonNegative(label, "stageLatencyMs", stageLatencyMs);
        stageTokens = copyNonNegative(label, "stageTokens", stageTokens);
        stageEarlyExits = copyCounts(label, stageEarlyExits);
    }

    private static Map<String, Double> copyNonNegative(String label, String field, Map<String, Double> values) {
        Objects.requireNonNull(values, field);
        Map<String, Double> copy = new LinkedHashMap<>();
        values.forEach((stage, value) -> {
            if (value == null || !(value >= 0) || value.isInfinite()) {
                throw new IllegalArgumentException("summary row '" + label + "': field " + field + "." + stage
                        + ": expected a finite non-negative number, found " + value);
            }
            copy.put(stage, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Map<String, Integer> copyCounts(String label, Map<String, Integer> counts) {
        Objects.requireNonNull(counts, "stageEarlyExits");
        Map<String, Integer> copy = new LinkedHashMap<>();
        counts.forEach((stage, count) -> {
            if (count == null || count < 0) {
                throw new IllegalArgumentException("summary row '" + label + "': field stageEarlyExits." + stage
                        + ": expected a non-negative count, found " + count);
            }
            copy.put(stage, count);
        });
        return Collections.unmodifiableMap(copy);
    }
}
