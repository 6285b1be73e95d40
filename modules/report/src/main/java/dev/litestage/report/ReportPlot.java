package dev.litestage.report;

import org.knowm.xchart.internal.chartpart.Chart;

/** One PNG plot of the report: whether it can be drawn, how, and how the page describes it. */
interface ReportPlot {

    /** The PNG's file name inside the report directory. */
    String fileName();

    /** The figure's heading on the page. */
    String title();

    /** Whether the data holds what the plot needs; a plot without data is left out of the report. */
    boolean hasData(ReportData data);

    /** The sentence the page shows in place of the plot when {@link #hasData} does not hold. */
    default String missingDataNote() {
        return title() + ": no data, so the plot is left out.";
    }

    /** The chart; only called when {@link #hasData} holds. */
    Chart<?, ?> chart(ReportData data, ChartSize size);

    /** The image's alternative text: what the plot shows, for readers who cannot see it. */
    String altText(ReportData data);

    /** The caption under the figure: how to read it. */
    String caption(ReportData data);
}
