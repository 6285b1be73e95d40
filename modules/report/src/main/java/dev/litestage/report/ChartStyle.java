package dev.litestage.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The look shared by all plots of a report: fonts, colours, white background. Every chart is made
 * here, after switching AWT to headless mode, because reports are written on servers without a
 * display.
 */
final class ChartStyle {

    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    static final Font AXIS_TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    /** The full model's colour in every plot. */
    static final Color FULL_MODEL = new Color(0x4d4d4d);
    /** The chosen profile's colour in every plot. */
    static final Color PROFILE = new Color(0xd6604d);

    static final Color GRID = new Color(0xdddddd);
    static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 6f}, 0f);

    private ChartStyle() {
    }

    /**
     * Makes AWT run headless unless the JVM was told otherwise. Must run before AWT starts, hence
     * before any chart is made.
     */
    static void ensureHeadless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** An empty XY chart with the report's look. */
    static XYChart xyChart(ChartSize size, String title, String xAxisTitle, String yAxisTitle) {
        ensureHeadless();
        XYChart chart = new XYChart(size.width(), size.height());
        chart.setTitle(title);
        chart.setXAxisTitle(xAxisTitle);
        chart.setYAxisTitle(yAxisTitle);
        apply(chart.getStyler());
        return chart;
    }

    /** An empty grouped-bar chart with the report's look. */
    static CategoryChart barChart(ChartSize size, String title, String xAxisTitle, String yAxisTitle) {
        ensureHeadless();
        CategoryChart chart = new CategoryChart(size.width(), size.height());
        chart.setTitle(title);
        chart.setXAxisTitle(xAxisTitle);
        chart.setYAxisTitle(yAxisTitle);
        apply(chart.getStyler());
        chart.getStyler().setSeriesColors(new Color[] {FULL_MODEL, PROFILE});
        chart.getStyler().setAvailableSpaceFill(0.7);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(LABEL_FONT);
        // Below the plot, so the legend never hides a tall bar.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        return chart;
    }

    static void apply(AxesChartStyler styler) {
        styler.setLocale(Locale.ROOT);
        styler.setChartTitleFont(TITLE_FONT);
        styler.setAxisTitleFont(AXIS_TITLE_FONT);
        styler.setAxisTickLabelsFont(TICK_FONT);
        styler.setLegendFont(LEGEND_FONT);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(new Color(0x999999));
        styler.setPlotGridLinesColor(GRID);
        styler.setLegendBorderColor(new Color(0xbbbbbb));
        styler.setChartPadding(12);
        styler.setAntiAlias(true);
    }
}
