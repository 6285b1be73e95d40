package dev.litestage.reasoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AnswerParserTest {

    private final AnswerParser parser = AnswerParser.standard();
    private final List<String> abcd = List.of("A", "B", "C", "D");

    @Test
    void readsTheLabel() {
        assertEquals(Optional.of("B"), parser.parse("So the answer is option B.", abcd));
    }

    @Test
    void theFirstStatedAnswerWins() {
        assertEquals(Optional.of("C"), parser.parse("So the answer is option C. So the answer is option A.", abcd));
    }

    @Test
    void unparseableTextsYieldNothing() {
        assertEquals(Optional.empty(), parser.parse("So the answer is option B", abcd), "no period");
        assertEquals(Optional.empty(), parser.parse("So the answer is option b.", abcd), "lower case");
        assertEquals(Optional.empty(), parser.parse("I think it is B.", abcd));
        assertEquals(Optional.empty(), parser.parse("", abcd));
    }

    @Test
    void aLabelTheQuestionDoesNotHaveIsUnparseable() {
        assertEquals(Optional.of("E"), parser.parse("So the answer is option E."));
        assertEquals(Optional.empty(), parser.parse("So the answer is option E.", abcd));
    }

    @Test
    void customPatternsNeedALabelGroup() {
        assertEquals(Optional.of("A"), AnswerParser.of(Pattern.compile("Answer: ([A-Z])")).parse("Answer: A"));
        assertThrows(IllegalArgumentException.class, () -> AnswerParser.of(Pattern.compile("Answer: [A-Z]")));
    }
}
