package dev.litestage.cli;

import dev.litestage.benchmark.data.Split;
import dev.litestage.benchmark.eval.EvaluationSummary;
import dev.litestage.benchmark.eval.StageSummary;
import dev.litestage.experiment.config.Experiment;
import dev.litestage.experiment.run.SplitEvaluation;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Evaluates the full model or a profile on an experiment's evaluation split. */
@Command(name = "eval", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Evaluates the full model, or a profile, on the experiment's evaluation split (test by default).")
final class EvalCommand implements Callable<Integer> {

    @Mixin
    ExperimentArgument experiment;

    @Option(names = "--profile", description = "an exported profile (JSON); default: the full model")
    Path profile;

    @Option(names = "--split", description = "split to evaluate: train, dev or test (default: the experiment's eval_split)")
    String split;

    @Option(names = "--limit", defaultValue = "0", description = "evaluate only the first N questions (0 = the experiment's sample)")
    int limit;

    @Option(names = "--batch", description = "questions answered together, every stage's generations batched"
            + " (default: the experiment's engine.batch_questions; 1: one at a time, as for latency)")
    Integer batch;

    @Option(names = "--allow-mismatch", description = "use a profile exported for a different model")
    boolean allowMismatch;

    @Option(names = "--json", description = "print a summary JSON object on the last line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Experiment exp = experiment.load();
        SplitEvaluation.Evaluated e = SplitEvaluation.run(exp,
                new SplitEvaluation.Request(profile, split == null ? null : Split.parse(split), limit, batch, allowMismatch),
                ConsoleProgress.console());
        EvaluationSummary summary = e.summary();
        String label = e.label();
        int questionsPerBatch = e.batch();
        Path csv = e.resultsCsv();
        Split target = e.split();
        System.out.printf(Locale.ROOT, "%s on %s (%s, %d questions, batch %d): accuracy %.1f%% (%d/%d), unparseable %d%n",
                label, exp.data().benchmark(), target.id(), summary.n(), questionsPerBatch, 100 * summary.accuracy(),
                summary.correct(), summary.n(), summary.unparseable());
        System.out.println("stage        latency ms (mean / median)   tokens   early exits");
        for (StageSummary s : summary.stages()) {
            System.out.printf(Locale.ROOT, "%-12s %10.1f / %-10.1f      %7.1f   %d%n", s.stage(), s.latency().meanMs(),
                    s.latency().medianMs(), s.meanTokens(), s.earlyExits());
        }
        System.out.printf(Locale.ROOT, "total        %10.1f / %-10.1f ms per question; wall %.1f ms per question%n",
                summary.totalLatency().meanMs(), summary.totalLatency().medianMs(), summary.meanWallMs());
        if (questionsPerBatch > 1) {
            System.out.println("(answered in batches: stage latencies are the batches' wall time; use --batch 1 to time"
                    + " questions one at a time)");
        }
        System.out.println("per-question results: " + csv);
        if (json) {
            System.out.println(summary.toJson());
        }
        return 0;
    }
}
