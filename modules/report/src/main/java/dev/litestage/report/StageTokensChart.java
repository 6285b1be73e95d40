package dev.litestage.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

/**
 * {@code stage-tokens.png}: mean tokens generated per question in each stage, full model vs.
 * profile. Skipping sublayers tends to lengthen a stage's output and early exit shortens it; the
 * category labels state the net change and, when given, the profile's early-exit count.
 */
final class StageTokensChart implements ReportPlot {

    static final String FILE = "stage-tokens.png";

    @Override
    public String fileName() {
        return FILE;
    }

    @Override
    public String title() {
        return "Tokens generated per stage";
    }

    @Override
    public boolean hasData(ReportData data) {
        return true;
    }

    @Override
    public CategoryChart chart(ReportData data, ChartSize size) {
        CategoryChart chart = ChartStyle.barChart(size, "Tokens generated per stage: full model vs. profile",
                "stage (profile's change in tokens" + (data.hasEarlyExitCounts() ? ", early exits)" : ")"),
                "mean tokens generated per question");
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        List<String> labels = categoryLabels(data);
        CategorySeries full = chart.addSeries("full", labels,
                StageBars.values(data.stages(), data.full().stageTokens()));
        full.setLabel(data.full().label());
        CategorySeries profile = chart.addSeries("profile", labels,
                StageBars.values(data.stages(), data.profile().stageTokens()));
        profile.setLabel(data.profile().label());
        return chart;
    }

    /** One x-axis label per stage: its name, the token change and the profile's early exits. */
    static List<String> categoryLabels(ReportData data) {
        List<String> labels = new ArrayList<>();
        for (String stage : data.stages()) {
            StringBuilder label = new StringBuilder(stage).append(" (")
                    .append(StageBars.change(data.full().stageTokens().get(stage),
                            data.profile().stageTokens().get(stage)));
            Integer exits = data.profile().stageEarlyExits().get(stage);
            if (exits != null) {
                label.append(", ").append(exits).append(exits == 1 ? " exit" : " exits");
            }
            labels.add(label.append(')').toString());
        }
        return labels;
    }

    @Override
    public String altText(ReportData data) {
        StringBuilder text = new StringBuilder("Grouped bar chart of mean tokens generated per question for each stage. ");
        for (String stage : data.stages()) {
            text.append(String.format(Locale.ROOT, "%s: %s %.1f, %s %.1f", stage, data.full().label(),
                    data.full().stageTokens().get(stage), data.profile().label(),
                    data.profile().stageTokens().get(stage)));
            Integer exits = data.profile().stageEarlyExits().get(stage);
            if (exits != null) {
                text.append(", ").append(exits).append(" early exits");
            }
            text.append(". ");
        }
        return text.toString().trim();
    }

    @Override
    public String caption(ReportData data) {
        return "Mean number of tokens each stage generates per question. Skipped sublayers can make a stage"
                + " ramble (more tokens); confidence early exit cuts stages short (fewer tokens). The label under"
                + " each stage gives the profile's net change"
                + (data.hasEarlyExitCounts() ? " and the number of questions on which the stage exited early." : ".");
    }
}
