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

    /**
     * One trial from trials of the same configuration over disjoint shards of its questions (on
     * different machines, say): accuracy from the correct answers of all shards, every per-question
     * mean weighted by its shard's question count, early exits summed, the wall time the longest
     * shard's (they ran side by side).
     *
     * @throws IllegalArgumentException when the shards are of different configurations, or none
     */
    public static TrialResult merge(List<TrialResult> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("no shards to merge");
        }
        TrialConfig config = shards.get(0).config();
        int n = 0;
        long correct = 0;
        double latency = 0;
        double wall = 0;
        for (TrialResult t : shards) {
            if (!t.config().equals(config)) {
                throw new IllegalArgumentException("shards of " + config.key() + " and " + t.key() + " cannot be merged");
            }
            n += t.questions();
            correct += Math.round(t.accuracy() * t.questions());
            latency += t.latencyMs() * t.questions();
            wall = Math.max(wall, t.wallMs());
        }
        List<StageMeasurement> stages = new java.util.ArrayList<>();
        for (int s = 0; s < config.stageNames().size(); s++) {
            double lat = 0;
            double prefill = 0;
            double generated = 0;
            double calls = 0;
            int exits = 0;
            for (TrialResult t : shards) {
                StageMeasurement m = t.stages().get(s);
                lat += m.latencyMs() * t.questions();
                prefill += m.prefillTokens() * t.questions();
                generated += m.generatedTokens() * t.questions();
                calls += m.prefillCalls() * t.questions();
                exits += m.earlyExits();
            }
            stages.add(new StageMeasurement(config.stageNames().get(s), lat / n, prefill / n, generated / n, exits, calls / n));
        }
        return new TrialResult(config, (double) correct / n, n, stages, latency / n, wall);
    }

    /** This result with other stage latencies and end-to-end latency; everything else is kept. */
    public TrialResult withLatencies(List<StageMeasurement> stages, double latencyMs) {
        return new TrialResult(config, accuracy, questions, stages, latencyMs, wallMs);
    }
}
