package dev.litestage.experiment.run;

import dev.litestage.benchmark.data.Dataset;
import dev.litestage.benchmark.data.Split;
import dev.litestage.benchmark.eval.EvaluationSummary;
import dev.litestage.benchmark.eval.Evaluator;
import dev.litestage.benchmark.eval.QuestionResultsCsv;
import dev.litestage.experiment.config.Experiment;
import dev.litestage.experiment.config.ExperimentData;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.load.ModelLoader;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.ReasoningProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The full model, or an exported profile, answering one split of an experiment's data: accuracy,
 * per-stage latency, tokens and early exits, with every question's result written to the work
 * folder ({@link RunLayout#evaluation}).
 */
public final class SplitEvaluation {

    /**
     * What to evaluate.
     *
     * @param profile       an exported profile, or null for the full model
     * @param split         the split, or null for the experiment's evaluation split
     * @param limit         only the first {@code limit} questions (0: the experiment's sample)
     * @param batch         questions answered together, or null for {@code engine.batch_questions}
     * @param allowMismatch use a profile exported for a different model
     */
    public record Request(Path profile, Split split, int limit, Integer batch, boolean allowMismatch) {
        public Request {
            if (limit < 0) {
                throw new IllegalArgumentException("--limit: must be >= 0 (0: the experiment's sample), was " + limit);
            }
            if (batch != null && batch < 1) {
                throw new IllegalArgumentException("--batch: must be >= 1, was " + batch);
            }
        }
    }

    /** What was measured: {@code label} is "full" or the profile's file name without ".json". */
    public record Evaluated(String label, Split split, int batch, EvaluationSummary summary, Path resultsCsv) {
    }

    private SplitEvaluation() {
    }

    public static Evaluated run(Experiment exp, Request request, RunListener listener) throws IOException {
        Split target = request.split() == null ? exp.data().evalSplit() : request.split();
        int sample = target == exp.data().selectSplit() ? exp.data().selectSample() : exp.data().evalSample();
        Dataset data = ExperimentData.load(exp.data(), target, sample);
        if (request.limit() > 0 && request.limit() < data.size()) {
            data = data.first(request.limit());
        }
        ExperimentData.questions(data);
        if (data.skippedCount() > 0) {
            listener.say("skipped " + data.skippedCount() + " bad records, e.g. " + data.skipped().get(0).message());
        }
        int batch = request.batch() != null ? request.batch() : exp.engine().batchQuestions();
        LanguageModel model = ModelOpening.tune(ModelLoader.load(exp.model().path(), exp.model().tokenizer())
                .withBatchLimits(exp.engine().limits()), exp.engine().blasThreads(), 1);
        MultiStagePipeline pipeline = new MultiStagePipeline(model, exp.stages());
        Path profile = request.profile();
        ReasoningProfile reasoning = profile == null
                ? ReasoningProfile.full(exp.stages(), model.config().layers())
                : ProfileLoading.load(profile, model, exp.stages(), request.allowMismatch(), listener);
        String label = profile == null ? "full" : profile.getFileName().toString().replaceFirst("\\.json$", "");

        EvaluationSummary summary;
        listener.phaseStarted("eval " + label + " on " + target.id() + " (batch " + batch + ")", data.size(), "q");
        try {
            summary = new Evaluator(pipeline).inBatches(batch)
                    .evaluate(data.questions(), reasoning, (done, total, r) -> listener.stepDone(""));
        } finally {
            listener.phaseEnded();
        }
        RunLayout layout = new RunLayout(exp.workDir(), exp.outputDir());
        Files.createDirectories(exp.workDir());
        Path csv = layout.evaluation(label, target.id());
        QuestionResultsCsv.write(csv, summary.results());
        return new Evaluated(label, target, batch, summary, csv);
    }
}
