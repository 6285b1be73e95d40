package dev.litestage.report;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one experiment report shows. Plain values only, so that callers map their own
 * search results onto it. Accuracies are percentages in [0, 100]; latencies are mean milliseconds
 * per question.
 *
 * @param experiment    the experiment's name (report title)
 * @param model         the model's identity, e.g. {@code TinyLlama-1.1B-Chat-v1.0 (sha256 3f2a...)}
 * @param dataset       the dataset's name
 * @param split         the split the summary was measured on, e.g. {@code test}
 * @param date          when the experiment ran, as it should be shown
 * @param full          the full model (nothing skipped, no early exit)
 * @param profile       the chosen profile
 * @param accuracyTarget the accuracy the search had to keep, in percent, in [0, 100]
 * @param trials        every candidate the search evaluated, baselines included; may be empty, in
 *                      which case the trade-off plot is left out
 * @param stages        the stage names in pipeline order; non-empty, distinct
 * @param chosenProfile what the profile does in each stage; exactly one entry per stage
 * @param importance    the sublayer importance heatmap's data, or empty when none was measured (the
 *                      heatmap is then left out)
 * @param tables        extra tables shown after the figures, in order
 * @param provenance    where the results come from, shown in the footer in order, e.g.
 *                      {@code git commit}, {@code MLflow run id}, {@code tracking URI}
 * @param measuredSpeedup the speedup timed by running full model and profile against each other;
 *                      the headline when present, else the latency ratio {@link #speedup()} is
 */
public record ReportData(String experiment, String model, String dataset, String split, String date,
                         SummaryRow full, SummaryRow profile, double accuracyTarget,
                         List<TrialPoint> trials, List<String> stages, List<StageSkips> chosenProfile,
                         Optional<ImportanceMatrix> importance, List<ReportTable> tables,
                         Map<String, String> provenance, Optional<MeasuredSpeedup> measuredSpeedup) {

    public ReportData {
        Objects.requireNonNull(experiment, "experiment");
        if (experiment.isBlank()) {
            throw new IllegalArgumentException("report: field experiment: must not be blank");
        }
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(full, "full");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(importance, "importance");
        Objects.requireNonNull(measuredSpeedup, "measuredSpeedup");
        if (!(accuracyTarget >= 0 && accuracyTarget <= 100)) {
            throw new IllegalArgumentException("report: field accuracyTarget: expected a percentage in [0, 100],"
                    + " found " + accuracyTarget);
        }
        trials = List.copyOf(trials);
        stages = List.copyOf(stages);
        chosenProfile = List.copyOf(chosenProfile);
        tables = List.copyOf(tables);
        provenance = copyProvenance(provenance);

        checkStages(stages);
        checkCoversStages(full, "stageLatencyMs", full.stageLatencyMs().keySet(), stages);
        checkCoversStages(full, "stageTokens", full.stageTokens().keySet(), stages);
        checkCoversStages(profile, "stageLatencyMs", profile.stageLatencyMs().keySet(), stages);
        checkCoversStages(profile, "stageTokens", profile.stageTokens().keySet(), stages);
        checkKnown(full, "stageEarlyExits", full.stageEarlyExits().keySet(), stages);
        checkKnown(profile, "stageEarlyExits", profile.stageEarlyExits().keySet(), stages);
        checkChosenProfile(chosenProfile, stages);
        long chosen = trials.stream().filter(TrialPoint::chosen).count();
        if (chosen > 1) {
            throw new IllegalArgumentException("report: field trials: expected at most one chosen trial, found "
                    + chosen);
        }
    }

    /** A report without a separately measured speedup: the headline is the latency ratio. */
    public ReportData(String experiment, String model, String dataset, String split, String date,
                      SummaryRow full, SummaryRow profile, double accuracyTarget,
                      List<TrialPoint> trials, List<String> stages, List<StageSkips> chosenProfile,
                      Optional<ImportanceMatrix> importance, List<ReportTable> tables,
                      Map<String, String> provenance) {
        this(experiment, model, dataset, split, date, full, profile, accuracyTarget, trials, stages, chosenProfile,
                importance, tables, provenance, Optional.empty());
    }

    /** This report with {@code speedup} as its headline. */
    public ReportData withMeasuredSpeedup(MeasuredSpeedup speedup) {
        return new ReportData(experiment, model, dataset, split, date, full, profile, accuracyTarget, trials, stages,
                chosenProfile, importance, tables, provenance, Optional.of(speedup));
    }

    /** End-to-end speedup of the profile over the full model: full latency / profile latency. */
    public double speedup() {
        return full.totalLatencyMs() / profile.totalLatencyMs();
    }

    /**
     * Accuracy given up by the profile, in percentage points: full accuracy minus profile accuracy
     * (negative when the profile is more accurate).
     */
    public double accuracyLossPoints() {
        return full.accuracy() - profile.accuracy();
    }

    /** The trial marked as chosen, if any. */
    public Optional<TrialPoint> chosenTrial() {
        return trials.stream().filter(TrialPoint::chosen).findFirst();
    }

    /** The chosen profile's entry for a stage. */
    public StageSkips chosenProfileOf(String stage) {
        return chosenProfile.stream().filter(s -> s.stage().equals(stage)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no chosen profile entry for stage '" + stage + "'"));
    }

    /** Whether either summary row reports early-exit counts. */
    public boolean hasEarlyExitCounts() {
        return !full.stageEarlyExits().isEmpty() || !profile.stageEarlyExits().isEmpty();
    }

    private static Map<String, String> copyProvenance(Map<String, String> provenance) {
        Objects.requireNonNull(provenance, "provenance");
        Map<String, String> copy = new LinkedHashMap<>();
        provenance.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("report: field provenance: null key or value for key '" + key + "'");
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static void checkStages(List<String> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("report: field stages: expected at least one stage");
        }
        Set<String> seen = new HashSet<>();
        for (String stage : stages) {
            if (stage.isBlank()) {
                throw new IllegalArgumentException("report: field stages: stage names must not be blank");
            }
            if (!seen.add(stage)) {
                throw new IllegalArgumentException("report: field stages: duplicate stage '" + stage + "'");
            }
        }
    }

    private static void checkCoversStages(SummaryRow row, String field, Set<String> keys, List<String> stages) {
        for (String stage : stages) {
            if (!keys.contains(stage)) {
                throw new IllegalArgumentException("summary row '" + row.label() + "': field " + field
                        + ": missing stage '" + stage + "'");
            }
        }
        checkKnown(row, field, keys, stages);
    }

    private static void checkKnown(SummaryRow row, String field, Set<String> keys, List<String> stages) {
        for (String key : keys) {
            if (!stages.contains(key)) {
                throw new IllegalArgumentException("summary row '" + row.label() + "': field " + field
                        + ": unknown stage '" + key + "' (stages are " + stages + ")");
            }
        }
    }

    private static void checkChosenProfile(List<StageSkips> chosenProfile, List<String> stages) {
        Set<String> seen = new HashSet<>();
        for (StageSkips skips : chosenProfile) {
            if (!stages.contains(skips.stage())) {
                throw new IllegalArgumentException("report: field chosenProfile: unknown stage '" + skips.stage()
                        + "' (stages are " + stages + ")");
            }
            if (!seen.add(skips.stage())) {
                throw new IllegalArgumentException("report: field chosenProfile: duplicate stage '" + skips.stage() + "'");
            }
        }
        for (String stage : stages) {
            if (!seen.contains(stage)) {
                throw new IllegalArgumentException("report: field chosenProfile: missing stage '" + stage + "'");
            }
        }
    }
}
