package dev.litestage.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code tradeoff.png}: every search trial in latency-accuracy space, one colour and marker per
 * strategy, the Pareto front as a step line, the chosen profile ringed, the full model as a
 * diamond and the accuracy target as a dashed horizontal line.
 */
final class TradeoffChart implements ReportPlot {

    static final String FILE = "tradeoff.png";

    /** Series names, so tests and callers can find the highlighted series. */
    static final String PARETO_SERIES = "Pareto front";
    static final String FULL_MODEL_SERIES = "full model";
    static final String CHOSEN_SERIES = "chosen profile";
    static final String TARGET_SERIES = "accuracy target";

    /** Fixed looks for the strategies the project knows, so every report uses the same legend. */
    private static final Map<String, Look> KNOWN = knownLooks();

    /** Colours for strategies the project does not know, in order of first appearance. */
    private static final Color[] OTHER_COLOURS = {
        new Color(0xe377c2), new Color(0xbcbd22), new Color(0x17becf), new Color(0x7f3b08)};

    private record Look(Color colour, Marker marker) {
    }

    private static Map<String, Look> knownLooks() {
        Map<String, Look> looks = new LinkedHashMap<>();
        looks.put("greedy", new Look(new Color(0x1f77b4), SeriesMarkers.CIRCLE));
        looks.put("genetic", new Look(new Color(0xff7f0e), SeriesMarkers.CIRCLE));
        looks.put("pareto", new Look(new Color(0x2ca02c), SeriesMarkers.CIRCLE));
        looks.put("none", new Look(new Color(0x555555), SeriesMarkers.SQUARE));
        looks.put("uniform", new Look(new Color(0x9467bd), SeriesMarkers.TRIANGLE_UP));
        looks.put("adaskip", new Look(new Color(0x8c564b), SeriesMarkers.TRIANGLE_DOWN));
        return looks;
    }

    @Override
    public String fileName() {
        return FILE;
    }

    @Override
    public String title() {
        return "Latency-accuracy trade-off of the search";
    }

    @Override
    public boolean hasData(ReportData data) {
        return !data.trials().isEmpty();
    }

    @Override
    public XYChart chart(ReportData data, ChartSize size) {
        XYChart chart = ChartStyle.xyChart(size, "Search trials: latency vs. accuracy",
                "end-to-end latency per question (ms)", "accuracy (%)");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setYAxisDecimalPattern("0.#");

        Map<String, List<TrialPoint>> byStrategy = byStrategy(data.trials());
        int other = 0;
        for (Map.Entry<String, List<TrialPoint>> entry : byStrategy.entrySet()) {
            Look look = KNOWN.get(entry.getKey().toLowerCase(Locale.ROOT));
            if (look == null) {
                look = new Look(OTHER_COLOURS[other++ % OTHER_COLOURS.length], SeriesMarkers.DIAMOND);
            }
            List<TrialPoint> points = entry.getValue();
            // Series names must be unique; the prefix keeps a strategy called e.g. "full model" apart.
            XYSeries series = chart.addSeries("trials/" + entry.getKey(), latencies(points), accuracies(points));
            series.setLabel(entry.getKey() + " (" + points.size() + ")");
            series.setMarker(look.marker());
            series.setMarkerColor(translucent(look.colour()));
        }

        List<TrialPoint> front = data.trials().stream().filter(TrialPoint::pareto).toList();
        if (!front.isEmpty()) {
            double[][] steps = staircase(front);
            XYSeries series = chart.addSeries(PARETO_SERIES, steps[0], steps[1]);
            series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(Color.BLACK);
            series.setLineWidth(1.6f);
        }

        double minX = data.full().totalLatencyMs();
        double maxX = minX;
        for (TrialPoint trial : data.trials()) {
            minX = Math.min(minX, trial.latencyMs());
            maxX = Math.max(maxX, trial.latencyMs());
        }
        if (maxX == minX) {
            // A zero-length line would not show; give it some width around the single latency.
            minX *= 0.95;
            maxX *= 1.05;
        }
        XYSeries target = chart.addSeries(TARGET_SERIES, new double[] {minX, maxX},
                new double[] {data.accuracyTarget(), data.accuracyTarget()});
        target.setLabel(String.format(Locale.ROOT, "accuracy target (%.1f%%)", data.accuracyTarget()));
        target.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        target.setMarker(SeriesMarkers.NONE);
        target.setLineColor(new Color(0xb2182b));
        target.setLineStyle(ChartStyle.DASHED);

        XYSeries full = chart.addSeries(FULL_MODEL_SERIES, new double[] {data.full().totalLatencyMs()},
                new double[] {data.full().accuracy()});
        full.setLabel(data.full().label());
        full.setMarker(SizedMarker.diamond(16));
        full.setMarkerColor(Color.BLACK);

        data.chosenTrial().ifPresent(chosen -> {
            XYSeries series = chart.addSeries(CHOSEN_SERIES, new double[] {chosen.latencyMs()},
                    new double[] {chosen.accuracy()});
            series.setLabel("chosen: " + chosen.name());
            series.setMarker(SizedMarker.ring(20, 3f));
            series.setMarkerColor(new Color(0xd6004d));
        });
        return chart;
    }

    @Override
    public String missingDataNote() {
        return "No search trials were recorded, so the trade-off plot is left out.";
    }

    @Override
    public String altText(ReportData data) {
        Map<String, List<TrialPoint>> byStrategy = byStrategy(data.trials());
        long front = data.trials().stream().filter(TrialPoint::pareto).count();
        return String.format(Locale.ROOT, "Scatter plot of %d search trials from %d strategies (%s): end-to-end"
                        + " latency per question in ms against accuracy in percent, with a %d-point Pareto front,"
                        + " the full model at %.1f ms and %.1f%%, and the accuracy target at %.1f%%%s.",
                data.trials().size(), byStrategy.size(), String.join(", ", byStrategy.keySet()), front,
                data.full().totalLatencyMs(), data.full().accuracy(), data.accuracyTarget(),
                data.chosenTrial().map(c -> String.format(Locale.ROOT, "; the chosen profile %s is at %.1f ms"
                        + " and %.1f%%", c.name(), c.latencyMs(), c.accuracy())).orElse(""));
    }

    @Override
    public String caption(ReportData data) {
        return "Each point is one candidate the search evaluated (colour and marker: strategy; count in the legend)."
                + " Up and to the left is better. The black step line is the Pareto front: the best accuracy"
                + " reachable within a latency budget. The ring marks the chosen profile, the diamond the full"
                + " model, and the dashed line the accuracy target.";
    }

    /**
     * The Pareto front as a staircase: sorted by latency, each point's accuracy holds until the
     * next point's latency. Returns {@code {xs, ys}}.
     */
    static double[][] staircase(List<TrialPoint> front) {
        List<TrialPoint> sorted = new ArrayList<>(front);
        sorted.sort(Comparator.comparingDouble(TrialPoint::latencyMs).thenComparingDouble(TrialPoint::accuracy));
        double[] xs = new double[2 * sorted.size() - 1];
        double[] ys = new double[xs.length];
        for (int i = 0; i < sorted.size(); i++) {
            xs[2 * i] = sorted.get(i).latencyMs();
            ys[2 * i] = sorted.get(i).accuracy();
            if (i + 1 < sorted.size()) {
                xs[2 * i + 1] = sorted.get(i + 1).latencyMs();
                ys[2 * i + 1] = sorted.get(i).accuracy();
            }
        }
        return new double[][] {xs, ys};
    }

    /** Trials grouped by strategy: known strategies in fixed order, then others as they appear. */
    static Map<String, List<TrialPoint>> byStrategy(List<TrialPoint> trials) {
        Map<String, List<TrialPoint>> groups = new LinkedHashMap<>();
        for (String known : KNOWN.keySet()) {
            for (TrialPoint trial : trials) {
                if (trial.strategy().equalsIgnoreCase(known)) {
                    groups.computeIfAbsent(trial.strategy(), k -> new ArrayList<>()).add(trial);
                }
            }
        }
        for (TrialPoint trial : trials) {
            if (!KNOWN.containsKey(trial.strategy().toLowerCase(Locale.ROOT))) {
                groups.computeIfAbsent(trial.strategy(), k -> new ArrayList<>()).add(trial);
            }
        }
        return groups;
    }

    private static Color translucent(Color colour) {
        return new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 190);
    }

    private static double[] latencies(List<TrialPoint> points) {
        return points.stream().mapToDouble(TrialPoint::latencyMs).toArray();
    }

    private static double[] accuracies(List<TrialPoint> points) {
        return points.stream().mapToDouble(TrialPoint::accuracy).toArray();
    }
}
