package dev.litestage.cli;

import dev.litestage.search.trial.StageMeasurement;
import dev.litestage.search.trial.TrialResult;
import dev.litestage.experiment.run.RunResult;
import java.io.PrintStream;
import java.util.Locale;

/** The final console summary of a run: full model vs profile, stage by stage. */
final class SummaryTable {

    private SummaryTable() {
    }

    static void print(PrintStream out, RunResult r) {
        TrialResult full = r.finalEvaluation().fullModel();
        TrialResult profile = r.finalEvaluation().chosen();
        out.println();
        out.printf(Locale.ROOT, "%-22s %14s %14s%n", "", "full model", "profile");
        out.printf(Locale.ROOT, "%-22s %13.1f%% %13.1f%%%n", "accuracy (" + full.questions() + " q)", 100 * full.accuracy(),
                100 * profile.accuracy());
        for (int i = 0; i < full.stages().size(); i++) {
            StageMeasurement f = full.stages().get(i);
            StageMeasurement p = profile.stages().get(i);
            out.printf(Locale.ROOT, "%-22s %11.1f ms %11.1f ms%n", f.stage() + " latency", f.latencyMs(), p.latencyMs());
            out.printf(Locale.ROOT, "%-22s %14.1f %14.1f%n", f.stage() + " tokens", f.generatedTokens(), p.generatedTokens());
            out.printf(Locale.ROOT, "%-22s %14d %14d%n", f.stage() + " early exits", f.earlyExits(), p.earlyExits());
        }
        out.printf(Locale.ROOT, "%-22s %11.1f ms %11.1f ms%n", "batch-1 per question", full.latencyMs(), profile.latencyMs());
        out.printf(Locale.ROOT, "%-22s %29.2fx (%s)%n", "speedup",
                r.finalEvaluation().speedup().speedup(), r.finalEvaluation().speedup().method());
        out.printf(Locale.ROOT, "%-22s %29.2fx (%s)%n", "throughput speedup",
                r.finalEvaluation().throughput().speedup(), r.finalEvaluation().throughput().method());
        out.printf(Locale.ROOT, "%-22s %29.1f points%n", "accuracy loss", 100 * r.finalEvaluation().accuracyLoss());
        out.printf(Locale.ROOT, "%-22s %s%n", "profile", r.profile());
        out.printf(Locale.ROOT, "%-22s %s%n", "report", r.reportDir().resolve("index.html"));
        out.printf(Locale.ROOT, "%-22s %s%s%n", "tracking", r.trackingUri(), r.mlflowRunId().map(id -> " (run " + id + ")").orElse(""));
        out.printf(Locale.ROOT, "%-22s %d trials in %.1f min on %s%n", "search", r.outcome().evaluations(),
                r.searchMillis() / 60000.0, r.trialsOn());
        out.printf(Locale.ROOT, "%-22s %.1f min%n", "wall time", r.wallMillis() / 60000.0);
    }
}
