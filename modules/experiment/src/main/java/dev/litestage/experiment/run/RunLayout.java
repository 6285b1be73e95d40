package dev.litestage.experiment.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Every file of a run, by name: the work folder ({@code runs/<experiment>}) holds what a resumed
 * run reuses, the report folder ({@code reports/<experiment>}) what a reader opens, and each file
 * that goes to MLflow has one artifact folder, so no two files can land on the same artifact path.
 *
 * @param workDir   state and search tables
 * @param reportDir the profile and the report
 */
public record RunLayout(Path workDir, Path reportDir) {

    /** MLflow artifact folder of the search's tables (journal-derived). */
    public static final String SEARCH_ARTIFACTS = "search";
    /** MLflow artifact folder of the report (HTML, plots, its own tables). */
    public static final String REPORT_ARTIFACTS = "report";
    /** MLflow artifact folder of the exported profile: the run's root. */
    public static final String PROFILE_ARTIFACTS = "";

    public RunLayout {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(reportDir, "reportDir");
    }

    /**
     * The trial journal (one JSON line per measured trial) of trials measured in {@code context}
     * ({@link TrialContext#digest()}): what makes a run resumable. Trials measured in another
     * context stay in their own journal and are never reused here.
     */
    public Path trialJournal(String context) {
        return workDir.resolve("trials-" + context + ".jsonl");
    }

    /**
     * The most recently written trial journal of the work folder (one per trial context), or the
     * name a journal would have when there is none, for the message that says so.
     */
    public Path newestTrialJournal() throws IOException {
        Path none = trialJournal("<context>");
        if (!Files.isDirectory(workDir)) {
            return none;
        }
        try (Stream<Path> files = Files.list(workDir)) {
            return files.filter(p -> p.getFileName().toString().matches("trials-[0-9a-f]+\\.jsonl"))
                    .max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .orElse(none);
        }
    }

    /** Sublayer importance per stage, measured on the calibration questions. */
    public Path importance() {
        return workDir.resolve("importance.csv");
    }

    /** The key of what {@link #importance()} was measured on; a different key measures again. */
    public Path importanceKey() {
        return workDir.resolve("importance.key");
    }

    /** The calibrated cost model, with the key of what it was calibrated on. */
    public Path costModel() {
        return workDir.resolve("cost-model.json");
    }

    /** Every trial of every strategy, one row each, all measured columns. */
    public Path searchTrials() {
        return workDir.resolve("search-trials.csv");
    }

    /** The non-dominated trials (latency, accuracy) of every strategy. */
    public Path paretoFront() {
        return workDir.resolve("pareto.csv");
    }

    /** Per-question results of an evaluation of {@code label} on {@code split}. */
    public Path evaluation(String label, String split) {
        return workDir.resolve("eval-" + label + "-" + split + ".csv");
    }

    /** The MLflow outbox folder: tracking calls not yet accepted by the server. */
    public Path trackingOutbox() {
        return workDir;
    }

    /** The exported profile. */
    public Path profile() {
        return reportDir.resolve("profile.json");
    }

    /** The stage-dependent sensitivity table, Markdown and CSV. */
    public Path sensitivityMarkdown() {
        return reportDir.resolve("sensitivity.md");
    }

    public Path sensitivityCsv() {
        return reportDir.resolve("sensitivity.csv");
    }
}
