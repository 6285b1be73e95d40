package dev.litestage.report;

/**
 * A plot the writer has written, as the page shows it.
 *
 * @param file    the PNG's file name, relative to the page
 * @param title   the figure's heading
 * @param alt     the image's alternative text
 * @param caption the caption under the image
 * @param size    the image's pixel size
 */
record Figure(String file, String title, String alt, String caption, ChartSize size) {
}
