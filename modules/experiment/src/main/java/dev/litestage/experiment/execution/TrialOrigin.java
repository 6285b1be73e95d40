package dev.litestage.experiment.execution;

/**
 * Where a distributed trial was measured, logged with its MLflow child run.
 *
 * @param worker          the host that measured it
 * @param workerLatencyMs its latency by that host's own cost model (calibrated once per executor JVM)
 */
public record TrialOrigin(String worker, double workerLatencyMs) {
}
