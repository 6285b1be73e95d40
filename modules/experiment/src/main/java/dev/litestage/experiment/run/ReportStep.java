package dev.litestage.experiment.run;

import dev.litestage.experiment.config.Experiment;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.Sublayer;
import dev.litestage.model.SublayerSimilarity;
import dev.litestage.reasoning.StageProfile;
import dev.litestage.report.ImportanceMatrix;
import dev.litestage.report.MeasuredSpeedup;
import dev.litestage.report.ReportData;
import dev.litestage.report.ReportTable;
import dev.litestage.report.ReportWriter;
import dev.litestage.report.StageSkips;
import dev.litestage.report.SummaryRow;
import dev.litestage.report.TrialPoint;
import dev.litestage.search.FinalEvaluation;
import dev.litestage.search.SearchOutcome;
import dev.litestage.search.Strategy;
import dev.litestage.search.importance.SublayerImportance;
import dev.litestage.search.trial.StageMeasurement;
import dev.litestage.search.trial.TrialResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Maps a finished run onto the report module's values and writes the report. */
final class ReportStep {

    private final Experiment exp;
    private final LanguageModel model;
    private final SublayerImportance importance;
    private final SearchOutcome outcome;
    private final List<SearchOutcome> comparisons;
    private final FinalEvaluation fin;
    private final List<EarlyExitPair> exitPairs;
    private final Map<String, String> provenance;

    ReportStep(Experiment exp, LanguageModel model, SublayerImportance importance, SearchOutcome outcome,
                   List<SearchOutcome> comparisons, FinalEvaluation fin, List<EarlyExitPair> exitPairs,
                   Map<String, String> provenance) {
        this.exp = exp;
        this.model = model;
        this.importance = importance;
        this.outcome = outcome;
        this.comparisons = comparisons;
        this.fin = fin;
        this.exitPairs = List.copyOf(exitPairs);
        this.provenance = provenance;
    }

    List<Path> write(Path dir) throws IOException {
        List<String> stages = exp.stages().stream().map(s -> s.name()).toList();
        SummaryRow full = summary("full model", fin.fullModel());
        SummaryRow profile = summary("profile (" + outcome.strategy().token() + ")", fin.chosen());
        ReportData data = new ReportData(exp.name(),
                exp.model().path().getFileName() + " (" + model.config().layers() + " layers, "
                        + model.fingerprint().substring(0, 12) + ")",
                exp.data().benchmark(), exp.data().evalSplit().id() + " (" + fin.fullModel().questions() + " questions)",
                LocalDate.now().toString(), full, profile, Math.max(0, 100 * outcome.targetAccuracy()), trialPoints(), stages,
                chosenSkips(), Optional.of(importanceMatrix(stages)), tables(), provenance)
                .withMeasuredSpeedup(new MeasuredSpeedup(fin.speedup().speedup(), fin.speedup().method() + "; "
                        + String.format(java.util.Locale.ROOT, "%.2fx", fin.throughput().speedup()) + " "
                        + fin.throughput().method()));
        return ReportWriter.write(data, dir).all();
    }

    private SummaryRow summary(String label, TrialResult r) {
        Map<String, Double> latency = new LinkedHashMap<>();
        Map<String, Double> tokens = new LinkedHashMap<>();
        Map<String, Integer> exits = new LinkedHashMap<>();
        for (StageMeasurement m : r.stages()) {
            latency.put(m.stage(), m.latencyMs());
            tokens.put(m.stage(), m.generatedTokens());
            exits.put(m.stage(), m.earlyExits());
        }
        return new SummaryRow(label, 100 * r.accuracy(), latency, tokens, exits, r.latencyMs());
    }

    private List<TrialPoint> trialPoints() {
        List<TrialPoint> points = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<SearchOutcome> all = new ArrayList<>();
        all.add(outcome);
        all.addAll(comparisons);
        for (SearchOutcome o : all) {
            Set<String> front = o.frontKeys();
            for (TrialResult t : o.trials()) {
                if (seen.add(o.strategy().token() + "|" + t.key())) {
                    points.add(new TrialPoint(TrialNames.of(t.config()), o.strategy().token(), t.latencyMs(), 100 * t.accuracy(),
                            front.contains(t.key()), o == outcome && t.key().equals(outcome.chosen().key())));
                }
            }
        }
        return points;
    }

    private List<StageSkips> chosenSkips() {
        List<StageSkips> skips = new ArrayList<>();
        for (StageProfile s : outcome.chosenProfile().stages()) {
            skips.add(new StageSkips(s.stage(), s.mask().skippedAttentionLayers(), s.mask().skippedMlpLayers(),
                    TrialNames.earlyExit(s)));
        }
        return skips;
    }

    private ImportanceMatrix importanceMatrix(List<String> stages) {
        List<String> rows = new ArrayList<>(stages);
        rows.add("all stages");
        int layers = importance.layers();
        double[][] values = new double[rows.size()][2 * layers];
        for (int r = 0; r < rows.size(); r++) {
            SublayerSimilarity s = r < stages.size() ? importance.similarity(stages.get(r)) : importance.accumulated();
            for (int i = 0; i < 2 * layers; i++) {
                values[r][i] = s.of(Sublayer.ofIndex(i));
            }
        }
        return ImportanceMatrix.ofLayers(rows, layers, values);
    }

    private List<ReportTable> tables() {
        List<ReportTable> tables = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        double fullDev = outcome.fullModel().latencyMs();
        rows.add(row(outcome.strategy().token() + " (chosen)", outcome.chosen(), fullDev, outcome.evaluations()));
        for (SearchOutcome c : comparisons) {
            rows.add(row(c.strategy().token(), c.chosen(), fullDev, c.evaluations()));
        }
        rows.add(row("none (full model)", outcome.fullModel(), fullDev, 1));
        tables.add(new ReportTable("Strategies at an equal evaluation budget",
                "Selection split (" + exp.data().selectSplit().id() + "); each strategy may evaluate at most as many trials as "
                        + outcome.strategy().token() + " used. Speedup = full-model latency / chosen latency on that split.",
                List.of("strategy", "dev accuracy", "dev latency ms", "est. speedup", "evaluations", "chosen configuration"),
                rows));
        List<List<String>> ablation = new ArrayList<>();
        ablation.add(row("stage-wise budgets + early exit (chosen)", outcome.chosen(), fullDev, 0).subList(0, 4));
        ablation.add(row("stage-wise budgets, early exit off", exitPairs.get(0).off(), fullDev, 0).subList(0, 4));
        for (SearchOutcome c : comparisons) {
            // genetic and Pareto are stage-wise too; only the shared-budget baselines belong here
            if (c.strategy().sharesOneBudget()) {
                ablation.add(row("same budget in every stage (" + c.strategy().token() + ")", c.chosen(), fullDev, 0).subList(0, 4));
            }
        }
        tables.add(new ReportTable("Ablations", "Selection split. Stage-wise budgets vs one budget shared by all stages,"
                + " and the chosen profile with and without confidence early exit.",
                List.of("configuration", "dev accuracy", "dev latency ms", "est. speedup"), ablation));
        tables.add(earlyExitTable(fullDev));
        return tables;
    }

    /** Early exit on vs off for the chosen masks and the most skipped trials, per stage. */
    private ReportTable earlyExitTable(double fullDev) {
        List<String> stages = outcome.fullModel().stages().stream().map(m -> m.stage()).toList();
        List<String> header = new ArrayList<>(List.of("configuration", "early exit", "dev accuracy", "dev latency ms",
                "est. speedup"));
        stages.forEach(s -> header.add(s + " tokens"));
        stages.forEach(s -> header.add(s + " exits"));
        List<List<String>> rows = new ArrayList<>();
        for (EarlyExitPair p : exitPairs) {
            for (TrialResult r : List.of(p.on(), p.off())) {
                List<String> row = new ArrayList<>(List.of(p.label() + " (" + TrialNames.skipped(r.config())
                                + " skipped)", TrialNames.earlyExits(r.config()),
                        String.format(Locale.ROOT, "%.1f%%", 100 * r.accuracy()), String.format(Locale.ROOT, "%.1f", r.latencyMs()),
                        String.format(Locale.ROOT, "%.2fx", fullDev / r.latencyMs())));
                r.stages().forEach(m -> row.add(String.format(Locale.ROOT, "%.1f", m.generatedTokens())));
                r.stages().forEach(m -> row.add(String.valueOf(m.earlyExits())));
                rows.add(row);
            }
        }
        return new ReportTable("Early exit on vs off", "Selection split. The chosen masks and, per stage, the searched"
                + " trial that skips most in that stage, each with confidence early exit on and off (tokens are per"
                + " question; exits count the generations early exit stopped). A stage that rambles once too many"
                + " sublayers are skipped is where early exit could pay.", header, rows);
    }

    private static List<String> row(String name, TrialResult r, double fullLatency, int evaluations) {
        return List.of(name, String.format(Locale.ROOT, "%.1f%%", 100 * r.accuracy()),
                String.format(Locale.ROOT, "%.1f", r.latencyMs()),
                String.format(Locale.ROOT, "%.2fx", fullLatency / r.latencyMs()),
                String.valueOf(evaluations), TrialNames.of(r.config()));
    }
}
