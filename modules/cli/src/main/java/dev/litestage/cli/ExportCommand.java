package dev.litestage.cli;

import dev.litestage.cli.experiment.Experiment;
import dev.litestage.cli.experiment.ExperimentLoader;
import dev.litestage.cli.run.GitCommit;
import dev.litestage.model.LanguageModel;
import dev.litestage.runtime.ProfileDocument;
import dev.litestage.search.trial.TrialJournal;
import dev.litestage.search.trial.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Exports any trial of an experiment's journal as a versioned profile. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Exports a trial from an experiment's trial journal as a profile (JSON, format version 1).")
final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "experiment file (YAML) whose journal holds the trial")
    Path experimentFile;

    static final class Which {
        @Option(names = "--trial", description = "the trial's key, as in trials.csv")
        String key;

        @Option(names = "--fastest-within", paramLabel = "POINTS",
                description = "the fastest trial whose accuracy is within POINTS of the full model's")
        Double points;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--out", description = "profile file to write (default: <work dir>/profile-<n>.json)")
    Path out;

    @Override
    public Integer call() throws Exception {
        Experiment exp = ExperimentLoader.load(experimentFile);
        Path journalFile = exp.workDir().resolve("trials.jsonl");
        if (!Files.isRegularFile(journalFile)) {
            throw new IllegalArgumentException("no trial journal at " + journalFile + ": run the experiment first");
        }
        List<TrialResult> trials;
        try (TrialJournal journal = TrialJournal.open(journalFile)) {
            trials = journal.trials();
        }
        TrialResult full = trials.stream()
                .filter(t -> t.config().stages().stream().allMatch(s -> s.mask().isEmpty() && !s.earlyExit().enabled()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(journalFile + ": holds no full-model trial"));
        TrialResult chosen;
        if (which.key != null) {
            chosen = trials.stream().filter(t -> t.key().equals(which.key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(journalFile + ": no trial with key '" + which.key + "'"));
        } else {
            double target = full.accuracy() - which.points / 100;
            chosen = trials.stream().filter(t -> t.accuracy() >= target - 1e-12)
                    .min(Comparator.comparingDouble(TrialResult::latencyMs)).orElse(full);
        }
        LanguageModel model = ModelOpening.open(exp.model().path(), exp.model().tokenizer());
        ProfileDocument doc = ProfileDocument.of(model, exp.stages(), chosen.config().toProfile(),
                new ProfileDocument.Results(full.accuracy(), chosen.accuracy(), full.latencyMs() / chosen.latencyMs(),
                        exp.data().benchmark(), exp.data().selectSplit().id(), chosen.questions(), Instant.now()),
                new ProfileDocument.Provenance(exp.name(), "journal", null, null, GitCommit.of(exp.file()).orElse(null),
                        "litestage 0.1.0 export"));
        Path file = out != null ? out : exp.workDir().resolve("profile-" + Math.abs(chosen.key().hashCode()) + ".json");
        doc.write(file);
        System.out.printf(Locale.ROOT, "exported %s%n  trial %s%n  %s accuracy %.1f%% (full %.1f%%), estimated speedup %.2fx%n",
                file, chosen.key(), exp.data().selectSplit().id(), 100 * chosen.accuracy(), 100 * full.accuracy(),
                full.latencyMs() / chosen.latencyMs());
        return 0;
    }
}
