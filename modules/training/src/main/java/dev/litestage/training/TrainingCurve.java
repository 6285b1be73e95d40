package dev.litestage.training;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code training-curve.csv}: one row per step ({@code step,tokens,loss,lr,tokens_per_s,elapsed_s}),
 * appended and flushed as each step completes, so no finished step is lost to a kill. On resume
 * the rows after the checkpoint's step are dropped: those steps run again and are written anew.
 */
final class TrainingCurve implements Closeable {

    static final String[] HEADER = {"step", "tokens", "loss", "lr", "tokens_per_s", "elapsed_s"};
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    private final CSVPrinter printer;

    private TrainingCurve(CSVPrinter printer) {
        this.printer = printer;
    }

    /**
     * Opens {@code file} for appending steps after {@code resumeStep}: a fresh file when
     * {@code resumeStep} is 0, otherwise the existing rows up to and including that step.
     */
    static TrainingCurve open(Path file, int resumeStep) throws IOException {
        List<List<String>> kept = new ArrayList<>();
        if (resumeStep > 0 && Files.isRegularFile(file)) {
            for (TrainingStep s : read(file)) {
                if (s.step() <= resumeStep) {
                    kept.add(row(s));
                }
            }
        }
        StringBuilder content = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(content, FORMAT)) {
            p.printRecord((Object[]) HEADER);
            for (List<String> r : kept) {
                p.printRecord(r);
            }
        }
        AtomicFiles.write(file, content.toString().getBytes(StandardCharsets.UTF_8));
        BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return new TrainingCurve(new CSVPrinter(writer, FORMAT));
    }

    void append(TrainingStep step) throws IOException {
        printer.printRecord(row(step));
        printer.flush();
    }

    @Override
    public void close() throws IOException {
        printer.close();
    }

    /** The steps recorded in {@code file}. */
    static List<TrainingStep> read(Path file) throws IOException {
        List<TrainingStep> steps = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Iterable<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in);
            for (CSVRecord r : records) {
                try {
                    steps.add(new TrainingStep(Integer.parseInt(r.get("step")), Long.parseLong(r.get("tokens")),
                            Double.parseDouble(r.get("loss")), Double.parseDouble(r.get("lr")),
                            Double.parseDouble(r.get("tokens_per_s")), Double.parseDouble(r.get("elapsed_s"))));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + " line " + (r.getRecordNumber() + 1) + ": " + e.getMessage(), e);
                }
            }
        }
        return steps;
    }

    private static List<String> row(TrainingStep s) {
        return List.of(Integer.toString(s.step()), Long.toString(s.tokens()), Double.toString(s.loss()),
                String.format(Locale.ROOT, "%.6g", s.learningRate()),
                String.format(Locale.ROOT, "%.1f", s.tokensPerSecond()),
                String.format(Locale.ROOT, "%.3f", s.elapsedSeconds()));
    }
}
