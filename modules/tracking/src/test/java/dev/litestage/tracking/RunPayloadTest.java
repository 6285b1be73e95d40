package dev.litestage.tracking;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunPayloadTest {

    @Test
    void longParamValueIsTruncatedAndKeptInFull() {
        String mask = "attn:" + "1,".repeat(4000);
        RunPayload payload = RunPayload.of(Map.of("skip/stage1", mask), Map.of(), Map.of(), 5L);
        String logged = payload.batch().params().get("skip/stage1");
        assertEquals(MlflowNames.MAX_PARAM_VALUE_LENGTH, logged.length());
        assertTrue(logged.contains("full value in artifact litestage/truncated-values/params/skip/stage1.txt"), logged.substring(5900));
        assertEquals(Map.of("params/skip/stage1.txt", mask), payload.fullValues());
    }

    @Test
    void longTagValueIsTruncatedToTheTagLimit() {
        RunPayload payload = RunPayload.of(Map.of(), Map.of(), Map.of("notes", "n".repeat(9000)), 5L);
        assertEquals(MlflowNames.MAX_TAG_VALUE_LENGTH, payload.batch().tags().get("notes").length());
        assertEquals("n".repeat(9000), payload.fullValues().get("tags/notes.txt"));
    }

    @Test
    void nonFiniteMetricsAreNotLoggedButListedInATag() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", Double.NaN);
        metrics.put("latency_ms", Double.POSITIVE_INFINITY);
        metrics.put("speedup", 1.25);
        RunPayload payload = RunPayload.of(Map.of(), metrics, Map.of(), 1234L);
        assertEquals(List.of(new MetricPoint("speedup", 1.25, 1234L, 0)), payload.batch().metrics());
        assertEquals("accuracy=NaN, latency_ms=Infinity", payload.batch().tags().get(RunPayload.NON_FINITE_METRICS_TAG));
    }

    @Test
    void badKeysAreRenamedDeliberatelyAndCollisionsDoNotMerge() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("skip:attn", "3,5");
        params.put("skip;attn", "7");
        params.put("budget", "0.4");
        RunPayload payload = RunPayload.of(params, Map.of(), Map.of(), 0L);
        assertEquals(Map.of("skip_attn", "3,5", "skip_attn_2", "7", "budget", "0.4"), payload.batch().params());
        assertEquals("skip:attn -> skip_attn; skip;attn -> skip_attn_2", payload.batch().tags().get(RunPayload.RENAMED_KEYS_TAG));
    }

    @Test
    void validInputPassesUnchangedWithoutNoteTags() {
        RunPayload payload = RunPayload.of(Map.of("a", "1"), Map.of("m", 2.0), Map.of("t", "x"), 9L);
        assertEquals(Map.of("a", "1"), payload.batch().params());
        assertEquals(Map.of("t", "x"), payload.batch().tags());
        assertTrue(payload.fullValues().isEmpty());
        assertFalse(payload.batch().tags().containsKey(RunPayload.RENAMED_KEYS_TAG));
    }

    @Test
    void nullValuesAreCallerErrorsNamingTheKey() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("seed", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunPayload.of(params, Map.of(), Map.of(), 0L));
        assertTrue(e.getMessage().contains("seed"), e.getMessage());
    }
}
