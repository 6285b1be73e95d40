package dev.litestage.benchmark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.reasoning.Question;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedCsvTest {

    private static final FieldMapping COLUMNS =
            FieldMapping.columns("qid", "text", List.of("a", "b", "c", "d"), "gold");

    @TempDir
    Path dir;

    @Test
    void optionColumnsWithLabelOrTextAnswers() throws IOException {
        Path file = write("mine.csv", """
                qid,text,a,b,c,d,gold,note
                q1,Which is hot?,ice,fire,snow,rain,B,ignored
                q2,"Which is cold, really?",ice,fire,sun,lava,ice,
                q3,Which is wet?,sand,dust,water,ash, c ,
                """);

        Dataset dataset = DatasetLoader.load(DatasetSpec.csv(file, COLUMNS));

        assertEquals("mine", dataset.name());
        assertEquals(List.of(
                new Question("q1", "Which is hot?", options("ice", "fire", "snow", "rain"), "B"),
                new Question("q2", "Which is cold, really?", options("ice", "fire", "sun", "lava"), "A"),
                new Question("q3", "Which is wet?", options("sand", "dust", "water", "ash"), "C")), dataset.questions());
    }

    @Test
    void oneOptionsColumnWithASeparatorAndNumberedIds() throws IOException {
        Path file = write("joined.csv", """
                question,options,answer
                Which is hot?,ice | fire | snow,fire
                Which is cold?,ice|fire,A
                """);
        FieldMapping mapping = FieldMapping.joined(null, "question", "options", "|", "answer");

        Dataset dataset = DatasetLoader.load(DatasetSpec.csv(file, mapping));

        assertEquals(List.of(
                new Question("row-1", "Which is hot?", options("ice", "fire", "snow"), "B"),
                new Question("row-2", "Which is cold?", options("ice", "fire"), "A")), dataset.questions());
    }

    @Test
    void quotedMultiLineValuesKeepLaterLineNumbersRight() throws IOException {
        Path file = write("multi.csv", """
                qid,text,a,b,c,d,gold
                q1,"Which is
                hot?",ice,fire,snow,rain,B
                q2,Which is cold?,ice,fire,sun,lava,Z
                """);

        DatasetException e = assertThrows(DatasetException.class, () -> DatasetLoader.load(DatasetSpec.csv(file, COLUMNS)));

        assertEquals(file + " line 4: field gold: expected one of the labels A, B, C, D or one of the option texts, found 'Z'",
                e.getMessage());
    }

    @Test
    void badRowsAreReportedByLineAndColumn() throws IOException {
        Path file = write("bad.csv", """
                qid,text,a,b,c,d,gold
                q1,Which is hot?,ice,fire,snow,rain,B
                q2,,ice,fire,sun,lava,A
                q3,Which?,ice,,sun,lava,A
                q4,Which?,ice,fire,sun,lava
                q1,Which?,ice,fire,sun,lava,A
                q6,Which?,ice,fire,,,A
                q7,Which?,B,A,sun,lava,A
                q8,Which?,ice,ice,sun,lava,ice
                """);

        Dataset dataset = DatasetLoader.load(DatasetSpec.csv(file, COLUMNS).withExpectedOptions(4)
                .withPolicy(BadRecordPolicy.SKIP));

        assertEquals(List.of("q1"), dataset.questions().stream().map(Question::id).toList());
        assertEquals(List.of(
                file + " line 3: field text: expected non-empty text, found an empty value",
                file + " line 4: field b: expected option text (a later option, c, is filled), found an empty value",
                file + " line 5: field record: expected 7 values (one per header column), found 6",
                file + " line 6: field qid: expected a unique id, found 'q1' again (first at line 2)",
                file + " line 7: field a,b,c,d: expected 4 options, found 2",
                file + " line 8: field gold: expected a label or an option text, found 'A', which is both label A"
                        + " and the text of option B",
                file + " line 9: field gold: expected the text of exactly one option, found 'ice', which is the text"
                        + " of options A, B"),
                dataset.skipped().stream().map(BadRecord::message).toList());
    }

    @Test
    void trailingEmptyOptionColumnsMeanFewerOptionsWhenTheCountIsFree() throws IOException {
        Path file = write("mixed.csv", """
                qid,text,a,b,c,d,gold
                q1,Which?,ice,fire,snow,rain,D
                q2,Which?,ice,fire,sun,,C
                """);

        Dataset dataset = DatasetLoader.load(DatasetSpec.csv(file, COLUMNS));

        assertEquals(List.of(4, 3), dataset.questions().stream().map(q -> q.options().size()).toList());
    }

    @Test
    void answerFormsCanBeForced() throws IOException {
        Path file = write("forms.csv", """
                qid,text,a,b,c,d,gold
                q1,Which?,B,A,sun,lava,A
                """);

        Dataset byLabel = DatasetLoader.load(DatasetSpec.csv(file, COLUMNS.withAnswerForm(FieldMapping.AnswerForm.LABEL)));
        Dataset byText = DatasetLoader.load(DatasetSpec.csv(file, COLUMNS.withAnswerForm(FieldMapping.AnswerForm.TEXT)));

        assertEquals("A", byLabel.questions().get(0).answerKey());
        assertEquals("B", byText.questions().get(0).answerKey());
    }

    @Test
    void aMappedColumnMissingFromTheHeaderFailsTheFile() throws IOException {
        Path file = write("header.csv", """
                qid,question,a,b,c,d,gold
                q1,Which is hot?,ice,fire,snow,rain,B
                """);

        DatasetException e = assertThrows(DatasetException.class, () -> DatasetLoader.load(
                DatasetSpec.csv(file, COLUMNS).withPolicy(BadRecordPolicy.SKIP)));

        assertEquals(file + " line 1: field text: expected a column named 'text' in the header, found columns"
                + " [qid, question, a, b, c, d, gold]", e.getMessage());
    }

    @Test
    void anUnterminatedQuoteFailsTheFile() throws IOException {
        Path file = write("quote.csv", """
                qid,text,a,b,c,d,gold
                q1,"Which is hot?,ice,fire,snow,rain,B
                """);

        DatasetException e = assertThrows(DatasetException.class, () -> DatasetLoader.load(
                DatasetSpec.csv(file, COLUMNS).withPolicy(BadRecordPolicy.SKIP)));

        assertEquals("record", e.field());
        assertTrue(e.getMessage().startsWith(file + " line "), e.getMessage());
    }

    static List<Question.Option> options(String... texts) {
        return java.util.stream.IntStream.range(0, texts.length)
                .mapToObj(i -> new Question.Option(String.valueOf((char) ('A' + i)), texts[i])).toList();
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
