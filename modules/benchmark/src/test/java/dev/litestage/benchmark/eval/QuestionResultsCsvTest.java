package dev.litestage.benchmark.eval;

import static dev.litestage.benchmark.eval.EvaluationSummaryTest.RESULTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuestionResultsCsvTest {

    @TempDir
    Path dir;

    @Test
    void oneRowPerQuestionWithPerStageColumns() throws IOException {
        Path file = dir.resolve("results.csv");
        QuestionResultsCsv.write(file, RESULTS);

        List<String> lines = Files.readAllLines(file);
        assertEquals("id,gold,predicted,correct,unparseable,recall_tokens,recall_latency_ms,recall_early_exits,"
                + "answer_tokens,answer_latency_ms,answer_early_exits,total_latency_ms,wall_ms", lines.get(0));
        assertEquals("q1,A,A,true,false,10,1.000,0,40,10.000,0,11.000,20.000", lines.get(1));
        assertEquals("q2,A,B,false,false,12,2.000,0,44,20.000,1,22.000,30.000", lines.get(2));
        assertEquals("q3,C,,false,true,14,3.000,0,48,30.000,4,33.000,40.000", lines.get(3));
        assertEquals(5, lines.size());
        assertFalse(Files.exists(dir.resolve("results.csv.partial")));
    }

    @Test
    void readableByACsvParserWithTheHeader() throws IOException {
        Path file = dir.resolve("results.csv");
        QuestionResultsCsv.write(file, RESULTS);

        try (CSVParser parser = CSVParser.parse(file, java.nio.charset.StandardCharsets.UTF_8,
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<CSVRecord> rows = parser.getRecords();
            assertEquals(4, rows.size());
            assertEquals("q4", rows.get(3).get("id"));
            assertEquals("50.000", rows.get(3).get("total_latency_ms"));
            assertEquals("4", rows.get(2).get("answer_early_exits"));
        }
    }

    @Test
    void journalAppendsAndNeverTruncates() throws IOException {
        Path file = dir.resolve("journal.csv");
        List<String> stages = List.of("recall", "answer");
        try (QuestionResultsCsv journal = QuestionResultsCsv.open(file, stages)) {
            journal.append(RESULTS.get(0));
            // Flushed per row: readable before the journal is closed.
            assertEquals(2, Files.readAllLines(file).size());
            journal.append(RESULTS.get(1));
        }
        try (QuestionResultsCsv journal = QuestionResultsCsv.open(file, stages)) {
            journal.append(RESULTS.get(2));
        }

        List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size());
        assertEquals(List.of("id", "q1", "q2", "q3"), lines.stream().map(l -> l.substring(0, l.indexOf(','))).toList());
    }

    @Test
    void reopeningDropsOnlyAnUnfinishedLastRow() throws IOException {
        Path file = dir.resolve("journal.csv");
        List<String> stages = List.of("recall", "answer");
        try (QuestionResultsCsv journal = QuestionResultsCsv.open(file, stages)) {
            journal.append(RESULTS.get(0));
        }
        Files.writeString(file, "q2,A,B,fal", java.nio.file.StandardOpenOption.APPEND);

        try (QuestionResultsCsv journal = QuestionResultsCsv.open(file, stages)) {
            journal.append(RESULTS.get(2));
        }

        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals("q1,A,A,true,false,10,1.000,0,40,10.000,0,11.000,20.000", lines.get(1));
        assertEquals("q3,C,,false,true,14,3.000,0,48,30.000,4,33.000,40.000", lines.get(2));
    }

    @Test
    void journalRefusesAFileWithAnotherHeaderAndResultsOfOtherStages() throws IOException {
        Path file = dir.resolve("journal.csv");
        Files.writeString(file, "something,else\n1,2\n");

        assertThrows(IllegalArgumentException.class, () -> QuestionResultsCsv.open(file, List.of("recall", "answer")));
        assertEquals("something,else\n1,2\n", Files.readString(file));

        Path fresh = dir.resolve("fresh.csv");
        try (QuestionResultsCsv journal = QuestionResultsCsv.open(fresh, List.of("recall"))) {
            assertThrows(IllegalArgumentException.class, () -> journal.append(RESULTS.get(0)));
        }
    }
}
