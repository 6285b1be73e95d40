package dev.litestage.experiment.run;

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

    /** A cost model calibrated on this machine as the run calibrates it, kept in memory only. */
    public static CostModel calibrate(LoadedExperiment loaded) {
        return CostModelStep.calibrate(loaded);
    }
}
