package dev.litestage.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapSeries;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;

/**
 * {@code importance.png}: cosine similarity between each sublayer's input and output, one row per
 * stage (plus any aggregate row), one column per sublayer. Strongly coloured cells change the
 * hidden state most; pale cells are the skipping candidates.
 */
final class ImportanceHeatmap implements ReportPlot {

    static final String FILE = "importance.png";

    /** Above this many columns the cells are too narrow to print their values. */
    static final int MAX_COLUMNS_WITH_VALUES = 24;

    /**
     * Strong orange (low similarity: important) to pale (high similarity: skippable). The dark end
     * stays light enough for black cell values to remain readable (contrast about 5:1).
     */
    private static final Color[] RANGE = {
        new Color(0xd94801), new Color(0xf16913), new Color(0xfd8d3c), new Color(0xfdd0a2), new Color(0xfff5eb)};

    @Override
    public String fileName() {
        return FILE;
    }

    @Override
    public String title() {
        return "Sublayer importance per stage";
    }

    @Override
    public boolean hasData(ReportData data) {
        return data.importance().isPresent();
    }

    @Override
    public HeatMapChart chart(ReportData data, ChartSize size) {
        ImportanceMatrix matrix = data.importance().orElseThrow();
        ChartStyle.ensureHeadless();
        // XChart 3.8.8's HeatMapChart(width, height) leaves the styler without fonts and colours and
        // paints a blank image; only the themed constructor initialises it.
        HeatMapChart chart = new HeatMapChart(size.width(), size.height(), Styler.ChartTheme.XChart);
        chart.setTitle("Sublayer importance: cosine similarity of input and output");
        chart.setXAxisTitle("sublayer (in execution order)");
        chart.setYAxisTitle("stage");
        HeatMapStyler styler = chart.getStyler();
        ChartStyle.apply(styler);
        styler.setRangeColors(RANGE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setPlotGridLinesVisible(false);
        styler.setXAxisLabelRotation(matrix.sublayerNames().size() > 12 ? 90 : 0);
        boolean showValues = matrix.sublayerNames().size() <= MAX_COLUMNS_WITH_VALUES;
        styler.setShowValue(showValues);
        styler.setHeatMapValueDecimalPattern("0.00");
        styler.setValueFont(ChartStyle.LABEL_FONT);
        styler.setValueFontColor(Color.BLACK);

        // XChart draws y index 0 at the bottom; rows are listed top to bottom, so reverse them.
        int rows = matrix.rowNames().size();
        List<String> yNames = new ArrayList<>(matrix.rowNames());
        Collections.reverse(yNames);
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < matrix.sublayerNames().size(); c++) {
                cells.add(new Number[] {c, rows - 1 - r, matrix.value(r, c)});
            }
        }
        HeatMapSeries series = chart.addSeries("cosine similarity", matrix.sublayerNames(), yNames, cells);
        // XChart prints the colour range's ends with Double.toString, so round them outwards to three
        // decimals; a constant matrix still needs a non-empty range.
        double min = Math.floor(matrix.min() * 1000) / 1000;
        double max = Math.ceil(matrix.max() * 1000) / 1000;
        series.setMin(min);
        series.setMax(max > min ? max : min + 0.001);
        return chart;
    }

    @Override
    public String missingDataNote() {
        return "No sublayer importance was measured, so the importance heatmap is left out.";
    }

    @Override
    public String altText(ReportData data) {
        ImportanceMatrix matrix = data.importance().orElseThrow();
        return String.format(Locale.ROOT, "Heatmap of input-output cosine similarity for %d sublayers (columns)"
                        + " in %d rows (%s); values range from %.3f to %.3f.",
                matrix.sublayerNames().size(), matrix.rowNames().size(), String.join(", ", matrix.rowNames()),
                matrix.min(), matrix.max());
    }

    @Override
    public String caption(ReportData data) {
        return "Cosine similarity between each sublayer's input and output hidden states, averaged over the"
                + " stage's tokens. Values near 1 (pale) mean the sublayer barely changes the residual stream"
                + " and is a candidate for skipping; strongly coloured cells matter most.";
    }
}
