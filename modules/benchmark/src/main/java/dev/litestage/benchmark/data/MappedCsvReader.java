package dev.litestage.benchmark.data;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * User data in CSV (RFC 4180: commas, double quotes) with a header row naming the columns the
 * mapping refers to. Records are located by the line they start on, so a quoted value that spans
 * lines does not shift later reports.
 */
final class MappedCsvReader implements RecordReader {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
            .get();

    private final FieldMapping mapping;
    private final MappedQuestionParser parser;

    MappedCsvReader(FieldMapping mapping, int expectedOptions) {
        this.mapping = mapping;
        this.parser = new MappedQuestionParser(mapping, expectedOptions);
    }

    @Override
    public String idField() {
        return parser.idField();
    }

    @Override
    public void read(DatasetSpec spec, RecordSink sink) throws IOException {
        String file = spec.path().toString();
        String content = Files.readString(spec.path(), StandardCharsets.UTF_8);
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1);
        }
        LineIndex lines = new LineIndex(content);
        CSVParser csv;
        try {
            csv = CSVParser.parse(new StringReader(content), FORMAT);
        } catch (IllegalArgumentException | IOException e) {
            throw new DatasetException(new BadRecord(file, "line 1", "header", "expected distinct, readable column names, found: "
                    + e.getMessage()), e);
        }
        try (csv) {
            List<String> header = csv.getHeaderNames();
            for (String field : mapping.fields()) {
                if (!header.contains(field)) {
                    throw new DatasetException(new BadRecord(file, "line 1", field, "expected a column named '" + field
                            + "' in the header, found columns " + header));
                }
            }
            Iterator<CSVRecord> records = csv.iterator();
            int recordNumber = 0;
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException e) {
                    throw new DatasetException(new BadRecord(file, "line " + csv.getCurrentLineNumber(),
                            RecordProblem.WHOLE_RECORD, "expected a well-formed CSV record, found: "
                            + e.getCause().getMessage()), e);
                }
                recordNumber++;
                String location = "line " + lines.lineOf(record.getCharacterPosition());
                try {
                    if (!record.isConsistent()) {
                        throw new RecordProblem(RecordProblem.WHOLE_RECORD, "expected " + header.size()
                                + " values (one per header column), found " + record.size());
                    }
                    sink.accept(location, parser.parse(new CsvRow(record), recordNumber));
                } catch (RecordProblem problem) {
                    sink.reject(location, problem);
                }
            }
        }
    }

    /** A CSV record as a {@link FieldSource}. */
    private record CsvRow(CSVRecord record) implements FieldSource {

        @Override
        public String textOrNull(String field) {
            String value = record.get(field);
            return value == null || value.isBlank() ? null : value;
        }

        @Override
        public List<String> list(String field, String separator) {
            String text = text(field);
            return Arrays.stream(text.split(Pattern.quote(separator), -1)).map(String::trim).toList();
        }

        @Override
        public String describeAbsent(String field) {
            return "an empty value";
        }
    }
}
