package dev.litestage.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litestage.reasoning.MultiStagePipeline;
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
    private RuntimeDecoder decoder;
    private final List<String> accessLog = new java.util.concurrent.CopyOnWriteArrayList<>(); // streamed while the service appends
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
        decoder = RuntimeDecoder.open(model, profile, MultiStagePipeline.standardStages(), false,
                BatchingOptions.defaults());
        service = new ProfileService(decoder, ServiceOptions.defaults().withMaxBodyBytes(4096).withIdleTimeoutMillis(1000),
                accessLog::add);
        int port = service.start(0).getPort();
        base = URI.create("http://127.0.0.1:" + port);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        service.stop();
        decoder.close();
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
        assertEquals("POST, OPTIONS", wrong.headers().firstValue("Allow").orElse(""));
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

    /** Waits (at most 10 s) until {@code decoder} holds {@code n} admitted calls. */
    private static void awaitOutstanding(RuntimeDecoder decoder, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (decoder.outstanding() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void headAndOptionsAreAnswered() throws Exception {
        HttpResponse<String> head = send(HttpRequest.newBuilder(base.resolve("/health"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("", head.body(), "HEAD has no body");
        assertEquals(get("/health").body().length(), Integer.parseInt(head.headers().firstValue("Content-Length").orElse("-1")),
                "HEAD announces the length GET sends");
        HttpResponse<String> options = send(HttpRequest.newBuilder(base.resolve("/v1/reason"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, options.statusCode());
        assertEquals("POST, OPTIONS", options.headers().firstValue("Allow").orElse(""));
        assertEquals("GET, HEAD, OPTIONS", send(HttpRequest.newBuilder(base.resolve("/metrics"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())).headers().firstValue("Allow").orElse(""));
        HttpResponse<String> headOfPost = send(HttpRequest.newBuilder(base.resolve("/v1/reason"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, headOfPost.statusCode(), "HEAD only where GET is");
        assertEquals("POST, OPTIONS", headOfPost.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void aBodyThatIsNotJsonIs415() throws Exception {
        HttpResponse<String> plain = send(HttpRequest.newBuilder(base.resolve("/v1/reason"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(reasonBody("Q", List.of("right")))));
        assertError(plain, 415, null, "must be application/json, was 'text/plain'");
        HttpResponse<String> json = send(HttpRequest.newBuilder(base.resolve("/v1/reason"))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(reasonBody("Q", List.of("right")))));
        assertEquals(200, json.statusCode(), json.body());
    }

    @Test
    void aQuestionLongerThanTheContextIs422NamingTheLimit() throws Exception {
        try (RuntimeDecoder roomy = RuntimeDecoder.open(model, profile, false);
             ProfileService wide = new ProfileService(roomy, ServiceOptions.defaults(), line -> { })) {
            URI at = URI.create("http://127.0.0.1:" + wide.start(0).getPort());
            String question = "why ".repeat(5000);
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(at.resolve("/v1/reason"))
                    .POST(HttpRequest.BodyPublishers.ofString(reasonBody(question, List.of("a", "b")))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(response, 422, "question", "the model's context is 4096 tokens");
            HttpResponse<String> generate = client.send(HttpRequest.newBuilder(at.resolve("/v1/generate"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"stage\": \"recall\", \"prompt\": \"" + question + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertError(generate, 422, "prompt", "the model's context is 4096 tokens");
        }
        assertEquals(0, model.mostInFlight(), "nothing over-long reached the model");
    }

    @Test
    void aFullQueueIs503WithRetryAfter() throws Exception {
        try (RuntimeDecoder small = RuntimeDecoder.open(model, profile, MultiStagePipeline.standardStages(), false,
                BatchingOptions.defaults().withMaxOutstanding(3));
             ProfileService full = new ProfileService(small, ServiceOptions.defaults(), line -> { })) {
            URI at = URI.create("http://127.0.0.1:" + full.start(0).getPort());
            java.util.concurrent.CountDownLatch gate = model.hold();
            List<CompletableFuture<HttpResponse<String>>> admitted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                admitted.add(client.sendAsync(HttpRequest.newBuilder(at.resolve("/v1/reason"))
                        .POST(HttpRequest.BodyPublishers.ofString(reasonBody("Q" + i, List.of("right", "b")))).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (small.outstanding() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(3, small.outstanding(), "three requests admitted (the limit)");
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(at.resolve("/v1/reason"))
                    .POST(HttpRequest.BodyPublishers.ofString(reasonBody("one too many", List.of("right")))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(refused, 503, null, "3 outstanding requests");
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
            assertEquals(200, client.send(HttpRequest.newBuilder(at.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "cheap endpoints answer while the decoder is full");
            gate.countDown();
            for (CompletableFuture<HttpResponse<String>> r : admitted) {
                assertEquals(200, r.get().statusCode(), r.get().body());
            }
            assertEquals(0, small.outstanding(), "drained");
        }
    }

    @Test
    void aGenerationLongerThanTheIdleTimeoutIsStillAnswered() throws Exception {
        java.util.concurrent.CountDownLatch gate = model.hold();
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(HttpRequest.newBuilder(base.resolve("/v1/reason"))
                .POST(HttpRequest.BodyPublishers.ofString(reasonBody("slow", List.of("right", "b")))).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(2500); // the idle time-out is 1 s
        gate.countDown();
        HttpResponse<String> response = slow.get();
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("A", json(response).get("answer").textValue());
    }

    @Test
    void stalledClientsNeitherBlockOthersNorStayConnected() throws Exception {
        List<java.net.Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            java.net.Socket s = new java.net.Socket("127.0.0.1", base.getPort());
            s.setSoTimeout(5000);
            // headers promising a body that never comes, or half a header block
            String half = i % 2 == 0
                    ? "POST /v1/reason HTTP/1.1\r\nHost: x\r\nContent-Length: 400\r\n\r\n{\"question\": "
                    : "POST /v1/reason HTTP/1.1\r\nHost: x\r\nContent-Le";
            s.getOutputStream().write(half.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            stalled.add(s);
        }
        long start = System.nanoTime();
        while (System.nanoTime() - start < 1_500_000_000L) {
            long t = System.nanoTime();
            assertEquals(200, get("/health").statusCode());
            assertEquals(200, post("/v1/reason", reasonBody("meanwhile", List.of("right"))).statusCode());
            assertTrue(System.nanoTime() - t < 2_000_000_000L, "answered within 2 s while 8 clients stall");
        }
        for (java.net.Socket s : stalled) {
            long t = System.nanoTime();
            byte[] rest = s.getInputStream().readAllBytes(); // returns once the service closes the connection
            assertTrue(System.nanoTime() - t < 5_000_000_000L, "closed by the idle time-out");
            String answer = new String(rest, java.nio.charset.StandardCharsets.US_ASCII);
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 4") || answer.startsWith("HTTP/1.1 5"), answer);
            s.close();
        }
        assertTrue(accessLog.stream().anyMatch(l -> l.contains("aborted") && l.contains("idle time-out")), "" + accessLog);
    }

    @Test
    void concurrentRequestsShareBatchedStepsAndMetricsCountThem() throws Exception {
        java.util.concurrent.CountDownLatch gate = model.hold();
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pending.add(client.sendAsync(HttpRequest.newBuilder(base.resolve("/v1/reason"))
                    .POST(HttpRequest.BodyPublishers.ofString(reasonBody("Q" + i, List.of("b", "right")))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        awaitOutstanding(decoder, 4);
        gate.countDown();
        for (CompletableFuture<HttpResponse<String>> r : pending) {
            assertEquals("B", json(r.get()).get("answer").textValue());
        }
        // the first arrival may have run its recall alone; the other three waited and ran together
        var sizes = decoder.stepSizes();
        assertTrue(sizes.get("summarize").sum() == 4 && sizes.get("summarize").count() < 4,
                "4 questions in fewer than 4 summarize steps: " + sizes);
        String metrics = get("/metrics").body();
        assertTrue(metrics.contains("litestage_requests_total{endpoint=\"/v1/reason\",code=\"200\"} 4"), metrics);
        assertTrue(metrics.contains("litestage_batch_size_count{stage=\"summarize\"} " + sizes.get("summarize").count()), metrics);
        assertTrue(metrics.contains("litestage_tokens_generated_total{stage=\"recall\"} 24"), "6 tokens x 4: " + metrics);
        assertTrue(metrics.contains("# TYPE litestage_stage_duration_seconds histogram")
                && metrics.contains("litestage_stage_duration_seconds_bucket{stage=\"analyze\",le=\"+Inf\"} 4"), metrics);
        assertTrue(metrics.contains("litestage_queue_depth 0") && metrics.contains("litestage_early_exits_total{stage="), metrics);
        assertTrue(accessLog.stream().filter(l -> l.contains("\"POST /v1/reason\" 200")).count() == 4, "" + accessLog);
    }

    @Test
    void aClientThatGoesAwayLeavesOneLine() throws Exception {
        java.util.concurrent.CountDownLatch gate = model.hold();
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", base.getPort())) {
            String body = reasonBody("abandoned", List.of("right"));
            s.getOutputStream().write(("POST /v1/reason HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            awaitOutstanding(decoder, 1);
        }
        gate.countDown();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (accessLog.stream().noneMatch(l -> l.contains("/v1/reason")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200); // a second line, if any, would come now
        List<String> lines = accessLog.stream().filter(l -> l.contains("/v1/reason")).toList();
        assertEquals(1, lines.size(), "one line for the abandoned request: " + lines);
        assertTrue(lines.get(0).contains("aborted") || lines.get(0).contains(" 200 "), lines.get(0));
        assertEquals(200, get("/health").statusCode());
    }

    @Test
    void closingTheDecoderFailsWhatIsStillQueuedAndRefusesMore() throws Exception {
        RuntimeDecoder own = RuntimeDecoder.open(model, profile, false);
        java.util.concurrent.CountDownLatch gate = model.hold();
        CompletableFuture<dev.litestage.reasoning.ReasonedAnswer> running = own.reasonAsync("first", List.of("right"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (own.waiting() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10); // until the first call is in a step, held by the gate
        }
        CompletableFuture<dev.litestage.reasoning.ReasonedAnswer> queued = own.reasonAsync("second", List.of("right"));
        Thread closer = new Thread(own::close);
        closer.start();
        java.util.concurrent.ExecutionException dropped = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> queued.get(5, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(dropped.getCause() instanceof IllegalStateException && dropped.getCause().getMessage().contains("closed"),
                String.valueOf(dropped.getCause()));
        gate.countDown();
        closer.join(10_000);
        java.util.concurrent.ExecutionException cut = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> running.get(5, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(cut.getCause().getMessage().contains("closed before this request finished"), cut.getCause().getMessage());
        assertEquals(0, own.outstanding());
        assertThrows(IllegalStateException.class, () -> own.reasonAsync("third", List.of("right")));
    }
}
