package dev.litestage.cli.run;

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
import me.tongfei.progressbar.ProgressBar;

/**
 * How much each stage can lose: accuracy and tokens per stage when the k sublayers most alike in
 * input and output (by that stage's importance) are skipped in one stage only, the others full.
 * Different rows for different stages are what makes stage-wise budgets worth searching for.
 */
public final class StageSensitivity {

    /** One measurement: {@code k} sublayers skipped in {@code stage}. */
    public record Row(String stage, int k, double accuracy, List<Double> tokensPerStage, int unparseable) {}

    private StageSensitivity() {
    }

    public static List<Row> measure(MultiStagePipeline pipeline, SublayerImportance importance, List<Question> questions,
                                    int kmax, int workers, Progress progress) {
        List<StageSpec> stages = pipeline.stages();
        int layers = pipeline.model().config().layers();
        MultiStagePipeline memoized = pipeline.memoized();
        // only accuracy and tokens are measured here, so workers never skew a figure
        Evaluator evaluator = new Evaluator(memoized).withWorkers(workers);
        List<Row> rows = new ArrayList<>();
        try (ProgressBar bar = progress.bar("sensitivity", (long) stages.size() * (kmax + 1) * questions.size(), "q")) {
            for (StageSpec target : stages) {
                List<Sublayer> ranking = importance.ranking(target.name());
                for (int k = 0; k <= kmax; k++) {
                    List<StageProfile> settings = new ArrayList<>();
                    for (StageSpec s : stages) {
                        SkipMask mask = s == target ? SkipMask.of(layers, ranking.subList(0, k)) : SkipMask.none(layers);
                        settings.add(new StageProfile(s.name(), mask, EarlyExit.OFF));
                    }
                    EvaluationSummary summary = evaluator.evaluate(questions, new ReasoningProfile(settings),
                            (done, total, r) -> bar.step());
                    rows.add(new Row(target.name(), k, summary.accuracy(),
                            summary.stages().stream().map(StageSummary::meanTokens).toList(), summary.unparseable()));
                }
            }
        }
        return rows;
    }

    /** The rows as CSV and as a Markdown table, one block per skipped stage. */
    public static void write(List<Row> rows, List<StageSpec> stages, int questions, Path csv, Path markdown)
            throws IOException {
        StringBuilder c = new StringBuilder("skipped_stage,k,accuracy,unparseable");
        stages.forEach(s -> c.append(',').append(s.name()).append("_tokens"));
        c.append('\n');
        StringBuilder md = new StringBuilder("# Stage-dependent sensitivity\n\n")
                .append("Test accuracy (").append(questions).append(" questions) when the k sublayers whose input and output")
                .append(" are most alike on that stage's prefill are skipped in one stage only; the other stages run the")
                .append(" full model, early exit off. Tokens are the mean generated per question in each stage.\n");
        String current = null;
        for (Row r : rows) {
            c.append(r.stage()).append(',').append(r.k()).append(',').append(String.format(Locale.ROOT, "%.4f", r.accuracy()))
                    .append(',').append(r.unparseable());
            r.tokensPerStage().forEach(t -> c.append(',').append(String.format(Locale.ROOT, "%.2f", t)));
            c.append('\n');
            if (!r.stage().equals(current)) {
                current = r.stage();
                md.append("\n## Skipping in `").append(current).append("`\n\n| k | accuracy | unparseable |");
                stages.forEach(s -> md.append(' ').append(s.name()).append(" tokens |"));
                md.append("\n|---:|---:|---:|");
                stages.forEach(s -> md.append("---:|"));
                md.append('\n');
            }
            md.append("| ").append(r.k()).append(" | ").append(String.format(Locale.ROOT, "%.1f%%", 100 * r.accuracy()))
                    .append(" | ").append(r.unparseable()).append(" |");
            r.tokensPerStage().forEach(t -> md.append(' ').append(String.format(Locale.ROOT, "%.1f", t)).append(" |"));
            md.append('\n');
        }
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, c);
        Files.writeString(markdown, md);
    }
}
