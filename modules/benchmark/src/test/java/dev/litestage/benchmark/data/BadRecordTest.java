package dev.litestage.benchmark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.reasoning.Question;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of bad record is reported by file, location and field; FAIL throws, SKIP counts. */
class BadRecordTest {

    private static final String GOOD_1 = obqa("q1", "Which is hot?", List.of("ice", "fire", "snow", "rain"), "B");
    private static final String GOOD_2 = obqa("q2", "Which is cold?", List.of("ice", "fire", "sun", "lava"), "A");

    @TempDir
    Path dir;

    static String obqa(String id, String stem, List<String> options, String answer) {
        StringBuilder choices = new StringBuilder();
        for (int i = 0; i < options.size(); i++) {
            choices.append(i == 0 ? "" : ", ").append("{\"text\": \"").append(options.get(i))
                    .append("\", \"label\": \"").append((char) ('A' + i)).append("\"}");
        }
        return "{\"id\": \"" + id + "\", \"question\": {\"stem\": \"" + stem + "\", \"choices\": [" + choices
                + "]}, \"answerKey\": \"" + answer + "\"}";
    }

    /** A bad line placed as line 2 between two good ones; the expected field and problem. */
    static Stream<Arguments> badObqaLines() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"id\": \"q3\", \"question\": {", "record", "malformed JSON"),
                Arguments.of("not an object", "[1, 2]", "record", "expected a JSON object, found an array of 2"),
                Arguments.of("trailing garbage", GOOD_1.replace("q1", "q3") + " x", "record", "malformed JSON"),
                Arguments.of("missing stem", "{\"id\": \"q3\", \"question\": {\"choices\": []}, \"answerKey\": \"A\"}",
                        "question.stem", "expected a string, found nothing (the field is missing)"),
                Arguments.of("missing id", GOOD_1.replace("\"id\": \"q1\", ", ""), "id", "found nothing"),
                Arguments.of("numeric stem", GOOD_1.replace("\"Which is hot?\"", "42").replace("q1", "q3"),
                        "question.stem", "expected a string, found a number (42)"),
                Arguments.of("empty option text", obqa("q3", "S?", List.of("a", "", "c", "d"), "A"),
                        "question.choices[1].text", "expected non-empty text"),
                Arguments.of("unknown answer label", obqa("q3", "S?", List.of("a", "b", "c", "d"), "F"),
                        "answerKey", "expected one of the labels A, B, C, D, found 'F'"),
                Arguments.of("missing answer", GOOD_1.replace("q1", "q3").replace(", \"answerKey\": \"B\"", ""),
                        "answerKey", "found nothing"),
                Arguments.of("three options", obqa("q3", "S?", List.of("a", "b", "c"), "A"),
                        "question.choices", "expected 4 options, found 3"),
                Arguments.of("five options", obqa("q3", "S?", List.of("a", "b", "c", "d", "e"), "A"),
                        "question.choices", "expected 4 options, found 5"),
                Arguments.of("labels out of order", GOOD_1.replace("q1", "q3").replace("\"label\": \"C\"", "\"label\": \"X\""),
                        "question.choices[2].label", "expected C"),
                Arguments.of("duplicate id", GOOD_2.replace("q2", "q1"), "id",
                        "expected a unique id, found 'q1' again (first at line 1)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badObqaLines")
    void failPolicyThrowsNamingFileLineAndField(String kind, String badLine, String field, String problem) throws IOException {
        Path file = write("dev.jsonl", GOOD_1 + "\n" + badLine + "\n" + GOOD_2.replace("q2", "q9") + "\n");

        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetLoader.load(DatasetSpec.of(DatasetFormat.OBQA, file)));

        assertEquals(file.toString(), e.file());
        assertEquals("line 2", e.location());
        assertEquals(field, e.field());
        assertTrue(e.getMessage().startsWith(file + " line 2: field " + field + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badObqaLines")
    void skipPolicyLeavesTheRecordOutAndCountsIt(String kind, String badLine, String field, String problem) throws IOException {
        Path file = write("dev.jsonl", GOOD_1 + "\n" + badLine + "\n" + GOOD_2.replace("q2", "q9") + "\n");

        Dataset dataset = DatasetLoader.load(DatasetSpec.of(DatasetFormat.OBQA, file).withPolicy(BadRecordPolicy.SKIP));

        assertEquals(List.of("q1", "q9"), dataset.questions().stream().map(Question::id).toList());
        assertEquals(1, dataset.skippedCount());
        BadRecord bad = dataset.skipped().get(0);
        assertEquals(new BadRecord(file.toString(), "line 2", field, bad.problem()), bad);
        assertTrue(bad.problem().contains(problem), bad.message());
    }

    @Test
    void skipCountsEveryBadRecordAndReportsRealLineNumbersAcrossBlankLines() throws IOException {
        Path file = write("train.jsonl", String.join("\n",
                GOOD_1,
                "",
                "not json",
                obqa("q5", "S?", List.of("a", "b"), "A"),
                GOOD_2,
                GOOD_2,
                obqa("q7", "S?", List.of("a", "b", "c", "d"), "E")) + "\n");

        Dataset dataset = DatasetLoader.load(DatasetSpec.of(DatasetFormat.OBQA, file).withPolicy(BadRecordPolicy.SKIP));

        assertEquals(List.of("q1", "q2"), dataset.questions().stream().map(Question::id).toList());
        assertEquals(List.of("line 3", "line 4", "line 6", "line 7"),
                dataset.skipped().stream().map(BadRecord::location).toList());
        assertEquals(List.of("record", "question.choices", "id", "answerKey"),
                dataset.skipped().stream().map(BadRecord::field).toList());
    }

    @Test
    void csqaExpectsFiveOptions() throws IOException {
        Path file = write("dev_rand_split.jsonl", GOOD_1 + "\n");

        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetLoader.load(DatasetSpec.of(DatasetFormat.CSQA, file)));

        assertEquals(file + " line 1: field question.choices: expected 5 options, found 4", e.getMessage());
    }

    @Test
    void referenceFormatRequiresStages() throws IOException {
        String withStages = GOOD_1.substring(0, GOOD_1.length() - 1)
                + ", \"stages\": {\"recall\": \"r\", \"analyze\": \"a\", \"summarize\": \"So the answer is option B.\"}}";
        String withoutSummary = GOOD_2.substring(0, GOOD_2.length() - 1) + ", \"stages\": {\"recall\": \"r\", \"analyze\": \"a\"}}";
        Path file = write("test.jsonl", withStages + "\n" + withoutSummary + "\n");

        Dataset dataset = DatasetLoader.load(DatasetSpec.of(DatasetFormat.REFERENCE, file).withPolicy(BadRecordPolicy.SKIP));

        assertEquals(1, dataset.size());
        assertEquals("So the answer is option B.", dataset.questions().get(0).goldStages().get("summarize"));
        assertEquals(file + " line 2: field stages.summarize: expected a string, found nothing (the field is missing)",
                dataset.skipped().get(0).message());
        // The OpenBookQA format reads stages when present and does not require them.
        Dataset asObqa = DatasetLoader.load(DatasetSpec.of(DatasetFormat.OBQA, file));
        assertEquals(2, asObqa.size());
        assertEquals("r", asObqa.questions().get(1).goldStages().get("recall"));
    }

    @Test
    void strategyQaRecordsAreLocatedByArrayIndex() throws IOException {
        Path file = write("train.json", """
                [
                  {"qid": "s0", "question": "Is it?", "answer": true},
                  {"qid": "s1", "question": "Is it?", "answer": "yes"},
                  {"question": "Is it?", "answer": false},
                  {"qid": "s0", "question": "Again?", "answer": false},
                  "just text",
                  {"qid": "s5", "question": "", "answer": false}
                ]
                """);

        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetLoader.load(DatasetSpec.of(DatasetFormat.STRATEGYQA, file)));
        assertEquals(file + " index 1: field answer: expected true or false, found 'yes'", e.getMessage());

        Dataset dataset = DatasetLoader.load(DatasetSpec.of(DatasetFormat.STRATEGYQA, file).withPolicy(BadRecordPolicy.SKIP));
        assertEquals(1, dataset.size());
        assertEquals(List.of(
                        file + " index 1: field answer: expected true or false, found 'yes'",
                        file + " index 2: field qid: expected a string, found nothing (the field is missing)",
                        file + " index 3: field qid: expected a unique id, found 's0' again (first at index 0)",
                        file + " index 4: field record: expected a JSON object, found 'just text'",
                        file + " index 5: field question: expected non-empty text, found an empty string"),
                dataset.skipped().stream().map(BadRecord::message).toList());
    }

    @Test
    void brokenJsonArrayFailsEvenUnderSkipWithIndexAndPosition() throws IOException {
        Path file = write("dev.json", """
                [
                  {"qid": "s0", "question": "Is it?", "answer": true},
                  {"qid": "s1", "question": "Is it?" "answer": true}
                ]
                """);

        DatasetException e = assertThrows(DatasetException.class, () -> DatasetLoader.load(
                DatasetSpec.of(DatasetFormat.STRATEGYQA, file).withPolicy(BadRecordPolicy.SKIP)));

        assertEquals("index 1", e.location());
        assertEquals("record", e.field());
        assertTrue(e.getMessage().contains("malformed JSON at line 3 column"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAnArrayIsRejected() throws IOException {
        Path file = write("dev.json", "{\"qid\": \"s0\"}");

        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetLoader.load(DatasetSpec.of(DatasetFormat.STRATEGYQA, file)));

        assertTrue(e.getMessage().contains("expected a JSON array of questions"), e.getMessage());
    }

    @Test
    void missingFileIsOneClearException() {
        Path file = dir.resolve("absent.jsonl");

        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetLoader.load(DatasetSpec.of(DatasetFormat.OBQA, file)));

        assertEquals(file + ": no such file", e.getMessage());
    }

    @Test
    void invalidUtf8IsReportedNotMisread() throws IOException {
        Path file = dir.resolve("dev.jsonl");
        Files.write(file, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});

        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetLoader.load(DatasetSpec.of(DatasetFormat.OBQA, file)));

        assertEquals(file + ": not valid UTF-8 text", e.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
