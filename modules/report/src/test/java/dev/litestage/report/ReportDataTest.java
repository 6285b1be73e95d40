package dev.litestage.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportDataTest {

    private static final List<String> STAGES = List.of("recall", "analysis");

    @Test
    void derivesSpeedupAndAccuracyLoss() {
        ReportData data = SyntheticReports.sample();
        assertEquals(2.5, data.speedup(), 1e-12);
        assertEquals(1.5, data.accuracyLossPoints(), 1e-12);
        assertEquals("genetic-191", data.chosenTrial().orElseThrow().name());
        assertEquals(List.of(12, 13), data.chosenProfileOf("analysis").attn());
    }

    @Test
    void summaryRowMustCoverEveryStage() {
        SummaryRow partial = row("profile", Map.of("recall", 1.0), Map.of("recall", 1.0, "analysis", 2.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> data(partial, List.of()));
        assertEquals("summary row 'profile': field stageLatencyMs: missing stage 'analysis'", e.getMessage());
    }

    @Test
    void summaryRowMustNotNameUnknownStages() {
        Map<String, Double> extra = new LinkedHashMap<>(Map.of("recall", 1.0, "analysis", 2.0));
        extra.put("answr", 3.0);
        SummaryRow row = row("profile", Map.of("recall", 1.0, "analysis", 2.0), extra);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> data(row, List.of()));
        assertTrue(e.getMessage().startsWith("summary row 'profile': field stageTokens: unknown stage 'answr'"),
                e.getMessage());
    }

    @Test
    void atMostOneTrialIsChosen() {
        List<TrialPoint> trials = List.of(new TrialPoint("a", "greedy", 10, 50, true, true),
                new TrialPoint("b", "greedy", 20, 60, true, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> data(row("profile", perStage(), perStage()), trials));
        assertEquals("report: field trials: expected at most one chosen trial, found 2", e.getMessage());
    }

    @Test
    void chosenProfileMustCoverEveryStageOnce() {
        SummaryRow profile = row("profile", perStage(), perStage());
        SummaryRow full = row("full", perStage(), perStage());
        List<StageSkips> missing = List.of(new StageSkips("recall", List.of(), List.of(), "off"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReportData("x", "m", "d",
                "s", "today", full, profile, 50, List.of(), STAGES, missing, Optional.empty(), List.of(), Map.of()));
        assertEquals("report: field chosenProfile: missing stage 'analysis'", e.getMessage());
    }

    @Test
    void valueTypesRejectBadNumbersNamingTheField() {
        IllegalArgumentException accuracy = assertThrows(IllegalArgumentException.class,
                () -> new TrialPoint("g-1", "greedy", 100, 0.715 * 1000, false, false));
        assertEquals("trial 'g-1': field accuracy: expected a percentage in [0, 100], found 715.0",
                accuracy.getMessage());
        IllegalArgumentException latency = assertThrows(IllegalArgumentException.class,
                () -> new TrialPoint("g-2", "greedy", Double.NaN, 50, false, false));
        assertTrue(latency.getMessage().startsWith("trial 'g-2': field latencyMs:"), latency.getMessage());
        IllegalArgumentException tokens = assertThrows(IllegalArgumentException.class,
                () -> row("full", perStage(), Map.of("recall", -1.0, "analysis", 2.0)));
        assertTrue(tokens.getMessage().startsWith("summary row 'full': field stageTokens.recall:"), tokens.getMessage());
    }

    @Test
    void reportTableRowsMustMatchTheHeader() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReportTable("Ablation", "",
                List.of("variant", "accuracy"), List.of(List.of("no early exit", "70.1%"), List.of("no skipping"))));
        assertEquals("table 'Ablation' row 2: expected 2 cells (one per column), found 1", e.getMessage());
    }

    @Test
    void collectionsAreCopiedIn() {
        List<TrialPoint> trials = new ArrayList<>(List.of(new TrialPoint("a", "greedy", 10, 50, true, false)));
        ReportData data = data(row("profile", perStage(), perStage()), trials);
        trials.clear();
        assertEquals(1, data.trials().size());
        assertThrows(UnsupportedOperationException.class, () -> data.trials().clear());
    }

    private static Map<String, Double> perStage() {
        return Map.of("recall", 1.0, "analysis", 2.0);
    }

    private static SummaryRow row(String label, Map<String, Double> latency, Map<String, Double> tokens) {
        return new SummaryRow(label, 60, latency, tokens, Map.of(), 3.0);
    }

    private static ReportData data(SummaryRow profile, List<TrialPoint> trials) {
        SummaryRow full = row("full", perStage(), perStage());
        List<StageSkips> chosen = List.of(new StageSkips("recall", List.of(), List.of(), "off"),
                new StageSkips("analysis", List.of(1), List.of(), "off"));
        return new ReportData("x", "m", "d", "s", "today", full, profile, 50, trials, STAGES, chosen,
                Optional.empty(), List.of(), Map.of());
    }
}
