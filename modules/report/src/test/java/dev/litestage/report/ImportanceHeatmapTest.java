package dev.litestage.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapSeries;

class ImportanceHeatmapTest {

    @Test
    void sublayerNamesFollowExecutionOrder() {
        ImportanceMatrix matrix = ImportanceMatrix.ofLayers(List.of("recall"), 2, new double[][] {{0.9, 0.8, 0.7, 0.6}});
        assertEquals(List.of("attn:0", "mlp:0", "attn:1", "mlp:1"), matrix.sublayerNames());
        assertEquals(0.6, matrix.min(), 0);
        assertEquals(0.9, matrix.max(), 0);
    }

    @Test
    void valuesAreCopiedInAndOut() {
        double[][] values = {{0.5, 0.6}};
        ImportanceMatrix matrix = new ImportanceMatrix(List.of("recall"), List.of("attn:0", "mlp:0"), values);
        values[0][0] = 0;
        matrix.values()[0][1] = 0;
        assertArrayEquals(new double[] {0.5, 0.6}, matrix.values()[0]);
        assertEquals(matrix, new ImportanceMatrix(List.of("recall"), List.of("attn:0", "mlp:0"), new double[][] {{0.5, 0.6}}));
    }

    @Test
    void raggedMatrixIsRejectedNamingTheRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ImportanceMatrix(
                List.of("recall", "answer"), List.of("attn:0", "mlp:0"), new double[][] {{0.5, 0.6}, {0.5}}));
        assertEquals("importance matrix: row 'answer': expected 2 values (one per sublayer), found 1", e.getMessage());
    }

    @Test
    void firstRowIsDrawnAtTheTop() {
        // Row "recall" is all low similarity (strong colour), row "answer" all high (pale).
        ImportanceMatrix matrix = ImportanceMatrix.ofLayers(List.of("recall", "answer"), 2,
                new double[][] {{0.1, 0.1, 0.1, 0.1}, {0.9, 0.9, 0.9, 0.9}});
        ReportData data = SyntheticReports.sample(List.of("recall", "analysis", "answer"), List.of(), Optional.of(matrix));
        HeatMapChart chart = new ImportanceHeatmap().chart(data, ChartSize.DEFAULT);
        HeatMapSeries series = chart.getHeatMapSeries();
        assertEquals(List.of("answer", "recall"), series.getYData(), "XChart's y index 0 is the bottom row");

        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        int x = image.getWidth() / 3;
        int upper = darkness(image, x, image.getHeight() / 3);
        int lower = darkness(image, x, image.getHeight() * 2 / 3);
        assertTrue(upper > lower + 100, "upper row should be the strongly coloured one: " + upper + " vs " + lower);
        assertNotEquals(0, lower, "lower row is drawn, not background");
    }

    private static int darkness(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        return 3 * 255 - ((rgb >> 16) & 0xff) - ((rgb >> 8) & 0xff) - (rgb & 0xff);
    }
}
