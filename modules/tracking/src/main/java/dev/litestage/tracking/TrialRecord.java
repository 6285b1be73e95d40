package dev.litestage.tracking;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One evaluated trial of a search, as it becomes a child run in MLflow. The caller chooses the
 * content (strategy, skipped layers, budgets, early-exit settings, model fingerprint, dataset,
 * split and seeds as params; accuracy, latencies, speedup, tokens and early exits as metrics);
 * keys and values are made fit for MLflow when logged ({@link MlflowNames}).
 *
 * @param trialKey identifies the trial within its search, stable across resumes and replays
 *                 (e.g. a hash of its configuration); stored as tag {@code litestage.trialKey}, so
 *                 it must not contain quote characters or backslashes
 * @param runName  the child run's name, e.g. the configuration in readable form
 * @param params   param name to value
 * @param metrics  metric name to value (NaN and infinities are recorded as a tag, not logged)
 * @param tags     extra tags, e.g. git commit, host, project version; not one of {@link #RESERVED_TAGS}
 */
public record TrialRecord(String trialKey, String runName, Map<String, String> params,
                          Map<String, Double> metrics, Map<String, String> tags, long startedAtMs) {

    /** Tags the tracker sets to nest and find runs; callers may not set them. */
    public static final Set<String> RESERVED_TAGS = Set.of("mlflow.parentRunId", "mlflow.runName",
            "litestage.searchKey", "litestage.trialKey");

    public TrialRecord {
        trialKey = checkKey("trialKey", trialKey);
        Objects.requireNonNull(runName, "runName");
        params = copy("params", params);
        metrics = copy("metrics", metrics);
        tags = checkTags(copy("tags", tags));
        if (startedAtMs < 0) {
            throw new IllegalArgumentException("startedAtMs must be >= 0 (0: unknown), was " + startedAtMs);
        }
    }

    /** A trial whose start is unknown: its child run starts when it is logged. */
    public TrialRecord(String trialKey, String runName, Map<String, String> params, Map<String, Double> metrics,
                       Map<String, String> tags) {
        this(trialKey, runName, params, metrics, tags, 0);
    }

    /**
     * Returns {@code tags} when no key is one of {@link #RESERVED_TAGS}.
     *
     * @throws IllegalArgumentException naming the reserved tag
     */
    static Map<String, String> checkTags(Map<String, String> tags) {
        for (String key : tags.keySet()) {
            if (RESERVED_TAGS.contains(key)) {
                throw new IllegalArgumentException("tag '" + key + "' is set by the tracker itself (reserved: "
                        + new TreeSet<>(RESERVED_TAGS) + ")");
            }
        }
        return tags;
    }

    /**
     * Checks a key that is searched for in MLflow (a trial or search key).
     *
     * @throws IllegalArgumentException naming the field when the key is blank, too long, or holds a
     *                                  quote or backslash
     */
    static String checkKey(String field, String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (key.length() > MlflowNames.MAX_TAG_VALUE_LENGTH) {
            throw new IllegalArgumentException(field + " is " + key.length() + " characters long; at most "
                    + MlflowNames.MAX_TAG_VALUE_LENGTH + " fit an MLflow tag");
        }
        for (char c : new char[] {'\'', '"', '\\'}) {
            if (key.indexOf(c) >= 0) {
                throw new IllegalArgumentException(field + " '" + key + "' contains " + c
                        + ", which MLflow's run search cannot match");
            }
        }
        return key;
    }

    private static <V> Map<String, V> copy(String field, Map<String, V> map) {
        Objects.requireNonNull(map, field);
        map.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException(field + ": entry " + k + "=" + v + " has a null key or value");
            }
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
