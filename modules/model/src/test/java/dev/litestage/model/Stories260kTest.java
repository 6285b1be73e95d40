package dev.litestage.model;

import dev.litestage.model.load.ModelLoader;
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

    @Test
    void theGreedyVectorHoldsInsideABatchOfMixedLengthPrompts() throws Exception {
        Path dir = SharedFiles.require("models/stories260K");
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected-greedy.json").toFile());
        int[] promptIds = ints(expected.get("prompt_ids"));
        int[] generatedIds = ints(expected.get("generated_ids"));
        LanguageModel model = ModelLoader.load(dir.resolve("stories260K.bin"), dir.resolve("tok512.bin"));
        SkipMask none = SkipMask.none(model.config().layers());
        java.util.List<GenerationRequest> requests = new java.util.ArrayList<>();
        String[] others = {"Lily", "One day, a little bird flew over the big tree and saw", "The cat", "Tom and Sue went to the park"};
        for (int i = 0; i < others.length; i++) {
            requests.add(GenerationRequest.of(model.tokenizer().encode(others[i], true), 20 + 15 * i, StopCondition.NEVER));
        }
        requests.add(2, GenerationRequest.of(promptIds, generatedIds.length, StopCondition.NEVER));
        java.util.List<GenerationResult> results = model.generateAll(requests, none);
        assertArrayEquals(generatedIds, results.get(2).orThrow().generatedIds(), "the vector's row of the batch");
        for (int i = 0; i < requests.size(); i++) {
            GenerationRequest r = requests.get(i);
            assertArrayEquals(model.generate(r.promptIds(), none, r.maxNewTokens(), StopCondition.NEVER).generatedIds(),
                    results.get(i).orThrow().generatedIds(), "request " + i + " batched and alone");
        }
    }

    private static int[] ints(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
    }
}
