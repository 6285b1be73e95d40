package dev.litestage.experiment.run;

import dev.litestage.benchmark.eval.Evaluator;
import dev.litestage.experiment.config.Experiment;
import dev.litestage.experiment.execution.TrialOrigin;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.StageSpec;
import dev.litestage.search.strategy.LayerAllocationSearch;
import dev.litestage.search.SearchConfig;
import dev.litestage.search.SearchOutcome;
import dev.litestage.search.Strategy;
import dev.litestage.search.cost.CostModel;
import dev.litestage.search.importance.SublayerImportance;
import dev.litestage.search.strategy.SearchProgress;
import dev.litestage.search.trial.BenchmarkTrialEvaluator;
import dev.litestage.search.trial.LatencyMeasurement;
import dev.litestage.search.trial.TrialCache;
import dev.litestage.search.trial.TrialEvaluator;
import dev.litestage.search.trial.TrialJournal;
import dev.litestage.search.trial.TrialResult;
import dev.litestage.tracking.SearchTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The search and the strategies compared with it, over one evaluator chain: every trial answers
 * the selection split (batched when latency comes from the cost model), its latency is estimated
 * by the cost model or timed, it is journaled (so a resumed run repeats nothing) and logged to
 * MLflow as a child run.
 */
final class SearchStep {

    /** The search's outcome, the compared strategies' outcomes, and the evaluator that measured them. */
    record Result(SearchOutcome outcome, List<SearchOutcome> comparisons, TrackedEvaluator evaluator) {}

    private SearchStep() {
    }

    /** How a trial's latency is obtained, as MLflow and the trials table name it. */
    static String latencySource(Experiment exp) {
        return exp.measurement().costModel() ? "cost model over the trial's token counts"
                : "batch-1 wall clock, median of " + exp.measurement().repetitions() + " run(s)";
    }

    /**
     * The trials' evaluator over the selection split: batched questions and remembered generations
     * with a cost model (latency comes from token counts), one question at a time otherwise.
     */
    static TrialEvaluator measuring(LoadedExperiment loaded, CostModel costModel) {
        return measuring(loaded, costModel != null ? loaded.pipeline().memoized() : loaded.pipeline(), costModel);
    }

    /** As {@link #measuring(LoadedExperiment, CostModel)}, over {@code pipeline} as given (memoized or not). */
    static TrialEvaluator measuring(LoadedExperiment loaded, MultiStagePipeline pipeline, CostModel costModel) {
        return measuring(loaded, pipeline, costModel, loaded.selection().questions());
    }

    /** As {@link #measuring(LoadedExperiment, MultiStagePipeline, CostModel)}, over {@code dev} (a shard of the selection). */
    static TrialEvaluator measuring(LoadedExperiment loaded, MultiStagePipeline pipeline, CostModel costModel,
                                    List<Question> dev) {
        Experiment exp = loaded.experiment();
        Evaluator evaluator = new Evaluator(pipeline).withWorkers(exp.measurement().workers());
        if (costModel != null) {
            evaluator = evaluator.inBatches(exp.engine().batchQuestions());
        }
        TrialEvaluator measured = BenchmarkTrialEvaluator.of(evaluator, dev);
        measured = LatencyMeasurement.of(exp.measurement().warmup(), exp.measurement().repetitions()).measuring(measured);
        return costModel != null ? costModel.estimating(measured) : measured;
    }

    static Result run(LoadedExperiment loaded, SublayerImportance importance, TrialEvaluator measured,
                      TrialJournal journal, SearchTracker tracker, Map<String, String> trialParams, RunListener listener,
                      Function<String, Optional<TrialOrigin>> origins) {
        Experiment exp = loaded.experiment();
        List<String> stageNames = exp.stages().stream().map(StageSpec::name).toList();
        TrialCache cache = TrialCache.journaled(measured, journal);
        String strategy = exp.search().strategy().token();
        TrackedEvaluator tracked = new TrackedEvaluator(cache, tracker, trialParams, t -> listener.stepDone(note(t)), origins);
        tracked.strategy(strategy);
        SearchOutcome outcome;
        try {
            outcome = LayerAllocationSearch.run(exp.search(), stageNames, importance, tracked,
                    phases(listener, "search " + strategy));
        } finally {
            listener.phaseEnded();
        }
        List<SearchOutcome> comparisons = new ArrayList<>();
        for (Strategy other : exp.measurement().compare()) {
            SearchConfig config = exp.search().toBuilder().strategy(other)
                    .maxEvaluations(Math.min(exp.search().maxEvaluations(), outcome.evaluations())).build();
            TrackedEvaluator counting = new TrackedEvaluator(cache, tracker, trialParams, t -> listener.stepDone(note(t)), origins);
            counting.strategy(other.token());
            try {
                comparisons.add(LayerAllocationSearch.run(config, stageNames, importance, counting,
                        phases(listener, "compare " + other.token())));
            } finally {
                listener.phaseEnded();
            }
        }
        return new Result(outcome, comparisons, tracked);
    }

    /** The search's phases as the listener's, each ending the one before. */
    static SearchProgress phases(RunListener listener, String title) {
        boolean[] open = {false};
        return (phase, expectedTrials) -> {
            if (open[0]) {
                listener.phaseEnded();
            }
            listener.phaseStarted(title + ": " + phase, Math.max(1, expectedTrials), "trials");
            open[0] = true;
        };
    }

    static String note(TrialResult t) {
        return String.format(Locale.ROOT, "acc %.1f%% %.0f ms", 100 * t.accuracy(), t.latencyMs());
    }
}
