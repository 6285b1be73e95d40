package dev.litestage.tracking;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Caller params, metrics and tags made fit for MLflow, plus what had to be set aside to get there.
 *
 * <ul>
 *   <li>Keys go through {@link MlflowNames#key(String)}; when that changes a key, or two keys end up
 *       equal (the later one gets {@code _2}, {@code _3}, ...), the tag {@value #RENAMED_KEYS_TAG}
 *       lists {@code original -> logged} so nothing is silently merged.</li>
 *   <li>Over-long param and tag values are cut with a marker; the full text is kept in
 *       {@link #fullValues()} for the caller to store as an artifact under {@value #FULL_VALUES_DIR}.</li>
 *   <li>NaN and infinite metrics are not logged: a SQL-backed server stores NaN but not every
 *       database stores infinities, and the UI's charts and parallel-coordinates view cannot place
 *       either. They are listed instead in the tag {@value #NON_FINITE_METRICS_TAG}
 *       ({@code accuracy=NaN, latency=Infinity}), the same way for both back ends.</li>
 * </ul>
 *
 * @param batch      what to log
 * @param fullValues artifact path (relative to {@value #FULL_VALUES_DIR}) to the full value of
 *                   every truncated param or tag
 */
record RunPayload(LogBatch batch, Map<String, String> fullValues) {

    static final String FULL_VALUES_DIR = "litestage/truncated-values";
    static final String RENAMED_KEYS_TAG = "litestage.renamedKeys";
    static final String NON_FINITE_METRICS_TAG = "litestage.nonFiniteMetrics";

    RunPayload {
        Objects.requireNonNull(batch, "batch");
        fullValues = Map.copyOf(fullValues);
    }

    /**
     * Sanitises caller input. Metrics become single points at {@code timestampMs}, step 0.
     *
     * @throws IllegalArgumentException naming the entry when a key or value is null
     */
    static RunPayload of(Map<String, String> params, Map<String, Double> metrics, Map<String, String> tags,
                         long timestampMs) {
        List<String> renamed = new ArrayList<>();
        Map<String, String> fullValues = new LinkedHashMap<>();

        Map<String, String> loggedParams = new LinkedHashMap<>();
        params.forEach((raw, value) -> {
            String key = uniqueKey("param", raw, value, loggedParams.keySet(), renamed);
            loggedParams.put(key, keep(value, MlflowNames.MAX_PARAM_VALUE_LENGTH, "params/" + key + ".txt", fullValues));
        });

        Map<String, String> loggedTags = new LinkedHashMap<>();
        tags.forEach((raw, value) -> {
            String key = uniqueKey("tag", raw, value, loggedTags.keySet(), renamed);
            loggedTags.put(key, keep(value, MlflowNames.MAX_TAG_VALUE_LENGTH, "tags/" + key + ".txt", fullValues));
        });

        List<MetricPoint> points = new ArrayList<>();
        Set<String> metricKeys = new HashSet<>();
        List<String> nonFinite = new ArrayList<>();
        metrics.forEach((raw, value) -> {
            String key = uniqueKey("metric", raw, value, metricKeys, renamed);
            metricKeys.add(key);
            if (Double.isFinite(value)) {
                points.add(new MetricPoint(key, value, timestampMs, 0));
            } else {
                nonFinite.add(key + "=" + value);
            }
        });

        if (!nonFinite.isEmpty()) {
            loggedTags.put(NON_FINITE_METRICS_TAG, MlflowNames.truncate(String.join(", ", nonFinite),
                    MlflowNames.MAX_TAG_VALUE_LENGTH, "the caller's metrics"));
        }
        if (!renamed.isEmpty()) {
            loggedTags.put(RENAMED_KEYS_TAG, MlflowNames.truncate(String.join("; ", renamed),
                    MlflowNames.MAX_TAG_VALUE_LENGTH, "the caller's keys"));
        }
        return new RunPayload(new LogBatch(loggedParams, points, loggedTags), fullValues);
    }

    private static String uniqueKey(String kind, String raw, Object value, Set<String> taken, List<String> renamed) {
        if (raw == null) {
            throw new IllegalArgumentException("a " + kind + " has a null key (value " + value + ")");
        }
        if (value == null) {
            throw new IllegalArgumentException(kind + " '" + raw + "' has no value");
        }
        String key = MlflowNames.key(raw);
        String unique = key;
        for (int n = 2; taken.contains(unique); n++) {
            String suffix = "_" + n;
            unique = (key.length() + suffix.length() > MlflowNames.MAX_KEY_LENGTH
                    ? key.substring(0, MlflowNames.MAX_KEY_LENGTH - suffix.length()) : key) + suffix;
        }
        if (!unique.equals(raw)) {
            renamed.add(raw + " -> " + unique);
        }
        return unique;
    }

    private static String keep(String value, int maxLength, String artifactPath, Map<String, String> fullValues) {
        if (value.length() <= maxLength) {
            return value;
        }
        fullValues.put(artifactPath, value);
        return MlflowNames.truncate(value, maxLength, "artifact " + FULL_VALUES_DIR + "/" + artifactPath);
    }
}
