package dev.litestage.search.trial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The trials one strategy may use: at most {@code maxEvaluations} distinct configurations. Asking
 * again for a configuration already used is free. Strategies are compared at an equal number of
 * trial evaluations by giving each the same budget.
 *
 * <p>A configuration counts once it is requested, whether the underlying evaluator runs it or
 * answers from its cache or journal; so a resumed search spends its budget, and decides, exactly
 * as an uninterrupted one.
 */
public final class TrialBudget {

    private final TrialEvaluator evaluator;
    private final int maxEvaluations;
    private final Map<String, TrialResult> used = new LinkedHashMap<>();

    /**
     * @param evaluator      evaluates trials (usually a {@link TrialCache})
     * @param maxEvaluations how many distinct configurations may be evaluated, {@code >= 1}
     */
    public TrialBudget(TrialEvaluator evaluator, int maxEvaluations) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("maxEvaluations must be >= 1, was " + maxEvaluations);
        }
        this.maxEvaluations = maxEvaluations;
    }

    /**
     * The result of {@code config}: evaluated now if it is new and the budget allows, answered
     * from this budget's trials if it was used before, empty when the budget is spent.
     */
    public synchronized Optional<TrialResult> evaluate(TrialConfig config) {
        String key = config.key();
        TrialResult known = used.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        if (used.size() >= maxEvaluations) {
            return Optional.empty();
        }
        TrialResult result = evaluator.evaluate(config);
        used.put(key, result);
        return Optional.of(result);
    }

    /**
     * The results of {@code configs}, as if each were asked for in turn with {@link #evaluate}:
     * the new ones the budget allows, in order, are handed to the evaluator as one batch; each
     * config past the budget's end is empty. A config repeated in the list counts once.
     */
    public synchronized List<Optional<TrialResult>> evaluateAll(List<TrialConfig> configs) {
        Map<String, TrialConfig> batch = new LinkedHashMap<>();
        for (TrialConfig config : configs) {
            String key = config.key();
            if (!used.containsKey(key) && !batch.containsKey(key) && used.size() + batch.size() < maxEvaluations) {
                batch.put(key, config);
            }
        }
        if (!batch.isEmpty()) {
            List<TrialConfig> asked = new ArrayList<>(batch.values());
            List<TrialResult> results = evaluator.evaluateAll(asked);
            for (int i = 0; i < asked.size(); i++) {
                used.put(asked.get(i).key(), results.get(i));
            }
        }
        return configs.stream().map(c -> Optional.ofNullable(used.get(c.key()))).toList();
    }

    /** The result of {@code config} if this budget has already evaluated it; never evaluates. */
    public synchronized Optional<TrialResult> known(TrialConfig config) {
        return Optional.ofNullable(used.get(config.key()));
    }

    /** Distinct configurations evaluated so far. */
    public synchronized int used() {
        return used.size();
    }

    /** The budget's size. */
    public int max() {
        return maxEvaluations;
    }

    /** Whether no new configuration can be evaluated. */
    public synchronized boolean exhausted() {
        return used.size() >= maxEvaluations;
    }

    /** Every trial evaluated, in the order first requested. */
    public synchronized List<TrialResult> trials() {
        return List.copyOf(new ArrayList<>(used.values()));
    }
}
