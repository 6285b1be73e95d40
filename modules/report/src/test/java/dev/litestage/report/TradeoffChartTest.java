package dev.litestage.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class TradeoffChartTest {

    @Test
    void paretoFrontIsAStaircaseInLatencyOrder() {
        List<TrialPoint> front = List.of(new TrialPoint("c", "genetic", 900, 72, true, false),
                new TrialPoint("a", "greedy", 300, 60, true, false),
                new TrialPoint("b", "pareto", 500, 68, true, false));
        double[][] steps = TradeoffChart.staircase(front);
        assertArrayEquals(new double[] {300, 500, 500, 900, 900}, steps[0]);
        assertArrayEquals(new double[] {60, 60, 68, 68, 72}, steps[1]);
    }

    @Test
    void oneSeriesPerStrategyInFixedOrderPlusTheHighlights() {
        ReportData data = SyntheticReports.sample();
        XYChart chart = new TradeoffChart().chart(data, ChartSize.DEFAULT);
        Map<String, XYSeries> series = chart.getSeriesMap();

        assertEquals(List.of("trials/greedy", "trials/genetic", "trials/pareto", "trials/none", "trials/uniform",
                        "trials/adaskip", TradeoffChart.PARETO_SERIES, TradeoffChart.TARGET_SERIES,
                        TradeoffChart.FULL_MODEL_SERIES, TradeoffChart.CHOSEN_SERIES),
                List.copyOf(series.keySet()));
        assertEquals("genetic (91)", series.get("trials/genetic").getLabel());
        assertEquals("accuracy target (70.0%)", series.get(TradeoffChart.TARGET_SERIES).getLabel());
        assertEquals(400, series.get(TradeoffChart.CHOSEN_SERIES).getXMin(), 0);
        assertEquals(71.0, series.get(TradeoffChart.CHOSEN_SERIES).getYMax(), 0);
        assertEquals(1000, series.get(TradeoffChart.FULL_MODEL_SERIES).getXMin(), 0);
        XYSeries target = series.get(TradeoffChart.TARGET_SERIES);
        assertEquals(70, target.getYMin(), 0);
        assertEquals(70, target.getYMax(), 0);
        double fastest = data.trials().stream().mapToDouble(TrialPoint::latencyMs).min().orElseThrow();
        assertEquals(fastest, target.getXMin(), 0, "the target line spans all trials");
    }

    @Test
    void unknownStrategiesFollowTheKnownOnesAndNoChosenTrialMeansNoRing() {
        List<TrialPoint> trials = List.of(new TrialPoint("x1", "random", 500, 60, false, false),
                new TrialPoint("g1", "greedy", 400, 65, true, false));
        ReportData data = SyntheticReports.sample(SyntheticReports.STAGES, trials, Optional.empty());
        XYChart chart = new TradeoffChart().chart(data, ChartSize.DEFAULT);

        assertEquals(List.of("greedy", "random"), List.copyOf(TradeoffChart.byStrategy(trials).keySet()));
        assertTrue(chart.getSeriesMap().containsKey("trials/random"));
        assertFalse(chart.getSeriesMap().containsKey(TradeoffChart.CHOSEN_SERIES));
    }
}
