package dev.litestage.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The real stories260K checkpoint reproduces an independent fp32 reference, id for id. */
class Stories260kTest {

    @Test
    void greedyGenerationMatchesTheIndependentReference() throws Exception {
        Path dir = SharedFiles.require("models/stories260K");
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected-greedy.json").toFile());
        int[] promptIds = ints(expected.get("prompt_ids"));
        int[] generatedIds = ints(expected.get("generated_ids"));

        LanguageModel model = ModelLoader.load(dir.resolve("stories260K.bin"), dir.resolve("tok512.bin"));
        assertArrayEquals(promptIds, model.tokenizer().encode(expected.get("prompt").asText(), true), "prompt encoding");

        Generation g = model.generate(promptIds, SkipMask.none(model.config().layers()), generatedIds.length, StopCondition.NEVER);
        assertArrayEquals(generatedIds, g.generatedIds());
        assertEquals(expected.get("text").asText().replace("<0x0A>", "\n"), model.tokenizer().decode(g.generatedIds()));
        for (float c : g.confidences()) {
            assertEquals(true, c > 0 && c <= 1, "confidence in (0, 1]");
        }
    }

    private static int[] ints(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
    }
}
