package dev.litestage.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The files one {@link ReportWriter#write} call wrote, e.g. to log them as run artifacts.
 *
 * @param directory the report directory
 * @param index     the HTML page, {@code directory/index.html}
 * @param plots     the PNG plots the page shows, in page order
 * @param data      the data files behind the plots (e.g. {@code trials.csv}); may be empty
 */
public record ReportFiles(Path directory, Path index, List<Path> plots, List<Path> data) {

    public ReportFiles {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(index, "index");
        plots = List.copyOf(plots);
        data = List.copyOf(data);
    }

    /** Every file written: the page, then the plots, then the data files. */
    public List<Path> all() {
        List<Path> all = new ArrayList<>();
        all.add(index);
        all.addAll(plots);
        all.addAll(data);
        return List.copyOf(all);
    }
}
