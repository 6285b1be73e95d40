package dev.litestage.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.load.ModelLoader;
import dev.litestage.model.SharedFiles;
import dev.litestage.model.SkipMask;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.StageProfile;
import dev.litestage.reasoning.StageSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A profile for the real stories260K model, written to disk, read back and served over HTTP. */
class Stories260kServiceTest {

    @Test
    void servesAProfileOfTheRealModel(@TempDir Path tmp) throws Exception {
        Path dir = SharedFiles.require("models/stories260K");
        LanguageModel model = ModelLoader.load(dir.resolve("stories260K.bin"), dir.resolve("tok512.bin"));
        int layers = model.config().layers();
        List<StageSpec> stages = MultiStagePipeline.standardStages().stream().map(s -> s.withMaxNewTokens(6)).toList();
        ReasoningProfile reasoning = new ReasoningProfile(List.of(
                new StageProfile("recall", SkipMask.parse("attn:3", layers), EarlyExit.OFF),
                new StageProfile("analyze", SkipMask.parse("mlp:1", layers), EarlyExit.of(2, 0.2)),
                new StageProfile("summarize", SkipMask.none(layers), EarlyExit.OFF)));
        Path file = tmp.resolve("stories.profile.json");
        ProfileDocument.of(model, stages, reasoning, Profiles.results(), Profiles.provenance()).write(file);

        ProfileDocument profile = ProfileDocument.read(file);
        assertEquals(model.fingerprint(), profile.model().fingerprint());
        try (ProfileService service = new ProfileService(RuntimeDecoder.open(model, profile, false))) {
            int port = service.start(0).getPort();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v1/reason")).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"question\": \"What did Lily find in the park?\", \"options\": [\"a ball\", \"a cat\"]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode body = new ObjectMapper().readTree(response.body());
            assertTrue(body.get("answer").isNull() || Set.of("A", "B").contains(body.get("answer").textValue()),
                    response.body());
            assertEquals(3, body.get("stages").size());
            for (JsonNode stage : body.get("stages")) {
                assertTrue(stage.get("tokens").intValue() <= 12, response.body());
            }
        }
    }
}
