package dev.litestage.experiment.run;

import dev.litestage.benchmark.data.Dataset;
import dev.litestage.benchmark.eval.Evaluator;
import dev.litestage.benchmark.eval.PipelineThroughput;
import dev.litestage.experiment.config.Experiment;
import dev.litestage.experiment.config.ExperimentData;
import dev.litestage.model.BatchLimits;
import dev.litestage.model.LanguageModel;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.ReasoningProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * An experiment's whole pipeline answering its evaluation split at several batch sizes, interleaved
 * ({@link PipelineThroughput}): questions per second and how far the batch sizes' answers agree.
 */
public final class ExperimentThroughput {

    /** The rows of {@link PipelineThroughput#measure}, and what they were measured on. */
    public record Measured(String experiment, String split, String profile, int questions, int rounds,
                           List<PipelineThroughput.Row> rows) {
    }

    private ExperimentThroughput() {
    }

    /**
     * @param profile   an exported profile, or null for the full model
     * @param questions the first {@code questions} of the split (0: all of it)
     */
    public static Measured measure(Experiment exp, Path profile, int questions, int[] batches, int rounds,
                                   RunListener listener) throws IOException {
        if (questions < 0 || rounds < 1) {
            throw new IllegalArgumentException("--questions must be >= 0 and --rounds >= 1");
        }
        Dataset data = ExperimentData.load(exp.data(), exp.data().evalSplit(), 0);
        if (questions > 0 && questions < data.size()) {
            data = data.first(questions);
        }
        List<Question> qs = ExperimentData.questions(data);
        int largest = Arrays.stream(batches).max().orElse(1);
        LanguageModel model = ModelOpening.open(exp.model().path(), exp.model().tokenizer())
                .withBatchLimits(BatchLimits.DEFAULT.withMaxRows(largest));
        MultiStagePipeline pipeline = new MultiStagePipeline(model, exp.stages());
        ReasoningProfile reasoning = profile == null ? ReasoningProfile.full(exp.stages(), model.config().layers())
                : ProfileLoading.load(profile, model, exp.stages(), false, listener);
        List<PipelineThroughput.Row> rows = PipelineThroughput.measure(new Evaluator(pipeline), qs, reasoning, batches, rounds);
        return new Measured(exp.name(), exp.data().evalSplit().id(),
                profile == null ? "full model" : profile.getFileName().toString(), qs.size(), rounds, rows);
    }
}
