package dev.litestage.report;

/**
 * The pixel size of every plot of a report.
 *
 * @param width  width in pixels, {@code >= 200}
 * @param height height in pixels, {@code >= 150}
 */
public record ChartSize(int width, int height) {

    /** The default size, 900 x 560: readable on screen and in a two-column paper figure. */
    public static final ChartSize DEFAULT = new ChartSize(900, 560);

    public ChartSize {
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException("chart size must be at least 200 x 150 pixels, was "
                    + width + " x " + height);
        }
    }
}
