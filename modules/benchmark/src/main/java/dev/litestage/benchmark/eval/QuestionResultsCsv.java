package dev.litestage.benchmark.eval;

import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.reasoning.StageOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Per-question results as CSV, one row per question:
 * {@code id, gold, predicted, correct, unparseable}, then for each stage
 * {@code <stage>_tokens, <stage>_latency_ms, <stage>_early_exits}, then
 * {@code total_latency_ms, wall_ms}. An unparseable prediction is an empty field; milliseconds
 * have three decimals.
 *
 * <p>Either written at once ({@link #write}) or kept as an append-only journal during an
 * evaluation ({@link #open}, {@link #append}), flushed after every row so that an interrupted run
 * keeps every finished question.
 */
public final class QuestionResultsCsv implements AutoCloseable {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();

    private final Path file;
    private final List<String> stages;
    private final CSVPrinter printer;

    private QuestionResultsCsv(Path file, List<String> stages, CSVPrinter printer) {
        this.file = file;
        this.stages = List.copyOf(stages);
        this.printer = printer;
    }

    /** The header row for {@code stages}. */
    public static List<String> header(List<String> stages) {
        List<String> header = new ArrayList<>(List.of("id", "gold", "predicted", "correct", "unparseable"));
        for (String stage : stages) {
            header.add(stage + "_tokens");
            header.add(stage + "_latency_ms");
            header.add(stage + "_early_exits");
        }
        header.add("total_latency_ms");
        header.add("wall_ms");
        return List.copyOf(header);
    }

    /**
     * Writes {@code results} to {@code file}, replacing it; the stages are those of the first
     * result (none when there are no results). The file appears complete or not at all.
     *
     * @throws IllegalArgumentException when the results ran different stages
     */
    public static void write(Path file, List<ReasoningResult> results) throws IOException {
        List<String> stages = results.isEmpty() ? List.of()
                : results.get(0).stages().stream().map(StageOutcome::stage).toList();
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        try (QuestionResultsCsv csv = open(partial, stages)) {
            for (ReasoningResult result : results) {
                csv.append(result);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Opens {@code file} as a journal for results of {@code stages}. A new or empty file gets the
     * header; an existing journal with the same header is appended to. The only thing ever cut
     * from an existing journal is an unfinished last row (no line end: the process died while
     * writing it), which would otherwise run into the next row.
     *
     * @throws IllegalArgumentException when the file exists with a different header
     */
    public static QuestionResultsCsv open(Path file, List<String> stages) throws IOException {
        List<String> header = header(stages);
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        if (!fresh) {
            String existing;
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                existing = reader.readLine();
            }
            String expected = String.join(",", header);
            if (!expected.equals(existing)) {
                throw new IllegalArgumentException(file + " line 1: field header: expected '" + expected
                        + "' to append to it, found '" + existing + "'");
            }
            dropUnfinishedRow(file);
        }
        Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        CSVPrinter printer = new CSVPrinter(writer, FORMAT);
        if (fresh) {
            printer.printRecord(header);
            printer.flush();
        }
        return new QuestionResultsCsv(file, stages, printer);
    }

    /**
     * Appends the row of {@code result} and flushes it.
     *
     * @throws IllegalArgumentException when the result ran other stages than the journal's
     */
    public void append(ReasoningResult result) throws IOException {
        Objects.requireNonNull(result, "result");
        List<String> ran = result.stages().stream().map(StageOutcome::stage).toList();
        if (!ran.equals(stages)) {
            throw new IllegalArgumentException("question " + result.questionId() + " ran stages " + ran + " but "
                    + file + " records " + stages);
        }
        List<String> row = new ArrayList<>();
        row.add(result.questionId());
        row.add(result.gold());
        row.add(result.predicted() == null ? "" : result.predicted());
        row.add(Boolean.toString(result.correct()));
        row.add(Boolean.toString(result.unparseable()));
        for (StageOutcome outcome : result.stages()) {
            row.add(Integer.toString(outcome.tokens()));
            row.add(millis(outcome.latencyMs()));
            row.add(Integer.toString(outcome.earlyExits()));
        }
        row.add(millis(result.totalLatencyMs()));
        row.add(millis(result.wallNanos() / 1e6));
        printer.printRecord(row);
        printer.flush();
    }

    /** The journal's file. */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        printer.close();
    }

    private static void dropUnfinishedRow(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = channel.size();
            ByteBuffer one = ByteBuffer.allocate(1);
            long keep = end;
            while (keep > 0) {
                one.clear();
                channel.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < end) {
                channel.truncate(keep);
            }
        }
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, "%.3f", ms);
    }
}
