package dev.litestage.cli;

import dev.litestage.experiment.config.Experiment;
import dev.litestage.experiment.run.JournalExport;
import dev.litestage.experiment.run.RunLayout;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Exports any trial of an experiment's journal as a versioned profile. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Exports a trial from an experiment's trial journal as a profile (JSON).")
final class ExportCommand implements Callable<Integer> {

    @Mixin
    ExperimentArgument experiment;

    static final class Which {
        @Option(names = "--trial", description = "the trial's key, as in search-trials.csv")
        String key;

        @Option(names = "--fastest-within", paramLabel = "POINTS",
                description = "the trial the search would choose with epsilon POINTS: the fastest whose accuracy"
                        + " (or its lower bound, with the experiment's target_confidence) is within POINTS of the full"
                        + " model's")
        Double points;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--journal", description = "the trial journal to read (default: the work folder's newest)")
    Path journalFile;

    @Option(names = "--out", description = "profile file to write (default: <work dir>/profile-<n>.json)")
    Path out;

    @Override
    public Integer call() throws Exception {
        Experiment exp = experiment.load();
        Path file = journalFile != null ? journalFile : new RunLayout(exp.workDir(), exp.outputDir()).newestTrialJournal();
        JournalExport.Exported e = which.key != null ? JournalExport.byKey(exp, file, which.key, out)
                : JournalExport.fastestWithin(exp, file, which.points, out);
        System.out.printf(Locale.ROOT, "exported %s%n  trial %s (from %s)%n  %s accuracy %.1f%% (full %.1f%%),"
                        + " estimated speedup %.2fx (the journal's latency ratio on %s, not a wall-clock measurement)%n",
                e.profile(), e.chosen().key(), file.getFileName(), e.split(), 100 * e.chosen().accuracy(),
                100 * e.full().accuracy(), e.estimatedSpeedup(), e.split());
        return 0;
    }
}
