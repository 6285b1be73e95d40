package dev.litestage.experiment.run;

import dev.litestage.experiment.execution.WorkerInputs;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.search.cost.CostModel;
import dev.litestage.search.trial.TrialEvaluator;

/**
 * How an experiment measures a trial, for code that evaluates trials outside a run: a worker of
 * a distributed search builds the same evaluator the run uses, over a cost model calibrated on
 * its own machine.
 */
public final class TrialMeasurement {

    private TrialMeasurement() {
    }

    /** The run's trial evaluator over the selection split ({@code costModel} null: wall clock). */
    public static TrialEvaluator evaluator(LoadedExperiment loaded, CostModel costModel) {
        return SearchStep.measuring(loaded, costModel);
    }

    /** What a worker must read as this JVM does for its trials to be this JVM's (see {@link WorkerInputs}). */
    public static WorkerInputs inputs(LoadedExperiment loaded) {
        String data = TrialContext.begin().withQuestions("selection", loaded.selection().questions())
                .withPipeline(loaded.pipeline()).digest();
        return new WorkerInputs(loaded.model().fingerprint(), data, loaded.selection().size());
    }

    /**
     * The run's trial evaluator (cost-model latency) over {@code memoized}, a memoized pipeline
     * that may be shared: task threads of one worker JVM each pass it moved to their own model
     * replica ({@link MultiStagePipeline#on}), so a generation any of them ran is remembered by all.
     */
    public static TrialEvaluator evaluator(LoadedExperiment loaded, MultiStagePipeline memoized, CostModel costModel) {
        return evaluator(loaded, memoized, costModel, 0, loaded.selection().size());
    }

    /**
     * As {@link #evaluator(LoadedExperiment, MultiStagePipeline, CostModel)}, over the selection
     * questions {@code from} (inclusive) to {@code to} (exclusive) only: one shard of a trial.
     */
    public static TrialEvaluator evaluator(LoadedExperiment loaded, MultiStagePipeline memoized, CostModel costModel,
                                           int from, int to) {
        return SearchStep.measuring(loaded, memoized, java.util.Objects.requireNonNull(costModel, "costModel"),
                loaded.selection().questions().subList(from, to));
    }

    /** A cost model calibrated on this machine as the run calibrates it, kept in memory only. */
    public static CostModel calibrate(LoadedExperiment loaded) {
        return CostModelStep.calibrate(loaded);
    }
}
