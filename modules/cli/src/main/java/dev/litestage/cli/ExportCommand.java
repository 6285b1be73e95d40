package dev.litestage.cli;

import dev.litestage.experiment.config.Experiment;
import dev.litestage.experiment.run.GitCommit;
import dev.litestage.experiment.run.ModelOpening;
import dev.litestage.experiment.run.RunLayout;
import dev.litestage.experiment.run.Versions;
import dev.litestage.model.LanguageModel;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.runtime.ProfileDocument;
import dev.litestage.search.SearchConfig;
import dev.litestage.search.TrialSelection;
import dev.litestage.search.trial.TrialJournal;
import dev.litestage.search.trial.TrialResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
        if (which.points != null && !(which.points >= 0 && which.points <= 100)) {
            throw new IllegalArgumentException("--fastest-within: must be accuracy points in [0, 100], was " + which.points);
        }
        Experiment exp = experiment.load();
        Path file = journalFile != null ? journalFile : newestJournal(exp.workDir());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no trial journal at " + file + ": run the experiment first");
        }
        List<TrialResult> trials;
        try (TrialJournal journal = TrialJournal.open(file)) {
            trials = journal.trials();
        }
        TrialResult full = trials.stream()
                .filter(t -> t.config().stages().stream().allMatch(s -> s.mask().isEmpty() && !s.earlyExit().enabled()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(file + ": holds no full-model trial"));
        TrialResult chosen;
        if (which.key != null) {
            chosen = trials.stream().filter(t -> t.key().equals(which.key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(file + ": no trial with key '" + which.key + "'"));
        } else {
            SearchConfig rule = exp.search().toBuilder().epsilon(which.points / 100).build();
            chosen = TrialSelection.fastestFeasible(trials, full, rule);
        }
        LanguageModel model = ModelOpening.open(exp.model().path(), exp.model().tokenizer());
        double estimate = full.latencyMs() / chosen.latencyMs();
        String split = exp.data().selectSplit().id();
        ProfileDocument.SpeedupMeasurement measured = new ProfileDocument.SpeedupMeasurement(
                "estimate: the trial journal's latency ratio (" + (exp.measurement().costModel() ? "cost model" : "wall clock")
                        + ") on the selection split, not a test measurement", split, chosen.questions(), null, null, null);
        ProfileDocument doc = ProfileDocument.of(model, exp.stages(), chosen.config().toProfile(),
                new MultiStagePipeline(model, exp.stages()).parser(),
                new ProfileDocument.Results(full.accuracy(), chosen.accuracy(), estimate,
                        exp.data().benchmark(), split, chosen.questions(), Instant.now(), measured, null),
                new ProfileDocument.Provenance(exp.name(), "journal", null, null, GitCommit.of(exp.file()).orElse(null),
                        "litestage " + Versions.LITESTAGE + " export", exp.settings()));
        Path target = out != null ? out : exp.workDir().resolve("profile-" + Math.abs(chosen.key().hashCode()) + ".json");
        doc.write(target);
        System.out.printf(Locale.ROOT, "exported %s%n  trial %s (from %s)%n  %s accuracy %.1f%% (full %.1f%%),"
                        + " estimated speedup %.2fx (the journal's latency ratio on %s, not a wall-clock measurement)%n",
                target, chosen.key(), file.getFileName(), exp.data().selectSplit().id(), 100 * chosen.accuracy(),
                100 * full.accuracy(), estimate, exp.data().selectSplit().id());
        return 0;
    }

    /** The most recently written trial journal of the work folder (one per trial context). */
    private static Path newestJournal(Path workDir) throws IOException {
        if (!Files.isDirectory(workDir)) {
            return workDir.resolve(new RunLayout(workDir, workDir).trialJournal("<context>").getFileName());
        }
        try (Stream<Path> files = Files.list(workDir)) {
            return files.filter(p -> p.getFileName().toString().matches("trials-[0-9a-f]+\\.jsonl"))
                    .max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .orElse(workDir.resolve("trials-<context>.jsonl"));
        }
    }
}
