package dev.litestage.tracking;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Params, metric points and tags logged to one run in one go, in the shape of MLflow's
 * {@code runs/log-batch}. Keys and values must already be valid for MLflow ({@link RunPayload}
 * sanitises caller input); a back end may split a batch to respect MLflow's limits
 * ({@link BatchSplitter}). Immutable; maps keep their insertion order.
 *
 * @param params  param key to value
 * @param metrics metric points
 * @param tags    tag key to value
 */
public record LogBatch(Map<String, String> params, List<MetricPoint> metrics, Map<String, String> tags) {

    /** A batch with nothing in it. */
    public static final LogBatch EMPTY = new LogBatch(Map.of(), List.of(), Map.of());

    public LogBatch {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(params, "params")));
        metrics = List.copyOf(Objects.requireNonNull(metrics, "metrics"));
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tags, "tags")));
    }

    /** A batch of tags only. */
    public static LogBatch ofTags(Map<String, String> tags) {
        return new LogBatch(Map.of(), List.of(), tags);
    }

    /** Number of params, metrics and tags together (MLflow's "entities"). */
    public int entityCount() {
        return params.size() + metrics.size() + tags.size();
    }

    public boolean isEmpty() {
        return entityCount() == 0;
    }
}
