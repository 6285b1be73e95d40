package dev.litestage.reasoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.StopCondition;
import dev.litestage.reasoning.fake.WordTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopStringsTest {

    private final WordTokenizer tokenizer = new WordTokenizer();

    @Test
    void stopsOnTheTokenThatCompletesAStopStringSpanningTokens() {
        StopStrings stops = new StopStrings(tokenizer, List.of("For option"));
        int[] ids = tokenizer.encode(" it is wrong. For option B,", false);
        boolean[] stopped = new boolean[ids.length];
        for (int i = 0; i < ids.length; i++) {
            stopped[i] = stops.shouldStop(ids[i], 0.9f);
        }
        // " it", " is", " wrong.", " For" do not complete it; " option" does.
        assertFalse(stopped[3]);
        assertTrue(stopped[4]);
        assertTrue(stops.matched());
    }

    @Test
    void noStopStringsNeverStop() {
        StopStrings stops = new StopStrings(tokenizer, List.of());
        for (int id : tokenizer.encode(" a\nb For option", false)) {
            assertFalse(stops.shouldStop(id, 0.9f));
        }
    }

    @Test
    void cutKeepsTextBeforeTheEarliestStopString() {
        assertEquals(" the sun.", StopStrings.cut(" the sun.\nAnalyze: x", List.of("Analyze:", "\n")));
        assertEquals(" no stop here", StopStrings.cut(" no stop here", List.of("\n")));
        assertEquals("", StopStrings.cut("\nlater", List.of("\n")));
    }

    @Test
    void anyStopConditionFeedsEveryConditionEveryToken() {
        ConfidenceEarlyExit exit = new ConfidenceEarlyExit(EarlyExit.of(2, 0.5));
        StopCondition always = (id, c) -> true;
        StopCondition any = AnyStopCondition.of(always, exit);
        assertTrue(any.shouldStop(7, 0.1f));
        assertTrue(any.shouldStop(7, 0.1f));
        assertTrue(exit.fired(), "the exit saw both tokens although the first condition fired first");
    }
}
