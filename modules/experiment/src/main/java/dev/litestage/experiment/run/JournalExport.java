package dev.litestage.experiment.run;

import dev.litestage.experiment.config.Experiment;
import dev.litestage.model.LanguageModel;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.runtime.ProfileDocument;
import dev.litestage.search.TrialSelection;
import dev.litestage.search.trial.TrialJournal;
import dev.litestage.search.trial.TrialResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Exports a trial of an experiment's journal as a profile without measuring anything again: a
 * trial named by its key, or the fastest trial within a given accuracy loss chosen by the run's
 * own selection rule ({@link TrialSelection}). The profile's speedup is the journal's latency
 * ratio on the selection split and says so in {@code results.speedup_measured}.
 */
public final class JournalExport {

    /**
     * What was exported.
     *
     * @param estimatedSpeedup the full-model trial's latency over the chosen trial's, from the journal
     */
    public record Exported(Path profile, Path journal, TrialResult full, TrialResult chosen, double estimatedSpeedup,
                           String split) {
    }

    private JournalExport() {
    }

    /** The trial {@code key} of {@code journal} written as a profile to {@code out}. */
    public static Exported byKey(Experiment exp, Path journal, String key, Path out) throws IOException {
        List<TrialResult> trials = trials(journal);
        TrialResult chosen = trials.stream().filter(t -> t.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(journal + ": no trial with key '" + key + "'"));
        return write(exp, journal, fullModel(journal, trials), chosen, out);
    }

    /** The fastest trial of {@code journal} within {@code points} accuracy points of the full model. */
    public static Exported fastestWithin(Experiment exp, Path journal, double points, Path out) throws IOException {
        if (!(points >= 0 && points <= 100)) {
            throw new IllegalArgumentException("--fastest-within: must be accuracy points in [0, 100], was " + points);
        }
        List<TrialResult> trials = trials(journal);
        TrialResult full = fullModel(journal, trials);
        TrialResult chosen = TrialSelection.fastestFeasible(trials, full, exp.search().toBuilder().epsilon(points / 100).build());
        return write(exp, journal, full, chosen, out);
    }

    private static List<TrialResult> trials(Path journal) throws IOException {
        if (!Files.isRegularFile(journal)) {
            throw new IllegalArgumentException("no trial journal at " + journal + ": run the experiment first");
        }
        try (TrialJournal open = TrialJournal.open(journal)) {
            return open.trials();
        }
    }

    private static TrialResult fullModel(Path journal, List<TrialResult> trials) {
        return trials.stream()
                .filter(t -> t.config().stages().stream().allMatch(s -> s.mask().isEmpty() && !s.earlyExit().enabled()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(journal + ": holds no full-model trial"));
    }

    private static Exported write(Experiment exp, Path journal, TrialResult full, TrialResult chosen, Path out)
            throws IOException {
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
        return new Exported(target, journal, full, chosen, estimate, split);
    }
}
