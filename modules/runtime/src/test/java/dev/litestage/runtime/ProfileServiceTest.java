package dev.litestage.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litestage.reasoning.fake.ScriptedLanguageModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service over real HTTP on 127.0.0.1, backed by a scripted model. */
class ProfileServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RIGHT_OPTION = Pattern.compile("\\(([A-Z])\\) right\\b");

    private ConcurrencyProbe model;
    private ProfileDocument profile;
    private ProfileService service;
    private HttpClient client;
    private URI base;

    /**
     * The scripted model answers with the label of the option whose text is "right", so each
     * question has its own answer and crossed wires between concurrent requests would show.
     */
    private static ScriptedLanguageModel answeringRight() {
        return Profiles.model().replyWith("\nSummarize:", prompt -> {
            Matcher m = RIGHT_OPTION.matcher(prompt);
            return m.find() ? " So the answer is option " + m.group(1) + "." : " I do not know.";
        });
    }

    @BeforeEach
    void start() {
        model = new ConcurrencyProbe(answeringRight());
        profile = Profiles.document(model);
        service = new ProfileService(RuntimeDecoder.open(model, profile, false),
                ServiceOptions.defaults().withMaxBodyBytes(4096));
        int port = service.start(0).getPort();
        base = URI.create("http://127.0.0.1:" + port);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        service.stop();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        return JSON.readTree(response.body());
    }

    private static String reasonBody(String question, List<String> options) {
        ObjectNode body = JSON.createObjectNode().put("question", question);
        options.forEach(body.putArray("options")::add);
        return body.toString();
    }

    private static void assertError(HttpResponse<String> response, int status, String field, String message)
            throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals(field, body.get("field").isNull() ? null : body.get("field").textValue(), response.body());
        assertTrue(body.get("error").textValue().contains(message), response.body());
    }

    @Test
    void answersAReasonRequest() throws Exception {
        HttpResponse<String> response = post("/v1/reason",
                reasonBody("Which gives off light?", List.of("a mirror", "a lamp", "right", "a window")));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals("C", body.get("answer").textValue());
        JsonNode stages = body.get("stages");
        assertEquals(3, stages.size());
        assertEquals("recall", stages.get(0).get("name").textValue());
        assertEquals("The sun is a star.", stages.get(0).get("text").textValue());
        assertEquals(6, stages.get(0).get("tokens").intValue(), "5 words and the newline that stopped it");
        assertEquals(false, stages.get(0).get("early_exit").booleanValue());
        assertTrue(stages.get(1).get("text").textValue().startsWith("For option A, it reflects light."));
        assertEquals("So the answer is option C.", stages.get(2).get("text").textValue());
        assertTrue(stages.get(2).get("latency_ms").doubleValue() > 0);
        assertTrue(body.get("latency_ms").doubleValue() > 0);
    }

    @Test
    void anUnparseableAnswerIsNull() throws Exception {
        JsonNode body = json(post("/v1/reason", reasonBody("Q?", List.of("x", "y"))));
        assertTrue(body.get("answer").isNull(), body.toString());
    }

    @Test
    void answersAGenerateRequest() throws Exception {
        HttpResponse<String> response = post("/v1/generate", "{\"stage\": \"recall\", \"prompt\": \"Q\\n(A) x\\nRecall:\"}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals("recall", body.get("stage").textValue());
        assertEquals("The sun is a star.", body.get("text").textValue());
        assertEquals(6, body.get("tokens").intValue());
        assertEquals(false, body.get("early_exit").booleanValue());
        assertTrue(body.has("latency_ms"));
    }

    @Test
    void servesTheProfileAndHealth() throws Exception {
        HttpResponse<String> profileResponse = get("/v1/profile");
        assertEquals(200, profileResponse.statusCode());
        assertEquals(profile, ProfileDocument.parse(profileResponse.body(), "GET /v1/profile"));

        JsonNode health = json(get("/health"));
        assertEquals("ok", health.get("status").textValue());
        assertEquals(Profiles.FINGERPRINT, health.get("fingerprint").textValue());
        assertEquals("[\"recall\",\"analyze\",\"summarize\"]", health.get("stages").toString());
    }

    @Test
    void malformedJsonIs400() throws Exception {
        assertError(post("/v1/reason", "{\"question\": \"Q\", \"options\": [\"a\""), 400, null, "malformed JSON");
        assertError(post("/v1/reason", "{\"question\": \"Q\"} trailing"), 400, null, "malformed JSON");
        assertError(post("/v1/reason", ""), 400, null, "empty request body");
        assertError(post("/v1/reason", "[1, 2]"), 400, null, "expected a JSON object");
    }

    @Test
    void missingAndMistypedFieldsAre400NamingTheField() throws Exception {
        assertError(post("/v1/reason", "{\"question\": \"Q\"}"), 400, "options", "missing field 'options'");
        assertError(post("/v1/reason", "{\"options\": [\"a\"]}"), 400, "question", "missing field 'question'");
        assertError(post("/v1/reason", "{\"question\": 7, \"options\": [\"a\"]}"), 400, "question",
                "expected a string, found number");
        assertError(post("/v1/reason", "{\"question\": \"Q\", \"options\": \"a, b\"}"), 400, "options",
                "expected an array of strings");
        assertError(post("/v1/reason", "{\"question\": \"Q\", \"options\": [\"a\", 2]}"), 400, "options[1]",
                "expected a string");
        assertError(post("/v1/reason", "{\"question\": \"Q\", \"options\": [\"a\", \" \"]}"), 400, "options[1]",
                "must not be blank");
        assertError(post("/v1/reason", "{\"question\": \"Q\", \"options\": [\"a\"], \"option\": 1}"), 400, "option",
                "unknown field 'option'");
        assertError(post("/v1/generate", "{\"stage\": \"recall\"}"), 400, "prompt", "missing field 'prompt'");
        assertTrue(model.mostInFlight() == 0, "no refused request reached the model");
    }

    @Test
    void emptyOrTooManyOptionsAre400() throws Exception {
        assertError(post("/v1/reason", "{\"question\": \"Q\", \"options\": []}"), 400, "options",
                "at least one entry is required");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 27; i++) {
            many.add("o" + i);
        }
        assertError(post("/v1/reason", reasonBody("Q", many)), 400, "options", "at most 26 entries");
    }

    @Test
    void anUnknownStageIs404NamingTheKnownStages() throws Exception {
        assertError(post("/v1/generate", "{\"stage\": \"plan\", \"prompt\": \"x\"}"), 404, "stage",
                "unknown stage 'plan'; known stages: [recall, analyze, summarize]");
    }

    @Test
    void anOversizedBodyIs413WhateverTheHeadersSay() throws Exception {
        String huge = reasonBody("Q".repeat(8000), List.of("a", "b"));
        assertError(post("/v1/reason", huge), 413, null, "exceeds the limit of 4096 bytes");
        // Without Content-Length (chunked): the service stops reading at limit + 1 bytes.
        HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(base.resolve("/v1/reason"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertError(chunked, 413, null, "exceeds the limit of 4096 bytes");
        assertEquals(200, get("/health").statusCode(), "the service is still up");
    }

    @Test
    void wrongMethodsAre405AndUnknownPathsAre404() throws Exception {
        HttpResponse<String> wrong = get("/v1/reason");
        assertError(wrong, 405, null, "/v1/reason accepts POST, not GET");
        assertEquals("POST", wrong.headers().firstValue("Allow").orElse(""));
        assertError(post("/health", "{}"), 405, null, "accepts GET");
        assertError(get("/v1/nothing"), 404, null, "no endpoint /v1/nothing");
        assertError(get("/v1/reason/extra"), 404, null, "no endpoint");
    }

    @Test
    void aFailingRequestIs500AndTheServiceStaysUp() throws Exception {
        // The scripted model has no reply for this prompt and fails the generation.
        assertError(post("/v1/generate", "{\"stage\": \"recall\", \"prompt\": \"no script for this\"}"), 500, null,
                "internal error");
        assertEquals(200, get("/health").statusCode());
        assertEquals(200, post("/v1/reason", reasonBody("Q", List.of("right", "b"))).statusCode());
    }

    @Test
    void sixteenConcurrentRequestsAreAllAnsweredCorrectly() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            List<String> options = new ArrayList<>(List.of("wrong", "wrong", "wrong", "wrong"));
            options.set(i % 4, "right");
            expected.add(String.valueOf((char) ('A' + i % 4)));
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/reason")).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(reasonBody("Question " + i + "?", options))).build();
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 16; i++) {
            HttpResponse<String> response = pending.get(i).get();
            assertEquals(200, response.statusCode(), response.body());
            JsonNode body = json(response);
            assertEquals(expected.get(i), body.get("answer").textValue(), "request " + i);
            assertEquals(3, ((ArrayNode) body.get("stages")).size());
        }
        assertEquals(1, model.mostInFlight(), "generations never overlapped in the model");
    }

    @Test
    void startingTwiceOrAfterStopBehaves() {
        assertThrows(IllegalStateException.class, () -> service.start(0));
        service.stop();
        service.stop();
        assertThrows(IllegalStateException.class, service::port);
        assertTrue(service.start(0).getPort() > 0, "a stopped service can start again");
    }

    @Test
    void bindsLoopbackByDefault() {
        assertEquals("127.0.0.1", ServiceOptions.defaults().bindAddress());
        assertEquals("0.0.0.0", ServiceOptions.defaults().onAllInterfaces().bindAddress());
        assertEquals(64 * 1024, ServiceOptions.defaults().maxBodyBytes());
    }
}
