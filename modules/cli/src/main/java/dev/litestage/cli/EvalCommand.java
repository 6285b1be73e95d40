package dev.litestage.cli;

import dev.litestage.benchmark.data.Dataset;
import dev.litestage.benchmark.eval.EvaluationSummary;
import dev.litestage.benchmark.eval.Evaluator;
import dev.litestage.benchmark.eval.QuestionResultsCsv;
import dev.litestage.benchmark.eval.StageSummary;
import dev.litestage.cli.experiment.Experiment;
import dev.litestage.cli.experiment.ExperimentData;
import dev.litestage.cli.experiment.ExperimentLoader;
import dev.litestage.cli.run.Progress;
import dev.litestage.cli.run.ProfileLoading;
import dev.litestage.model.LanguageModel;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.benchmark.data.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Evaluates the full model or a profile on an experiment's evaluation split. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluates the full model, or a profile, on the experiment's evaluation split (test by default).")
final class EvalCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "experiment file (YAML)")
    Path experimentFile;

    @Option(names = "--profile", description = "an exported profile (JSON); default: the full model")
    Path profile;

    @Option(names = "--split", description = "split to evaluate: train, dev or test (default: the experiment's eval_split)")
    String split;

    @Option(names = "--limit", defaultValue = "0", description = "evaluate only the first N questions (0 = the experiment's sample)")
    int limit;

    @Option(names = "--allow-mismatch", description = "use a profile exported for a different model")
    boolean allowMismatch;

    @Option(names = "--json", description = "print a summary JSON object on the last line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Progress progress = Progress.console();
        Experiment exp = ExperimentLoader.load(experimentFile);
        Split target = split == null ? exp.data().evalSplit() : Split.parse(split);
        int sample = target == exp.data().selectSplit() ? exp.data().selectSample() : exp.data().evalSample();
        Dataset data = ExperimentData.load(exp.data(), target, sample);
        if (limit > 0 && limit < data.size()) {
            data = data.first(limit);
        }
        ExperimentData.questions(data);
        if (data.skippedCount() > 0) {
            progress.say("skipped " + data.skippedCount() + " bad records, e.g. " + data.skipped().get(0).message());
        }
        LanguageModel model = ModelOpening.open(exp.model().path(), exp.model().tokenizer());
        MultiStagePipeline pipeline = new MultiStagePipeline(model, exp.stages());
        ReasoningProfile reasoning = profile == null
                ? ReasoningProfile.full(exp.stages(), model.config().layers())
                : ProfileLoading.load(profile, model, exp.stages(), allowMismatch, progress);
        String label = profile == null ? "full" : stripJson(profile.getFileName().toString());

        EvaluationSummary summary;
        try (ProgressBar bar = progress.bar("eval " + label + " on " + target.id(), data.size(), "q")) {
            summary = new Evaluator(pipeline).evaluate(data.questions(), reasoning, (done, total, r) -> bar.stepTo(done));
        }
        Files.createDirectories(exp.workDir());
        Path csv = exp.workDir().resolve("eval-" + label + "-" + target.id() + ".csv");
        QuestionResultsCsv.write(csv, summary.results());

        System.out.printf(Locale.ROOT, "%s on %s (%s, %d questions): accuracy %.1f%% (%d/%d), unparseable %d%n",
                label, exp.data().benchmark(), target.id(), summary.n(), 100 * summary.accuracy(), summary.correct(),
                summary.n(), summary.unparseable());
        System.out.println("stage        latency ms (mean / median)   tokens   early exits");
        for (StageSummary s : summary.stages()) {
            System.out.printf(Locale.ROOT, "%-12s %10.1f / %-10.1f      %7.1f   %d%n", s.stage(), s.latency().meanMs(),
                    s.latency().medianMs(), s.meanTokens(), s.earlyExits());
        }
        System.out.printf(Locale.ROOT, "total        %10.1f / %-10.1f ms per question; wall %.1f ms per question%n",
                summary.totalLatency().meanMs(), summary.totalLatency().medianMs(), summary.meanWallMs());
        System.out.println("per-question results: " + csv);
        if (json) {
            System.out.println(summary.toJson());
        }
        return 0;
    }

    private static String stripJson(String name) {
        return name.replaceFirst("\\.json$", "");
    }
}
