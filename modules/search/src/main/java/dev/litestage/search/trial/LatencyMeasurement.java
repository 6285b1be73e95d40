package dev.litestage.search.trial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How latency is measured on a noisy machine: {@code warmup} runs that are discarded (JIT,
 * caches, allocator), then {@code repetitions} timed runs whose median is kept.
 *
 * @param warmup      discarded runs before each measurement, {@code >= 0}
 * @param repetitions timed runs per measurement, {@code >= 1}; odd counts give a true median
 */
public record LatencyMeasurement(int warmup, int repetitions) {

    /** One run, no warm-up: for deterministic evaluators and cost models. */
    public static final LatencyMeasurement SINGLE = new LatencyMeasurement(0, 1);

    public LatencyMeasurement {
        if (warmup < 0) {
            throw new IllegalArgumentException("latency.warmup must be >= 0, was " + warmup);
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("latency.repetitions must be >= 1, was " + repetitions);
        }
    }

    public static LatencyMeasurement of(int warmup, int repetitions) {
        return new LatencyMeasurement(warmup, repetitions);
    }

    /**
     * An evaluator that measures each configuration by this policy: warm-up runs, then
     * repetitions; each stage's latency and the end-to-end latency are the medians over the
     * repetitions. Accuracy, tokens and early exits come from the first timed run (greedy decoding
     * makes them identical across runs); the wall time covers all runs.
     */
    public TrialEvaluator measuring(TrialEvaluator evaluator) {
        if (equals(SINGLE)) {
            return evaluator;
        }
        return config -> {
            long start = System.nanoTime();
            for (int i = 0; i < warmup; i++) {
                evaluator.evaluate(config);
            }
            List<TrialResult> runs = new ArrayList<>(repetitions);
            for (int i = 0; i < repetitions; i++) {
                runs.add(evaluator.evaluate(config));
            }
            TrialResult first = runs.get(0);
            List<StageMeasurement> stages = new ArrayList<>();
            for (int s = 0; s < first.stages().size(); s++) {
                int stage = s;
                double median = median(runs.stream().mapToDouble(r -> r.stages().get(stage).latencyMs()).toArray());
                stages.add(first.stages().get(s).withLatency(median));
            }
            double total = median(runs.stream().mapToDouble(TrialResult::latencyMs).toArray());
            double wallMs = (System.nanoTime() - start) / 1e6;
            return new TrialResult(config, first.accuracy(), first.questions(), stages, total, wallMs);
        };
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    public static double median(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
