package dev.litestage.report;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Per-stage sublayer importance: for each row (a stage, or an aggregate row such as
 * {@code all stages}) and each sublayer, the cosine similarity between the sublayer's input and
 * output hidden states. A similarity near 1 means the sublayer barely changes the residual stream
 * and is a candidate for skipping.
 *
 * <p>Immutable: the value array is copied in and out.
 *
 * @param rowNames      the rows, top to bottom, e.g. the stage names plus {@code all stages}
 * @param sublayerNames the columns in execution order, e.g. {@code attn:0, mlp:0, attn:1, ...}
 * @param values        {@code values[row][column]}, finite, one row per row name and one column
 *                      per sublayer name
 */
public record ImportanceMatrix(List<String> rowNames, List<String> sublayerNames, double[][] values) {

    public ImportanceMatrix {
        rowNames = List.copyOf(rowNames);
        sublayerNames = List.copyOf(sublayerNames);
        Objects.requireNonNull(values, "values");
        if (rowNames.isEmpty() || sublayerNames.isEmpty()) {
            throw new IllegalArgumentException("importance matrix: expected at least one row and one sublayer,"
                    + " found " + rowNames.size() + " rows and " + sublayerNames.size() + " sublayers");
        }
        if (values.length != rowNames.size()) {
            throw new IllegalArgumentException("importance matrix: field values: expected " + rowNames.size()
                    + " rows (one per row name), found " + values.length);
        }
        double[][] copy = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            if (values[r] == null || values[r].length != sublayerNames.size()) {
                throw new IllegalArgumentException("importance matrix: row '" + rowNames.get(r) + "': expected "
                        + sublayerNames.size() + " values (one per sublayer), found "
                        + (values[r] == null ? "null" : values[r].length));
            }
            for (int c = 0; c < values[r].length; c++) {
                if (!Double.isFinite(values[r][c])) {
                    throw new IllegalArgumentException("importance matrix: row '" + rowNames.get(r) + "', sublayer '"
                            + sublayerNames.get(c) + "': expected a finite value, found " + values[r][c]);
                }
            }
            copy[r] = values[r].clone();
        }
        values = copy;
    }

    /**
     * The matrix with one column per sublayer of a {@code layers}-layer model, named in execution
     * order {@code attn:0, mlp:0, attn:1, mlp:1, ...}.
     *
     * @param values {@code values[row][2 * layer]} for attention and {@code values[row][2 * layer + 1]}
     *               for the MLP sublayer
     */
    public static ImportanceMatrix ofLayers(List<String> rowNames, int layers, double[][] values) {
        if (layers <= 0) {
            throw new IllegalArgumentException("importance matrix: layers must be positive, was " + layers);
        }
        String[] names = new String[2 * layers];
        for (int layer = 0; layer < layers; layer++) {
            names[2 * layer] = "attn:" + layer;
            names[2 * layer + 1] = "mlp:" + layer;
        }
        return new ImportanceMatrix(rowNames, List.of(names), values);
    }

    /** A copy of the values, {@code [row][column]}. */
    @Override
    public double[][] values() {
        double[][] copy = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            copy[r] = values[r].clone();
        }
        return copy;
    }

    /** The value of one cell. */
    public double value(int row, int column) {
        return values[row][column];
    }

    /** The smallest value in the matrix. */
    public double min() {
        return Arrays.stream(values).flatMapToDouble(Arrays::stream).min().orElseThrow();
    }

    /** The largest value in the matrix. */
    public double max() {
        return Arrays.stream(values).flatMapToDouble(Arrays::stream).max().orElseThrow();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImportanceMatrix that
                && rowNames.equals(that.rowNames)
                && sublayerNames.equals(that.sublayerNames)
                && Arrays.deepEquals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rowNames, sublayerNames, Arrays.deepHashCode(values));
    }

    @Override
    public String toString() {
        return "ImportanceMatrix[" + rowNames.size() + " rows x " + sublayerNames.size() + " sublayers]";
    }
}
