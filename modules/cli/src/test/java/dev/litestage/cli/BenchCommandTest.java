package dev.litestage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code litestage bench} on a random stories260K-shaped model: the table, the JSON line and bad options. */
class BenchCommandTest {

    @Test
    void printsOneJsonObjectWithARowPerBatchSizeAndFraction() throws Exception {
        GenerateCommandTest.Run r = GenerateCommandTest.run("bench", "--random", "STORIES260K", "--batch", "1,2",
                "--fractions", "0,0.5", "--runs", "1", "--warmup", "0", "--prompt-tokens", "4", "--decode-tokens", "3", "--json");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().trim().split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals("random stories260k", json.get("model").asText());
        // each batch size: the two fractions asked for, then everything skipped (the fixed cost)
        assertEquals(6, json.get("rows").size());
        JsonNode first = json.get("rows").get(0);
        for (String key : new String[] {"batch", "skipped_fraction", "prefill_ms", "decode_ms_per_step", "tokens_per_s"}) {
            assertTrue(first.has(key), key + " in " + first);
        }
        assertEquals(2, json.get("rows").get(3).get("batch").asInt());
        assertTrue(r.out().contains("throughput, full model"), r.out());
    }

    @Test
    void aFractionOutsideZeroToOneOrABatchBelowOneIsRefused() {
        GenerateCommandTest.Run fraction = GenerateCommandTest.run("bench", "--random", "STORIES260K", "--fractions", "1.5");
        assertEquals(Main.BAD_INPUT, fraction.exit());
        assertTrue(fraction.err().contains("--fractions") && fraction.err().contains("1.5"), fraction.err());
        GenerateCommandTest.Run batch = GenerateCommandTest.run("bench", "--random", "STORIES260K", "--batch", "0");
        assertEquals(Main.BAD_INPUT, batch.exit());
        assertTrue(batch.err().contains("--batch"), batch.err());
    }
}
