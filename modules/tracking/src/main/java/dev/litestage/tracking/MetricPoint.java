package dev.litestage.tracking;

import java.util.Objects;

/**
 * One point of a metric's history: MLflow stores a metric as a series of (timestamp, value, step).
 *
 * @param key         the metric name, already valid for MLflow (see {@link MlflowNames#key(String)})
 * @param value       the value; back ends may reject non-finite values, which
 *                    {@link MlflowNames} keeps away from them
 * @param timestampMs wall-clock time of the measurement, milliseconds since the epoch
 * @param step        the step the value belongs to ({@code 0} for a single measurement)
 */
public record MetricPoint(String key, double value, long timestampMs, long step) {

    public MetricPoint {
        Objects.requireNonNull(key, "metric key");
    }
}
