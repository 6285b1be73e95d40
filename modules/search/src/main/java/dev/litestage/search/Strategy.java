package dev.litestage.search;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The search strategies and baselines, by the name configuration files and reports use. */
public enum Strategy {
    /** LiteStage's greedy stage-wise search (alias {@code litestage}). */
    GREEDY("greedy", "litestage"),
    /** A Jenetics genetic algorithm minimising latency under the accuracy constraint (alias {@code ga}). */
    GENETIC("genetic", "ga"),
    /** Jenetics NSGA-II over (latency, accuracy); the fastest front member meeting the target (alias {@code nsga2}). */
    PARETO("pareto", "nsga2"),
    /** Baseline: nothing skipped (alias {@code full}). */
    NONE("none", "full"),
    /** Baseline: the same k in every stage, sublayers evenly spaced over depth (alias {@code unified}). */
    UNIFORM("uniform", "unified"),
    /** Baseline: the global top-N by accumulated importance, in every stage alike. */
    ADASKIP("adaskip");

    private final String token;
    private final List<String> aliases;

    Strategy(String token, String... aliases) {
        this.token = token;
        this.aliases = List.of(aliases);
    }

    /** The canonical name, as written to {@code trials.csv}. */
    public String token() {
        return token;
    }

    /**
     * Parses a strategy name or alias, ignoring case.
     *
     * @throws IllegalArgumentException naming the field {@code search.strategy} when unknown
     */
    public static Strategy parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Strategy s : values()) {
            if (s.token.equals(n) || s.aliases.contains(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("search.strategy: unknown strategy '" + name + "' (expected one of "
                + Arrays.stream(values()).map(Strategy::token).collect(Collectors.joining(", ")) + ")");
    }

    /** Whether the strategy gives every stage the same budget (the baselines the stage-wise ablation compares with). */
    public boolean sharesOneBudget() {
        return this == UNIFORM || this == ADASKIP;
    }

    @Override
    public String toString() {
        return token;
    }
}
