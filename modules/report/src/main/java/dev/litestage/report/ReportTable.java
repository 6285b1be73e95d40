package dev.litestage.report;

import java.util.List;
import java.util.Objects;

/**
 * An extra table the caller adds to the report, e.g. a strategy comparison, an ablation or a
 * sensitivity sweep. Cells are plain text; the report escapes them.
 *
 * @param title   the table's heading
 * @param caption a sentence saying what the table shows (may be empty)
 * @param header  the column names
 * @param rows    the rows, each with exactly one cell per column
 */
public record ReportTable(String title, String caption, List<String> header, List<List<String>> rows) {

    public ReportTable {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(caption, "caption");
        header = List.copyOf(header);
        if (header.isEmpty()) {
            throw new IllegalArgumentException("table '" + title + "': field header: expected at least one column");
        }
        Objects.requireNonNull(rows, "rows");
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (row == null || row.size() != header.size()) {
                throw new IllegalArgumentException("table '" + title + "' row " + (i + 1) + ": expected "
                        + header.size() + " cells (one per column), found " + (row == null ? "null" : row.size()));
            }
            for (int c = 0; c < row.size(); c++) {
                if (row.get(c) == null) {
                    throw new IllegalArgumentException("table '" + title + "' row " + (i + 1) + ", column '"
                            + header.get(c) + "': cell is null");
                }
            }
        }
        rows = rows.stream().map(List::copyOf).toList();
    }
}
