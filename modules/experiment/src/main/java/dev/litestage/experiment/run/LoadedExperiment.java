package dev.litestage.experiment.run;

import dev.litestage.benchmark.data.Dataset;
import dev.litestage.experiment.config.Experiment;
import dev.litestage.experiment.config.ExperimentData;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.load.ModelLoader;
import dev.litestage.reasoning.MultiStagePipeline;

/**
 * An experiment with its model, pipeline and questions loaded.
 *
 * @param experiment the validated experiment
 * @param model      the loaded model, batching within the experiment's engine limits
 * @param pipeline   the experiment's stages over the model
 * @param selection  the split the search selects on
 * @param evaluation the split reported accuracy uses
 */
public record LoadedExperiment(Experiment experiment, LanguageModel model, MultiStagePipeline pipeline,
                               Dataset selection, Dataset evaluation) {

    /** Loads data first (cheap, most likely to hold a bad record), then the model. */
    public static LoadedExperiment load(Experiment experiment) {
        Dataset selection = ExperimentData.selection(experiment.data());
        Dataset evaluation = ExperimentData.evaluation(experiment.data());
        ExperimentData.questions(selection);
        ExperimentData.questions(evaluation);
        LanguageModel model = ModelLoader.load(experiment.model().path(), experiment.model().tokenizer())
                .withBatchLimits(experiment.engine().limits());
        ModelOpening.tune(model, experiment.engine().blasThreads(), experiment.measurement().workers());
        try {
            experiment.search().requireFits(model.config().sublayers());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(experiment.file() + ": " + e.getMessage() + " of " + experiment.model().path(), e);
        }
        return new LoadedExperiment(experiment, model, new MultiStagePipeline(model, experiment.stages()), selection,
                evaluation);
    }
}
