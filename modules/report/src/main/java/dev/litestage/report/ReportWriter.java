package dev.litestage.report;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;

/**
 * Writes an experiment report into a directory: {@code index.html}, the PNG plots it shows
 * ({@code tradeoff.png}, {@code stage-latency.png}, {@code stage-tokens.png},
 * {@code importance.png}) and {@code trials.csv}, the data behind the trade-off plot.
 *
 * <p>A plot whose data is missing (no trials, no importance matrix) is left out and the page says
 * so instead of showing a broken image. Each file is written to a temporary file and moved into
 * place, so a crash never leaves a half-written file, and an earlier report in the same directory
 * stays intact until its replacement is complete.
 */
public final class ReportWriter {

    /** The page's file name. */
    public static final String INDEX = "index.html";
    /** The trade-off data's file name. */
    public static final String TRIALS_CSV = "trials.csv";

    private static final List<ReportPlot> PLOTS = List.of(
            new TradeoffChart(), new StageLatencyChart(), new StageTokensChart(), new ImportanceHeatmap());

    private static final Pattern LOCAL_REFERENCE = Pattern.compile("<(?:img|a)\\s[^>]*?(?:src|href)=\"([^\"]*)\"");

    private ReportWriter() {
    }

    /**
     * The conventional directory of an experiment's report, {@code reportsRoot/<experiment>}.
     *
     * @throws IllegalArgumentException when the experiment name cannot be a single directory name
     */
    public static Path directoryFor(Path reportsRoot, String experiment) {
        if (experiment.isBlank() || experiment.equals(".") || experiment.equals("..")
                || experiment.chars().anyMatch(c -> c == '/' || c == '\\' || c < 0x20)) {
            throw new IllegalArgumentException("experiment name '" + experiment
                    + "' cannot be used as a report directory name");
        }
        return reportsRoot.resolve(experiment);
    }

    /** Writes the report with plots of the {@linkplain ChartSize#DEFAULT default size}. */
    public static ReportFiles write(ReportData data, Path directory) throws IOException {
        return write(data, directory, ChartSize.DEFAULT);
    }

    /**
     * Writes the report into {@code directory}, creating it if needed and replacing the files of an
     * earlier report there.
     *
     * @return the files written, page first
     * @throws IOException when a file cannot be written
     */
    public static ReportFiles write(ReportData data, Path directory, ChartSize size) throws IOException {
        ChartStyle.ensureHeadless();
        Files.createDirectories(directory);

        List<Figure> figures = new ArrayList<>();
        List<String> omissions = new ArrayList<>();
        List<Path> plots = new ArrayList<>();
        for (ReportPlot plot : PLOTS) {
            if (!plot.hasData(data)) {
                omissions.add(plot.missingDataNote());
                continue;
            }
            byte[] png = BitmapEncoder.getBitmapBytes(plot.chart(data, size), BitmapFormat.PNG);
            Path file = directory.resolve(plot.fileName());
            writeAtomically(file, png);
            plots.add(file);
            figures.add(new Figure(plot.fileName(), plot.title(), plot.altText(data), plot.caption(data), size));
        }

        List<Path> dataFiles = new ArrayList<>();
        if (!data.trials().isEmpty()) {
            Path csv = directory.resolve(TRIALS_CSV);
            writeAtomically(csv, trialsCsv(data.trials()).getBytes(StandardCharsets.UTF_8));
            dataFiles.add(csv);
        }

        String html = HtmlReport.render(data, figures, omissions,
                dataFiles.stream().map(p -> p.getFileName().toString()).toList());
        Set<Path> written = new HashSet<>();
        plots.forEach(p -> written.add(p.toAbsolutePath().normalize()));
        dataFiles.forEach(p -> written.add(p.toAbsolutePath().normalize()));
        checkReferences(html, directory, written);
        Path index = directory.resolve(INDEX);
        writeAtomically(index, html.getBytes(StandardCharsets.UTF_8));
        return new ReportFiles(directory, index, plots, dataFiles);
    }

    /**
     * Checks that every image and link the page refers to is a file this call wrote, so the page
     * never shows a broken image or a stale plot from an earlier report.
     */
    static void checkReferences(String html, Path directory, Set<Path> written) {
        Matcher matcher = LOCAL_REFERENCE.matcher(html);
        while (matcher.find()) {
            String reference = matcher.group(1);
            Path file = directory.resolve(reference).toAbsolutePath().normalize();
            if (!written.contains(file) || !Files.isRegularFile(file)) {
                throw new IllegalStateException("report page refers to '" + reference
                        + "', which this report did not write to " + directory);
            }
        }
    }

    /** The trials as CSV: one row per trial, with a header. */
    static String trialsCsv(List<TrialPoint> trials) throws IOException {
        StringWriter text = new StringWriter();
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setHeader("name", "strategy", "latency_ms", "accuracy_pct", "pareto", "chosen")
                .setRecordSeparator('\n')
                .get();
        try (CSVPrinter printer = new CSVPrinter(text, format)) {
            for (TrialPoint trial : trials) {
                printer.printRecord(trial.name(), trial.strategy(),
                        String.format(Locale.ROOT, "%.3f", trial.latencyMs()),
                        String.format(Locale.ROOT, "%.3f", trial.accuracy()), trial.pareto(), trial.chosen());
            }
        }
        return text.toString();
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(temp, content);
            // Temporary files are private to the owner; a report is meant to be read by others.
            if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
