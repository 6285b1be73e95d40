package dev.litestage.benchmark.data;

import static dev.litestage.benchmark.data.MappedCsvTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.litestage.reasoning.Question;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedJsonlTest {

    @TempDir
    Path dir;

    @Test
    void nestedFieldPathsAndAnArrayOfOptions() throws IOException {
        Path file = write("mine.jsonl", """
                {"meta": {"id": 17}, "q": {"text": "Which is hot?"}, "choices": ["ice", "fire", "snow"], "gold": "fire"}
                {"meta": {"id": 18}, "q": {"text": "Which is cold?"}, "choices": ["ice", "fire"], "gold": "a"}
                """);
        FieldMapping mapping = FieldMapping.joined("meta.id", "q.text", "choices", ";", "gold");

        Dataset dataset = DatasetLoader.load(DatasetSpec.jsonl(file, mapping));

        assertEquals(List.of(
                new Question("17", "Which is hot?", options("ice", "fire", "snow"), "B"),
                new Question("18", "Which is cold?", options("ice", "fire"), "A")), dataset.questions());
    }

    @Test
    void optionFieldsAndSeparatedStrings() throws IOException {
        Path file = write("mine.jsonl", """
                {"id": "x1", "stem": "Pick one", "opts": "red; green; blue; black", "key": "D"}
                {"id": "x2", "stem": "Pick two", "o": [{"t": "up"}, {"t": "down"}], "key": "down"}
                """);

        Dataset joined = DatasetLoader.load(DatasetSpec.jsonl(file, FieldMapping.joined("id", "stem", "opts", ";", "key"))
                .withPolicy(BadRecordPolicy.SKIP));
        Dataset columns = DatasetLoader.load(DatasetSpec.jsonl(file,
                FieldMapping.columns("id", "stem", List.of("o.0.t", "o.1.t"), "key")).withPolicy(BadRecordPolicy.SKIP));

        assertEquals(List.of(new Question("x1", "Pick one", options("red", "green", "blue", "black"), "D")),
                joined.questions());
        assertEquals(file + " line 2: field opts: expected a string, found nothing (the field is missing)",
                joined.skipped().get(0).message());
        assertEquals(List.of(new Question("x2", "Pick two", options("up", "down"), "B")), columns.questions());
        assertEquals(List.of(file + " line 1: field o.0.t,o.1.t: expected at least 2 options, found 0"),
                columns.skipped().stream().map(BadRecord::message).toList());
    }

    @Test
    void wrongKindsAreReportedWithThePath() throws IOException {
        Path file = write("bad.jsonl", """
                {"id": "x1", "stem": {"nested": true}, "choices": ["a", "b"], "key": "A"}
                {"id": "x2", "stem": "S", "choices": ["a", 5], "key": "A"}
                {"id": "x3", "stem": "S", "choices": ["a", "b"], "key": "C"}
                """);

        Dataset dataset = DatasetLoader.load(DatasetSpec.jsonl(file, FieldMapping.joined("id", "stem", "choices", "|", "key"))
                .withPolicy(BadRecordPolicy.SKIP));

        assertEquals(List.of(
                        file + " line 1: field stem: expected text, found an object",
                        file + " line 2: field choices[1]: expected a string, found a number (5)",
                        file + " line 3: field key: expected one of the labels A, B or one of the option texts, found 'C'"),
                dataset.skipped().stream().map(BadRecord::message).toList());
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
