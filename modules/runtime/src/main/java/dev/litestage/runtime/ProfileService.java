package dev.litestage.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.litestage.reasoning.ReasonedAnswer;
import dev.litestage.reasoning.StageOutcome;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link RuntimeDecoder} as an HTTP JSON service:
 * <ul>
 *   <li>{@code POST /v1/reason} {@code {"question": "...", "options": ["...", ...]}} answers
 *       {@code {"answer": "B", "stages": [{"name", "text", "tokens", "early_exit", "latency_ms"}],
 *       "latency_ms": ...}} ({@code answer} is null when the final stage states none);</li>
 *   <li>{@code POST /v1/generate} {@code {"stage": "...", "prompt": "..."}} answers
 *       {@code {"stage", "text", "tokens", "early_exit", "latency_ms"}};</li>
 *   <li>{@code GET /v1/profile} answers the profile JSON being served;</li>
 *   <li>{@code GET /health} answers {@code {"status": "ok", "fingerprint": ..., "stages": [...]}}.</li>
 * </ul>
 * Refusals carry {@code {"error": "...", "field": "..."}} ({@code field} null when no single field
 * is at fault): 400 for malformed JSON and missing, mistyped, blank or unknown fields, 404 for an
 * unknown path or stage, 405 for a wrong method, 413 for a body over the limit, 500 for anything
 * unexpected. A failing request never takes the service down.
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver} rather than a web framework: the runtime is
 * meant to be embedded next to a model with no dependencies beyond Jackson, and four JSON
 * endpoints need routing by exact path and method, nothing a framework would add.
 */
public final class ProfileService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ProfileService.class.getName());
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** One endpoint: its method and what it answers. */
    private record Route(String method, Endpoint endpoint) {
    }

    @FunctionalInterface
    private interface Endpoint {
        byte[] answer(HttpExchange exchange) throws IOException;
    }

    private final RuntimeDecoder decoder;
    private final ServiceOptions options;
    private final Map<String, Route> routes;
    private HttpServer server;
    private ExecutorService executor;

    /** A service for {@code decoder} with {@link ServiceOptions#defaults()}. */
    public ProfileService(RuntimeDecoder decoder) {
        this(decoder, ServiceOptions.defaults());
    }

    /** A service for {@code decoder}; nothing listens until {@link #start(int)}. */
    public ProfileService(RuntimeDecoder decoder, ServiceOptions options) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.options = Objects.requireNonNull(options, "options");
        this.routes = Map.of(
                "/v1/reason", new Route("POST", this::reason),
                "/v1/generate", new Route("POST", this::generate),
                "/v1/profile", new Route("GET", exchange -> decoder.profile().toJson().getBytes(StandardCharsets.UTF_8)),
                "/health", new Route("GET", exchange -> health()));
    }

    /**
     * Starts listening on {@code port} of the configured interface; port 0 picks a free port.
     *
     * @return the address actually bound
     * @throws IllegalStateException when already started
     * @throws UncheckedIOException  when the port cannot be bound
     */
    public synchronized InetSocketAddress start(int port) {
        if (server != null) {
            throw new IllegalStateException("service already listening on " + server.getAddress());
        }
        try {
            HttpServer created = HttpServer.create(
                    new InetSocketAddress(InetAddress.getByName(options.bindAddress()), port), 0);
            AtomicInteger count = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(options.threads(), task -> {
                Thread t = new Thread(task, "litestage-http-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            created.setExecutor(pool);
            created.createContext("/", this::handle);
            created.start();
            server = created;
            executor = pool;
            return created.getAddress();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + options.bindAddress() + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    /** The port listened on. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("service not started");
        }
        return server.getAddress().getPort();
    }

    /** Stops listening and waits briefly for requests in progress; a no-op when not started. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
        executor = null;
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            int status = 200;
            byte[] body;
            try {
                body = route(exchange).endpoint().answer(exchange);
            } catch (ApiException e) {
                status = e.status();
                body = error(e.getMessage(), e.field());
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.ERROR, "request " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI() + " failed", e);
                status = 500;
                body = error("internal error: " + e, null);
            }
            exchange.getResponseHeaders().set("Content-Type", JSON_TYPE);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // The client went away; nothing to answer.
            LOG.log(System.Logger.Level.DEBUG, "cannot answer " + exchange.getRequestURI() + ": " + e.getMessage());
        }
    }

    private Route route(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        Route route = routes.get(path);
        if (route == null) {
            throw new ApiException(404, "no endpoint " + path + "; endpoints: "
                    + routes.keySet().stream().sorted().toList(), null);
        }
        if (!route.method().equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", route.method());
            throw new ApiException(405, path + " accepts " + route.method() + ", not "
                    + exchange.getRequestMethod(), null);
        }
        return route;
    }

    private byte[] reason(HttpExchange exchange) throws IOException {
        RequestFields fields = RequestFields.of(body(exchange), Set.of("question", "options"));
        String question = fields.text("question");
        List<String> options = fields.texts("options", 26);
        ReasonedAnswer answer = decoder.reason(question, options);
        ObjectNode out = JSON.createObjectNode();
        out.put("answer", answer.answer());
        ArrayNode stages = out.putArray("stages");
        for (StageOutcome stage : answer.stages()) {
            ObjectNode s = stages.addObject();
            s.put("name", stage.stage());
            s.put("text", stage.text());
            s.put("tokens", stage.tokens());
            s.put("early_exit", stage.exitedEarly());
            s.put("latency_ms", stage.latencyMs());
        }
        out.put("latency_ms", answer.latencyMs());
        return JSON.writeValueAsBytes(out);
    }

    private byte[] generate(HttpExchange exchange) throws IOException {
        RequestFields fields = RequestFields.of(body(exchange), Set.of("stage", "prompt"));
        String stage = fields.text("stage");
        String prompt = fields.text("prompt");
        if (!decoder.stages().contains(stage)) {
            throw new ApiException(404, "unknown stage '" + stage + "'; known stages: " + decoder.stages(), "stage");
        }
        StageOutcome outcome = decoder.generate(stage, prompt);
        ObjectNode out = JSON.createObjectNode();
        out.put("stage", outcome.stage());
        out.put("text", outcome.text());
        out.put("tokens", outcome.tokens());
        out.put("early_exit", outcome.exitedEarly());
        out.put("latency_ms", outcome.latencyMs());
        return JSON.writeValueAsBytes(out);
    }

    private byte[] health() throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.put("status", "ok");
        out.put("fingerprint", decoder.model().fingerprint());
        decoder.stages().forEach(out.putArray("stages")::add);
        decoder.warning().ifPresent(w -> out.put("warning", w));
        return JSON.writeValueAsBytes(out);
    }

    /**
     * The request body as JSON. At most limit + 1 bytes are read whatever Content-Length claims,
     * so a lying or absent header cannot make the service buffer more than the limit.
     */
    private JsonNode body(HttpExchange exchange) throws IOException {
        int limit = options.maxBodyBytes();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declared.trim().matches("\\d{1,18}") && Long.parseLong(declared.trim()) > limit) {
            throw new ApiException(413, "request body of " + declared.trim() + " bytes exceeds the limit of "
                    + limit + " bytes", null);
        }
        byte[] bytes = exchange.getRequestBody().readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw new ApiException(413, "request body exceeds the limit of " + limit + " bytes", null);
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest(null, "empty request body; expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw ApiException.badRequest(null, "malformed JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    private static byte[] error(String message, String field) {
        ObjectNode out = JSON.createObjectNode();
        out.put("error", message);
        out.put("field", field);
        try {
            return JSON.writeValueAsBytes(out);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
