package dev.litestage.search.strategy;

import dev.litestage.search.SearchConfig;
import dev.litestage.search.TrialSelection;
import dev.litestage.search.SearchSpace;
import dev.litestage.search.WilsonScore;
import dev.litestage.search.trial.TrialBudget;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialResult;
import io.jenetics.ext.moea.Pareto;
import io.jenetics.util.ISeq;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One search in progress: what a strategy explores, under which settings, with which budget,
 * against which reference.
 *
 * @param space     the reachable configurations
 * @param config    the search settings
 * @param trials    the trial budget; every evaluation goes through it
 * @param fullModel the full model's trial (already evaluated, counted in the budget)
 * @param progress  told of each phase the strategy enters
 */
public record SearchRun(SearchSpace space, SearchConfig config, TrialBudget trials, TrialResult fullModel,
                        SearchProgress progress) {

    /** Orders trials by latency, then by accuracy (higher first), then by key ({@link TrialSelection#FASTEST_FIRST}). */
    public static final Comparator<TrialResult> FASTEST_FIRST = TrialSelection.FASTEST_FIRST;

    public SearchRun {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(trials, "trials");
        Objects.requireNonNull(fullModel, "fullModel");
        Objects.requireNonNull(progress, "progress");
    }

    /** A run nobody watches. */
    public SearchRun(SearchSpace space, SearchConfig config, TrialBudget trials, TrialResult fullModel) {
        this(space, config, trials, fullModel, SearchProgress.NONE);
    }

    /** The accuracy a chosen configuration must reach: full-model accuracy minus epsilon. */
    public double targetAccuracy() {
        return fullModel.accuracy() - config.epsilon();
    }

    /**
     * Whether {@code trial} reaches the target accuracy: its measured accuracy does, or, with a
     * {@linkplain SearchConfig#targetConfidence() target confidence}, the lower confidence bound of
     * its accuracy over the questions it was measured on does. The bound guards against the
     * winner's curse: among many trials, the fastest one that meets the target by its measured
     * accuracy is the one most likely to have been lucky on the dev questions.
     */
    public boolean feasible(TrialResult trial) {
        return feasible(config, trial, targetAccuracy());
    }

    /** Whether {@code trial} reaches {@code targetAccuracy} under {@code config}'s rule ({@link TrialSelection#feasible}). */
    public static boolean feasible(SearchConfig config, TrialResult trial, double targetAccuracy) {
        return TrialSelection.feasible(config, trial, targetAccuracy);
    }

    /** Evaluates {@code config} within the budget; empty when the budget is spent. */
    public Optional<TrialResult> evaluate(TrialConfig config) {
        return trials.evaluate(config);
    }

    /**
     * Evaluates {@code configs} within the budget as one batch (see {@link TrialBudget#evaluateAll}):
     * the same results as asking for each in turn, empty from where the budget runs out.
     */
    public List<Optional<TrialResult>> evaluateAll(List<TrialConfig> configs) {
        return trials.evaluateAll(configs);
    }

    /**
     * Announces an evolutionary phase: at most {@code population * generations} new trials, and
     * never more than the budget has left.
     */
    void announceEvolution() {
        long bred = (long) config.population() * config.generations();
        progress.phaseStarted("evolution", (int) Math.min(bred, trials.max() - trials.used()));
    }

    /** The fastest of {@code candidates} that reaches the target; the full model when none does. */
    public TrialResult fastestFeasible(Collection<TrialResult> candidates) {
        return TrialSelection.fastestFeasible(candidates, fullModel, config);
    }

    /** The fastest trial of the whole run that reaches the target. */
    public TrialResult fastestFeasible() {
        return fastestFeasible(trials.trials());
    }

    /** The non-dominated trials of this run (latency minimised, accuracy maximised), fastest first. */
    public List<TrialResult> paretoFront() {
        return paretoFront(trials.trials());
    }

    /** The non-dominated subset of {@code trials}, fastest first (trials at the same point are all kept). */
    public static List<TrialResult> paretoFront(Collection<TrialResult> trials) {
        ISeq<TrialResult> front = Pareto.front(ISeq.of(trials), SearchRun::dominance);
        return front.stream().sorted(FASTEST_FIRST).toList();
    }

    /** Jenetics' dominance contract: positive when {@code a} dominates {@code b}, negative when dominated. */
    static int dominance(TrialResult a, TrialResult b) {
        return a.dominates(b) ? 1 : b.dominates(a) ? -1 : 0;
    }
}
