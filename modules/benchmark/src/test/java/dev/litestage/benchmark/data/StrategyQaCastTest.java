package dev.litestage.benchmark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.litestage.reasoning.Question;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrategyQaCastTest {

    @TempDir
    Path dir;

    @Test
    void yesNoQuestionsBecomeTwoOptionsWithAForTrue() throws IOException {
        Path file = dir.resolve("dev.json");
        Files.writeString(file, """
                [
                  {"qid": "q1", "term": "t", "question": "Is water wet?", "answer": true, "facts": ["x"]},
                  {"qid": "q2", "question": "Can fish fly?", "answer": false}
                ]
                """);
        Dataset dataset = DatasetLoader.load(DatasetSpec.of(DatasetFormat.STRATEGYQA, file));

        List<Question.Option> yesNo = List.of(new Question.Option("A", "yes"), new Question.Option("B", "no"));
        assertEquals(List.of(
                new Question("q1", "Is water wet?", yesNo, "A"),
                new Question("q2", "Can fish fly?", yesNo, "B")), dataset.questions());
    }
}
