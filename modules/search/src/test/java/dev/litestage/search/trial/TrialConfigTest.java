package dev.litestage.search.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.SkipMask;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.StageProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrialConfigTest {

    private static final List<String> STAGES = List.of("recall", "analyze", "summarize");

    @Test
    void keyListsStagesInOrderThenTheSharedEarlyExit() {
        TrialConfig config = TrialConfig.of(STAGES, List.of(SkipMask.parse("attn:1;mlp:2", 8), SkipMask.none(8),
                SkipMask.parse("mlp:7", 8)), EarlyExit.of(4, 0.35));
        assertEquals("recall=attn:1;mlp:2|analyze=none|summarize=mlp:7|ee=on(4,0.35)", config.key());
        assertEquals(config, TrialConfig.parse(config.key(), 8));
        assertEquals("on(4,0.35)", config.earlyExitToken());
    }

    @Test
    void stagesWithDifferentEarlyExitsCarryTheirOwnAndRoundTrip() {
        TrialConfig config = new TrialConfig(List.of(
                new StageProfile("recall", SkipMask.parse("attn:0-2", 8), EarlyExit.OFF),
                new StageProfile("analyze", SkipMask.none(8), EarlyExit.of(8, 0.5))));
        assertEquals("recall=attn:0,1,2@off|analyze=none@on(8,0.5)", config.key());
        assertEquals(config, TrialConfig.parse(config.key(), 8));
        assertEquals("recall:off;analyze:on(8,0.5)", config.earlyExitToken());
    }

    @Test
    void disabledEarlyExitIsNormalisedSoEqualKeysMeanEqualConfigs() {
        TrialConfig a = TrialConfig.of(STAGES, List.of(SkipMask.none(8), SkipMask.none(8), SkipMask.none(8)),
                new EarlyExit(false, 6, 0.2));
        TrialConfig b = TrialConfig.of(STAGES, List.of(SkipMask.none(8), SkipMask.none(8), SkipMask.none(8)),
                EarlyExit.OFF);
        assertEquals(a.key(), b.key());
        assertEquals(a, b);
        assertNotEquals(a, b.withMask("analyze", SkipMask.parse("mlp:0", 8)));
    }

    @Test
    void malformedKeysAreRejectedNamingThePart() {
        IllegalArgumentException noEquals = assertThrows(IllegalArgumentException.class,
                () -> TrialConfig.parse("recall|ee=off", 8));
        assertTrue(noEquals.getMessage().contains("part 'recall'"), noEquals.getMessage());
        IllegalArgumentException badEarlyExit = assertThrows(IllegalArgumentException.class,
                () -> TrialConfig.parse("recall=none|ee=on(4)", 8));
        assertTrue(badEarlyExit.getMessage().contains("early exit 'on(4)'"), badEarlyExit.getMessage());
        IllegalArgumentException badLayer = assertThrows(IllegalArgumentException.class,
                () -> TrialConfig.parse("recall=attn:9|ee=off", 8));
        assertTrue(badLayer.getMessage().contains("stage 'recall'") && badLayer.getMessage().contains("attn:9")
                || badLayer.getMessage().contains("'9'"), badLayer.getMessage());
    }

    @Test
    void stageNamesThatWouldBreakTheKeyAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TrialConfig(List.of(
                new StageProfile("a|b", SkipMask.none(4), EarlyExit.OFF))));
        assertThrows(IllegalArgumentException.class, () -> new TrialConfig(List.of(
                new StageProfile("ee", SkipMask.none(4), EarlyExit.OFF))));
        assertThrows(IllegalArgumentException.class, () -> new TrialConfig(List.of(
                new StageProfile("recall", SkipMask.none(4), EarlyExit.OFF),
                new StageProfile("analyze", SkipMask.none(6), EarlyExit.OFF))));
    }
}
