package dev.litestage.search.trial;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The measured outcome of one trial: a configuration run over a question set.
 *
 * @param config    the configuration
 * @param accuracy  fraction of questions answered correctly, in [0, 1]
 * @param questions number of questions evaluated
 * @param stages    per stage, in the configuration's stage order
 * @param latencyMs mean end-to-end latency per question in milliseconds: the search's objective
 * @param wallMs    wall-clock time the trial took, in milliseconds (all repetitions included)
 */
public record TrialResult(TrialConfig config, double accuracy, int questions, List<StageMeasurement> stages,
                          double latencyMs, double wallMs) {

    public TrialResult {
        Objects.requireNonNull(config, "config");
        stages = List.copyOf(stages);
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("trial " + config.key() + ": accuracy must be in [0, 1], was " + accuracy);
        }
        if (questions < 0) {
            throw new IllegalArgumentException("trial " + config.key() + ": questions must be >= 0, was " + questions);
        }
        List<String> names = stages.stream().map(StageMeasurement::stage).toList();
        if (!names.equals(config.stageNames())) {
            throw new IllegalArgumentException("trial " + config.key() + ": measured stages " + names
                    + " do not match the configuration's stages " + config.stageNames());
        }
        StageMeasurement.nonNegative("(all)", "latencyMs", latencyMs);
        StageMeasurement.nonNegative("(all)", "wallMs", wallMs);
    }

    /** The configuration's key. */
    public String key() {
        return config.key();
    }

    /** The measurement of one stage. */
    public StageMeasurement stage(String name) {
        return stages.stream().filter(s -> s.stage().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("trial " + key() + " has no stage '" + name + "'"));
    }

    /**
     * Whether this trial reaches {@code targetAccuracy}. A tolerance of {@code 1e-9} absorbs
     * rounding, so a target computed as {@code full - 0} admits the full model itself.
     */
    public boolean meets(double targetAccuracy) {
        return accuracy >= targetAccuracy - 1e-9;
    }

    /**
     * Pareto dominance for (latency minimised, accuracy maximised): at least as fast and as
     * accurate as {@code other}, and strictly better in one of the two.
     */
    public boolean dominates(TrialResult other) {
        return latencyMs <= other.latencyMs && accuracy >= other.accuracy
                && (latencyMs < other.latencyMs || accuracy > other.accuracy);
    }

    /** This result with other stage latencies and end-to-end latency; everything else is kept. */
    public TrialResult withLatencies(List<StageMeasurement> stages, double latencyMs) {
        return new TrialResult(config, accuracy, questions, stages, latencyMs, wallMs);
    }
}
