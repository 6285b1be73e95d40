package dev.litestage.search.trial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates each distinct configuration once: results are kept by {@link TrialConfig#key()} and,
 * when a journal is attached, appended to it as each trial finishes and preloaded from it, so a
 * resumed search never re-runs a trial that completed before.
 *
 * <p>Not thread-safe beyond what {@code synchronized} gives: calls are serialised, which is what a
 * single-model search needs anyway.
 */
public final class TrialCache implements TrialEvaluator {

    private final TrialEvaluator delegate;
    private final TrialJournal journal;
    private final Map<String, TrialResult> results = new LinkedHashMap<>();
    private int evaluations;

    private TrialCache(TrialEvaluator delegate, TrialJournal journal) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.journal = journal;
        if (journal != null) {
            journal.trials().forEach(t -> results.putIfAbsent(t.key(), t));
        }
    }

    /** A cache in memory only. */
    public static TrialCache of(TrialEvaluator delegate) {
        return new TrialCache(delegate, null);
    }

    /** A cache preloaded from {@code journal} that appends every new trial to it. */
    public static TrialCache journaled(TrialEvaluator delegate, TrialJournal journal) {
        return new TrialCache(delegate, Objects.requireNonNull(journal, "journal"));
    }

    /**
     * The cached result for {@code config}, or a new one from the delegate, journaled before it
     * is returned.
     *
     * @throws UncheckedIOException when the journal cannot be written: continuing would risk
     *                              losing work, so the search stops
     * @throws IllegalStateException when the delegate returns a result for another configuration
     */
    @Override
    public synchronized TrialResult evaluate(TrialConfig config) {
        String key = config.key();
        TrialResult cached = results.get(key);
        if (cached != null) {
            return cached;
        }
        return keep(config, delegate.evaluate(config));
    }

    /**
     * Every one of {@code configs}: the cached ones from the cache, the others handed to the
     * delegate as one batch (each once, in order) and journaled as the batch returns.
     */
    @Override
    public synchronized List<TrialResult> evaluateAll(List<TrialConfig> configs) {
        Map<String, TrialConfig> missing = new LinkedHashMap<>();
        for (TrialConfig config : configs) {
            if (!results.containsKey(config.key())) {
                missing.putIfAbsent(config.key(), config);
            }
        }
        if (!missing.isEmpty()) {
            List<TrialConfig> batch = new ArrayList<>(missing.values());
            List<TrialResult> measured = delegate.evaluateAll(batch);
            if (measured.size() != batch.size()) {
                throw new IllegalStateException("trial evaluator answered " + measured.size() + " trials when asked for "
                        + batch.size());
            }
            for (int i = 0; i < batch.size(); i++) {
                keep(batch.get(i), measured.get(i));
            }
        }
        return configs.stream().map(c -> results.get(c.key())).toList();
    }

    private TrialResult keep(TrialConfig config, TrialResult result) {
        String key = config.key();
        evaluations++;
        if (!result.config().equals(config)) {
            throw new IllegalStateException("trial evaluator answered " + result.key() + " when asked for " + key);
        }
        if (journal != null) {
            try {
                journal.append(result);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append trial " + key + " to " + journal.file(), e);
            }
        }
        results.put(key, result);
        return result;
    }

    /** The result for {@code config} if it has been evaluated (now or in a journaled run). */
    public synchronized Optional<TrialResult> cached(TrialConfig config) {
        return Optional.ofNullable(results.get(config.key()));
    }

    /** How many trials this cache ran through its delegate (cache hits and journaled trials excluded). */
    public synchronized int evaluations() {
        return evaluations;
    }

    /** Number of distinct trials known, journaled ones included. */
    public synchronized int size() {
        return results.size();
    }
}
