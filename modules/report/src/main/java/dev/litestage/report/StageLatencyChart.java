package dev.litestage.report;

import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

/** {@code stage-latency.png}: mean latency per question of each stage, full model vs. profile. */
final class StageLatencyChart implements ReportPlot {

    static final String FILE = "stage-latency.png";

    @Override
    public String fileName() {
        return FILE;
    }

    @Override
    public String title() {
        return "Latency per stage";
    }

    @Override
    public boolean hasData(ReportData data) {
        return true;
    }

    @Override
    public CategoryChart chart(ReportData data, ChartSize size) {
        CategoryChart chart = ChartStyle.barChart(size, "Latency per stage: full model vs. profile", "stage",
                "mean latency per question (ms)");
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        List<String> stages = data.stages();
        CategorySeries full = chart.addSeries("full", stages, StageBars.values(stages, data.full().stageLatencyMs()));
        full.setLabel(data.full().label());
        CategorySeries profile = chart.addSeries("profile", stages,
                StageBars.values(stages, data.profile().stageLatencyMs()));
        profile.setLabel(data.profile().label());
        return chart;
    }

    @Override
    public String altText(ReportData data) {
        StringBuilder text = new StringBuilder("Grouped bar chart of mean latency per question in ms for each stage. ");
        for (String stage : data.stages()) {
            text.append(String.format(Locale.ROOT, "%s: %s %.1f ms, %s %.1f ms. ", stage, data.full().label(),
                    data.full().stageLatencyMs().get(stage), data.profile().label(),
                    data.profile().stageLatencyMs().get(stage)));
        }
        return text.toString().trim();
    }

    @Override
    public String caption(ReportData data) {
        return "Mean wall-clock latency per question spent in each stage (prefill and decoding),"
                + " for the full model and for the chosen profile. Lower is better.";
    }
}
