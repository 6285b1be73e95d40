package dev.litestage.tracking;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlflowNamesTest {

    /** MLflow's own rule (mlflow/utils/validation.py), restricted to ASCII. */
    private static final Pattern MLFLOW_KEY = Pattern.compile("^[/\\w.\\- ]*$");

    @Test
    void validKeysAreKeptAsTheyAre() {
        for (String key : new String[] {"accuracy", "latency/total_ms", "stage.2.tokens", "early-exit window", "a_b-c.d/e f"}) {
            assertEquals(key, MlflowNames.key(key));
            assertTrue(MlflowNames.isValidKey(key), key);
        }
    }

    @Test
    void charactersMlflowRejectsBecomeUnderscores() {
        assertEquals("skip_attn_3_5_mlp_7_", MlflowNames.key("skip[attn:3,5;mlp:7]"));
        assertEquals("acc_ _", MlflowNames.key("acc@ %"));
        assertEquals("mod_le", MlflowNames.key("modèle"));
        assertEquals("emoji_", MlflowNames.key("emoji\uD83D\uDE00"), "a surrogate pair is one character, one underscore");
        assertFalse(MlflowNames.isValidKey("a:b"));
        assertTrue(MLFLOW_KEY.matcher(MlflowNames.key("x=1,y=2|z")).matches());
    }

    @Test
    void keysAreMadeSafeAsRelativeFilePaths() {
        assertEquals("a/b", MlflowNames.key("/a//b/"));
        assertEquals("_/x/__/y", MlflowNames.key("./x/../y"));
        assertEquals("_", MlflowNames.key("/"));
        assertFalse(MlflowNames.isValidKey("../etc/passwd"));
    }

    @Test
    void longKeysAreCutButStayDistinct() {
        String a = "k".repeat(300) + "a";
        String b = "k".repeat(300) + "b";
        assertEquals(MlflowNames.MAX_KEY_LENGTH, MlflowNames.key(a).length());
        assertNotEquals(MlflowNames.key(a), MlflowNames.key(b));
        assertTrue(MLFLOW_KEY.matcher(MlflowNames.key(a)).matches());
    }

    @Test
    void emptyOrNullKeysAreCallerErrors() {
        assertThrows(IllegalArgumentException.class, () -> MlflowNames.key(""));
        assertThrows(IllegalArgumentException.class, () -> MlflowNames.key(null));
    }

    @Test
    void longValuesAreCutWithAMarkerNamingLengthAndPlace() {
        String value = "x".repeat(10_000);
        String cut = MlflowNames.truncate(value, 6000, "artifact litestage/p.txt");
        assertEquals(6000, cut.length());
        assertTrue(cut.startsWith("xxxx"));
        assertTrue(cut.endsWith("...[truncated from 10000 chars; full value in artifact litestage/p.txt]"), cut.substring(5900));
        assertEquals("short", MlflowNames.truncate("short", 6000, "nowhere"));
        assertEquals("x".repeat(6000), MlflowNames.truncate("x".repeat(6000), 6000, "nowhere"), "a value at the limit is kept");
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
        String marker = "...[truncated from 7000 chars; full value in here]";
        int cut = 6000 - marker.length();
        String value = "a".repeat(cut - 1) + "\uD83D\uDE00" + "b".repeat(7000 - cut - 1);
        assertEquals(7000, value.length());
        String truncated = MlflowNames.truncate(value, 6000, "here");
        assertFalse(Character.isHighSurrogate(truncated.charAt(truncated.indexOf("...[") - 1)));
        assertTrue(truncated.length() <= 6000);
    }
}
