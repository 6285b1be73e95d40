package dev.litestage.experiment.run;

import dev.litestage.benchmark.eval.EvaluationSummary;
import dev.litestage.benchmark.eval.Evaluator;
import dev.litestage.benchmark.eval.StageSummary;
import dev.litestage.model.SkipMask;
import dev.litestage.model.Sublayer;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.StageProfile;
import dev.litestage.reasoning.StageSpec;
import dev.litestage.search.importance.SublayerImportance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How much each stage can lose: accuracy and tokens per stage when the k sublayers most alike in
 * input and output (by that stage's importance) are skipped in one stage only, the others full.
 * Different rows for different stages are what makes stage-wise budgets worth searching for.
 * Each row is measured again with the skipped stage's confidence early exit on: where skipping
 * degrades a stage until it rambles, this shows whether the exit fires and what it recovers.
 */
public final class StageSensitivity {

    /**
     * One measurement: {@code k} sublayers skipped in {@code stage}, early exit off, then the same
     * with {@code stage}'s early exit on.
     *
     * @param withExit the same skipping with the stage's early exit on
     */
    public record Row(String stage, int k, double accuracy, List<Double> tokensPerStage, int unparseable,
                      WithExit withExit) {}

    /**
     * The skipped stage's figures with its early exit on.
     *
     * @param accuracy    test accuracy
     * @param stageTokens mean tokens the skipped stage generated per question
     * @param exits       questions on which the early exit ended the stage
     */
    public record WithExit(double accuracy, double stageTokens, int exits) {}

    private StageSensitivity() {
    }

    /**
     * The sensitivity table of {@code loaded}: importance as the run measures it (reused when
     * unchanged), then k = 0..kmax in each stage on {@code questions} evaluation questions
     * (0: all), written to the report folder.
     *
     * @return the Markdown file written
     * @throws IllegalArgumentException before any work when {@code kmax} is negative or exceeds the
     *                                  model's sublayers, or a count is negative
     */
    public static Path run(LoadedExperiment loaded, int kmax, int questions, int workers, RunListener listener)
            throws IOException {
        int sublayers = loaded.model().config().sublayers();
        if (kmax < 0 || kmax > sublayers) {
            throw new IllegalArgumentException("--kmax: must be in 0.." + sublayers + " (the sublayers of "
                    + loaded.experiment().model().path() + "), was " + kmax);
        }
        if (questions < 0 || workers < 0) {
            throw new IllegalArgumentException("--questions and --workers must be >= 0 (0: the experiment's), were "
                    + questions + " and " + workers);
        }
        var exp = loaded.experiment();
        RunLayout layout = new RunLayout(exp.workDir(), exp.outputDir());
        java.nio.file.Files.createDirectories(layout.workDir());
        SublayerImportance importance = ImportanceStep.run(loaded, layout,
                new Evaluator(loaded.pipeline()).inBatches(exp.engine().batchQuestions()), listener);
        List<Question> test = loaded.evaluation().questions();
        if (questions > 0 && questions < test.size()) {
            test = test.subList(0, questions);
        }
        EarlyExit exit = exp.search().earlyExit().enabled() ? exp.search().earlyExit() : EarlyExit.of(3, 0.5);
        List<Row> rows = measure(loaded.pipeline(), importance, test, kmax,
                workers > 0 ? workers : exp.measurement().workers(), exp.engine().batchQuestions(), exit, listener);
        write(rows, exp.stages(), test.size(), exit, layout.sensitivityCsv(), layout.sensitivityMarkdown());
        return layout.sensitivityMarkdown();
    }

    /** The rows for k = 0..kmax in each stage; {@code exit} is the skipped stage's early exit in the second measurement. */
    public static List<Row> measure(MultiStagePipeline pipeline, SublayerImportance importance, List<Question> questions,
                                    int kmax, int workers, int batchQuestions, EarlyExit exit, RunListener listener) {
        List<StageSpec> stages = pipeline.stages();
        int layers = pipeline.model().config().layers();
        MultiStagePipeline memoized = pipeline.memoized();
        // only accuracy and tokens are measured here, so workers never skew a figure
        Evaluator evaluator = new Evaluator(memoized).withWorkers(workers).inBatches(batchQuestions);
        List<Row> rows = new ArrayList<>();
        listener.phaseStarted("sensitivity", 2L * stages.size() * (kmax + 1) * questions.size(), "q");
        try {
            for (StageSpec target : stages) {
                List<Sublayer> ranking = importance.ranking(target.name());
                for (int k = 0; k <= kmax; k++) {
                    SkipMask skipped = SkipMask.of(layers, ranking.subList(0, k));
                    EvaluationSummary summary = evaluator.evaluate(questions, profile(stages, target, skipped, EarlyExit.OFF),
                            (done, total, r) -> listener.stepDone(""));
                    EvaluationSummary exiting = evaluator.evaluate(questions, profile(stages, target, skipped, exit),
                            (done, total, r) -> listener.stepDone(""));
                    StageSummary stage = exiting.stage(target.name());
                    rows.add(new Row(target.name(), k, summary.accuracy(),
                            summary.stages().stream().map(StageSummary::meanTokens).toList(), summary.unparseable(),
                            new WithExit(exiting.accuracy(), stage.meanTokens(), stage.earlyExits())));
                }
            }
        } finally {
            listener.phaseEnded();
        }
        return rows;
    }

    /** {@code target} skipping {@code skipped} with {@code exit}; the other stages full, no early exit. */
    private static ReasoningProfile profile(List<StageSpec> stages, StageSpec target, SkipMask skipped, EarlyExit exit) {
        int layers = skipped.layers();
        List<StageProfile> settings = new ArrayList<>();
        for (StageSpec s : stages) {
            settings.add(s == target ? new StageProfile(s.name(), skipped, exit)
                    : new StageProfile(s.name(), SkipMask.none(layers), EarlyExit.OFF));
        }
        return new ReasoningProfile(settings);
    }

    /** The rows as CSV and as a Markdown table, one block per skipped stage. */
    public static void write(List<Row> rows, List<StageSpec> stages, int questions, EarlyExit exit, Path csv,
                             Path markdown) throws IOException {
        StringBuilder c = new StringBuilder("skipped_stage,k,accuracy,unparseable");
        stages.forEach(s -> c.append(',').append(s.name()).append("_tokens"));
        c.append(",exit_accuracy,exit_stage_tokens,exit_exits");
        c.append('\n');
        StringBuilder md = new StringBuilder("# Stage-dependent sensitivity\n\n")
                .append("Test accuracy (").append(questions).append(" questions) when the k sublayers whose input and output")
                .append(" are most alike on that stage's prefill are skipped in one stage only; the other stages run the")
                .append(" full model, early exit off. Tokens are the mean generated per question in each stage.")
                .append(" The last three columns measure the same skipping with the skipped stage's confidence early exit on")
                .append(String.format(Locale.ROOT, " (window %d, threshold %s): accuracy, that stage's tokens, and on how many",
                        exit.window(), exit.threshold()))
                .append(" questions the exit ended it.\n");
        String current = null;
        for (Row r : rows) {
            c.append(r.stage()).append(',').append(r.k()).append(',').append(String.format(Locale.ROOT, "%.4f", r.accuracy()))
                    .append(',').append(r.unparseable());
            r.tokensPerStage().forEach(t -> c.append(',').append(String.format(Locale.ROOT, "%.2f", t)));
            c.append(String.format(Locale.ROOT, ",%.4f,%.2f,%d", r.withExit().accuracy(), r.withExit().stageTokens(),
                    r.withExit().exits()));
            c.append('\n');
            if (!r.stage().equals(current)) {
                current = r.stage();
                md.append("\n## Skipping in `").append(current).append("`\n\n| k | accuracy | unparseable |");
                stages.forEach(s -> md.append(' ').append(s.name()).append(" tokens |"));
                md.append(" with exit: accuracy | ").append(current).append(" tokens | exits |");
                md.append("\n|---:|---:|---:|");
                stages.forEach(s -> md.append("---:|"));
                md.append("---:|---:|---:|");
                md.append('\n');
            }
            md.append("| ").append(r.k()).append(" | ").append(String.format(Locale.ROOT, "%.1f%%", 100 * r.accuracy()))
                    .append(" | ").append(r.unparseable()).append(" |");
            r.tokensPerStage().forEach(t -> md.append(' ').append(String.format(Locale.ROOT, "%.1f", t)).append(" |"));
            md.append(String.format(Locale.ROOT, " %.1f%% | %.1f | %d |", 100 * r.withExit().accuracy(),
                    r.withExit().stageTokens(), r.withExit().exits()));
            md.append('\n');
        }
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, c);
        Files.writeString(markdown, md);
    }
}
