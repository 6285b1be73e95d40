package dev.litestage.benchmark.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact texts of both levels on a hand-built world. */
class QuestionComposerTest {

    private static final ReferenceWorld WORLD = new ReferenceWorld(0,
            List.of("bear", "fox", "owl", "yak", "wren"),
            List.of("nuts", "reeds", "figs"),
            List.of("forest", "swamp"),
            Map.of("bear", "nuts", "owl", "nuts", "fox", "reeds", "yak", "figs", "wren", "figs"),
            Map.of("nuts", "forest", "figs", "forest", "reeds", "swamp"));

    private final QuestionComposer composer = new QuestionComposer(WORLD);

    @Test
    void oneHopDocument() {
        ReferenceQuestion q = composer.compose("q1", Level.ONE_HOP, "nuts", List.of("fox", "owl", "yak", "wren"));

        assertEquals("""
                Which animal eats nuts?
                (A) fox (B) owl (C) yak (D) wren
                Recall: the bear and the owl eat nuts.
                Analyze: For option A, the fox eats reeds, so no. For option B, the owl eats nuts, so yes. \
                For option C, the yak eats figs, so no. For option D, the wren eats figs, so no.
                Summarize: So the answer is option B.""", q.document());
        assertEquals("B", q.question().answerKey());
        assertEquals(Level.ONE_HOP, q.level());
        assertEquals(List.of(new Fact.Eats("fox", "reeds"), new Fact.Eats("owl", "nuts"), new Fact.Eats("yak", "figs"),
                new Fact.Eats("wren", "figs"), new Fact.Eats("bear", "nuts")), q.facts());
    }

    @Test
    void twoHopDocument() {
        ReferenceQuestion q = composer.compose("q2", Level.TWO_HOP, "swamp", List.of("bear", "owl", "yak", "fox"));

        assertEquals("""
                Which animal eats food from the swamp?
                (A) bear (B) owl (C) yak (D) fox
                Recall: reeds grow in the swamp.
                Analyze: For option A, the bear eats nuts, which grow in the forest, so no. \
                For option B, the owl eats nuts, which grow in the forest, so no. \
                For option C, the yak eats figs, which grow in the forest, so no. \
                For option D, the fox eats reeds, which grow in the swamp, so yes.
                Summarize: So the answer is option D.""", q.document());
        assertEquals(List.of(new Fact.Eats("bear", "nuts"), new Fact.GrowsIn("nuts", "forest"), new Fact.Eats("owl", "nuts"),
                new Fact.Eats("yak", "figs"), new Fact.GrowsIn("figs", "forest"), new Fact.Eats("fox", "reeds"),
                new Fact.GrowsIn("reeds", "swamp")), q.facts());
    }

    @Test
    void recallListsEveryFoodOfThePlaceAndUsesSingularForOneEater() {
        ReferenceQuestion forest = composer.compose("q3", Level.TWO_HOP, "forest", List.of("fox", "yak"));
        ReferenceQuestion reeds = composer.compose("q4", Level.ONE_HOP, "reeds", List.of("yak", "fox"));

        assertEquals("nuts and figs grow in the forest.", forest.recall(), "foods are listed in world order");
        assertEquals("the fox eats reeds.", reeds.recall());
    }

    @Test
    void aQuestionMustHaveExactlyOneCorrectOption() {
        assertThrows(IllegalArgumentException.class,
                () -> composer.compose("q5", Level.ONE_HOP, "nuts", List.of("bear", "owl", "fox", "yak")));
        assertThrows(IllegalArgumentException.class,
                () -> composer.compose("q6", Level.TWO_HOP, "swamp", List.of("bear", "owl", "yak", "wren")));
    }
}
