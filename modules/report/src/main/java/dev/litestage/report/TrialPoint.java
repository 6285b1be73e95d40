package dev.litestage.report;

import java.util.Objects;

/**
 * One evaluated candidate of a search, as a point in latency-accuracy space.
 *
 * @param name      the trial's identifier (shown in {@code trials.csv}), e.g. {@code greedy-017}
 * @param strategy  the strategy that produced it, e.g. {@code greedy}, {@code genetic},
 *                  {@code pareto}, or a baseline {@code none}, {@code uniform}, {@code adaskip};
 *                  trials are coloured and marked by it
 * @param latencyMs mean end-to-end latency per question in milliseconds, {@code > 0}
 * @param accuracy  accuracy in percent, in [0, 100]
 * @param pareto    whether the trial lies on the Pareto front (drawn as a step line through
 *                  these trials)
 * @param chosen    whether the trial is the chosen profile (marked distinctly); at most one
 *                  trial of a report may be chosen
 */
public record TrialPoint(String name, String strategy, double latencyMs, double accuracy,
                         boolean pareto, boolean chosen) {

    public TrialPoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(strategy, "strategy");
        if (strategy.isBlank()) {
            throw new IllegalArgumentException("trial '" + name + "': field strategy: must not be blank");
        }
        if (!(latencyMs > 0) || Double.isInfinite(latencyMs)) {
            throw new IllegalArgumentException("trial '" + name + "': field latencyMs: expected a finite"
                    + " positive number, found " + latencyMs);
        }
        if (!(accuracy >= 0 && accuracy <= 100)) {
            throw new IllegalArgumentException("trial '" + name + "': field accuracy: expected a percentage"
                    + " in [0, 100], found " + accuracy);
        }
    }
}
