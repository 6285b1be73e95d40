package dev.litestage.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litestage.reasoning.ReasonedAnswer;
import dev.litestage.reasoning.StageOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A {@link RuntimeDecoder} as an HTTP JSON service:
 * <ul>
 *   <li>{@code POST /v1/reason} {@code {"question": "...", "options": ["...", ...]}} answers
 *       {@code {"answer": "B", "stages": [{"name", "text", "tokens", "early_exit", "latency_ms"}],
 *       "latency_ms": ...}} ({@code answer} is null when the final stage states none);</li>
 *   <li>{@code POST /v1/generate} {@code {"stage": "...", "prompt": "..."}} answers
 *       {@code {"stage", "text", "tokens", "early_exit", "latency_ms"}};</li>
 *   <li>{@code GET /v1/profile} answers the profile JSON being served;</li>
 *   <li>{@code GET /health} answers {@code {"status": "ok", "fingerprint": ..., "stages": [...]}};</li>
 *   <li>{@code GET /metrics} answers Prometheus text ({@link ServiceMetrics}).</li>
 * </ul>
 * HEAD is answered for every GET endpoint and OPTIONS for every path (204 with {@code Allow}).
 * Refusals carry {@code {"error": "...", "field": "..."}} ({@code field} null when no single field
 * is at fault): 400 for malformed JSON and missing, mistyped, blank or unknown fields, 404 for an
 * unknown path or stage, 405 for a wrong method, 413 for a body over the limit, 415 for a body
 * that is not declared JSON, 422 for a question or prompt longer than the model's context, 503
 * with {@code Retry-After} when the decoder holds its limit of outstanding requests, 500 for
 * anything unexpected. A failing request never takes the service down. Each request leaves one
 * access-log line; a client that goes away leaves one line, no stack trace.
 *
 * <p>On Jetty's core server (no servlets) rather than the JDK's {@code com.sun.net.httpserver}:
 * Jetty reads requests without blocking, so a client that stalls part-way holds a socket until
 * {@link ServiceOptions#idleTimeoutMillis()}, never a thread, while the JDK server gives each
 * request a pool thread with no per-connection read time-out. Nothing here waits for the model
 * on an HTTP thread either: bodies are read asynchronously and answers written when the
 * decoder's batched step completes them.
 */
public final class ProfileService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ProfileService.class.getName());
    private static final System.Logger ACCESS = System.getLogger("dev.litestage.runtime.access");
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** One endpoint: its method, what it answers, and the type of that answer. */
    private record Route(String method, String contentType, Endpoint endpoint) {
        String allow() {
            return method.equals("GET") ? "GET, HEAD, OPTIONS" : method + ", OPTIONS";
        }
    }

    /** An endpoint's answer to a request body. */
    @FunctionalInterface
    private interface Endpoint {
        CompletableFuture<byte[]> answer(byte[] body);
    }

    private final RuntimeDecoder decoder;
    private final ServiceOptions options;
    private final Consumer<String> accessLog;
    private final Map<String, Route> routes;
    private final ServiceMetrics metrics = new ServiceMetrics();
    private Server server;
    private ServerConnector connector;
    /** The HTTP threads: answers are encoded and written there, never on the decoder's thread. */
    private volatile Executor httpThreads = Runnable::run;

    /** A service for {@code decoder} with {@link ServiceOptions#defaults()}. */
    public ProfileService(RuntimeDecoder decoder) {
        this(decoder, ServiceOptions.defaults());
    }

    /** A service for {@code decoder}, logging each request to the {@code dev.litestage.runtime.access} logger. */
    public ProfileService(RuntimeDecoder decoder, ServiceOptions options) {
        this(decoder, options, line -> ACCESS.log(System.Logger.Level.INFO, line));
    }

    /**
     * A service for {@code decoder}; nothing listens until {@link #start(int)}. Each request's
     * access-log line goes to {@code accessLog} (remote address, method, path, status, bytes, ms).
     */
    public ProfileService(RuntimeDecoder decoder, ServiceOptions options, Consumer<String> accessLog) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.options = Objects.requireNonNull(options, "options");
        this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
        Map<String, Route> r = new TreeMap<>();
        r.put("/v1/reason", new Route("POST", JSON_TYPE, this::reason));
        r.put("/v1/generate", new Route("POST", JSON_TYPE, this::generate));
        r.put("/v1/profile", new Route("GET", JSON_TYPE,
                body -> CompletableFuture.completedFuture(decoder.profile().toJson().getBytes(StandardCharsets.UTF_8))));
        r.put("/health", new Route("GET", JSON_TYPE, body -> CompletableFuture.completedFuture(health())));
        r.put("/metrics", new Route("GET", ServiceMetrics.CONTENT_TYPE,
                body -> CompletableFuture.completedFuture(metrics.render(decoder).getBytes(StandardCharsets.UTF_8))));
        this.routes = Map.copyOf(r);
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
            throw new IllegalStateException("service already listening on port " + connector.getLocalPort());
        }
        // one acceptor and one selector besides the request threads
        QueuedThreadPool pool = new QueuedThreadPool(options.threads() + 2, 2);
        pool.setName("litestage-http");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        Server created = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector listening = new ServerConnector(created, 1, 1, new HttpConnectionFactory(http));
        listening.setHost(options.bindAddress());
        listening.setPort(port);
        listening.setIdleTimeout(options.idleTimeoutMillis());
        created.addConnector(listening);
        created.setHandler(new Dispatch());
        created.setErrorHandler(this::protocolError);
        created.setStopTimeout(5_000);
        try {
            created.start();
        } catch (Exception e) {
            try {
                created.stop();
            } catch (Exception ignored) {
                // nothing started that needs stopping
            }
            throw new UncheckedIOException("cannot listen on " + options.bindAddress() + ":" + port + ": "
                    + e.getMessage(), e instanceof IOException io ? io : new IOException(e));
        }
        server = created;
        connector = listening;
        httpThreads = pool;
        return new InetSocketAddress(options.bindAddress(), listening.getLocalPort());
    }

    /** The port listened on. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("service not started");
        }
        return connector.getLocalPort();
    }

    /** Stops listening, waiting up to 5 s for answers in progress; a no-op when not started. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping the HTTP server: " + e);
        }
        server = null;
        connector = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** Routes every request; never blocks, so Jetty may call it on its selector thread. */
    private final class Dispatch extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Call call = new Call(request, response, callback);
            try {
                call.dispatch();
            } catch (Throwable e) {
                call.fail(e);
            }
            return true;
        }
    }

    /** One request from arrival to its answer. */
    private final class Call {
        final Request request;
        final Response response;
        final Callback callback;
        final long start = System.nanoTime();
        final String method;
        final String path;
        String endpoint = "other";
        boolean head;

        Call(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.method = request.getMethod();
            this.path = request.getHttpURI().getPath() == null ? "" : request.getHttpURI().getPath();
        }

        void dispatch() {
            if (method.equals("OPTIONS") && path.equals("*")) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD, POST, OPTIONS");
                send(204, JSON_TYPE, new byte[0]);
                return;
            }
            Route route = routes.get(path);
            if (route == null) {
                throw new ApiException(404, "no endpoint " + path + "; endpoints: "
                        + routes.keySet().stream().sorted().toList(), null);
            }
            endpoint = path;
            if (method.equals("OPTIONS")) {
                response.getHeaders().put(HttpHeader.ALLOW, route.allow());
                send(204, JSON_TYPE, new byte[0]);
                return;
            }
            head = method.equals("HEAD") && route.method().equals("GET");
            if (!head && !route.method().equals(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, route.allow());
                throw new ApiException(405, path + " accepts " + route.method() + ", not " + method, null);
            }
            if (!route.method().equals("POST")) {
                answerWith(route, new byte[0]);
                return;
            }
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            if (type != null && !type.toLowerCase(Locale.ROOT).matches("application/json\\s*(;.*)?")) {
                throw new ApiException(415, "request body must be application/json, was '" + type + "'", null);
            }
            int limit = options.maxBodyBytes();
            long declared = request.getLength();
            if (declared > limit) {
                throw new ApiException(413, "request body of " + declared + " bytes exceeds the limit of "
                        + limit + " bytes", null);
            }
            // read without a thread: a client that stalls part-way is cut off by the idle time-out
            Content.Source.asByteArrayAsync(request, limit).whenComplete((bytes, error) -> {
                if (error != null) {
                    Throwable cause = unwrap(error);
                    if (cause instanceof IOException || cause instanceof TimeoutException) {
                        gone(cause);
                        callback.failed(cause);
                    } else {
                        fail(new ApiException(413, "request body exceeds the limit of " + limit + " bytes", null));
                    }
                    return;
                }
                // the model may take longer than the idle time-out; the connection is not idle then
                request.addIdleTimeoutListener(timeout -> false);
                try {
                    answerWith(route, bytes);
                } catch (Throwable e) {
                    fail(e);
                }
            });
        }

        void answerWith(Route route, byte[] body) {
            route.endpoint().answer(body).whenCompleteAsync((bytes, error) -> {
                if (error != null) {
                    fail(error);
                } else {
                    send(200, route.contentType(), bytes);
                }
            }, httpThreads);
        }

        void fail(Throwable error) {
            Throwable cause = unwrap(error);
            if (cause instanceof ApiException api) {
                if (api.retryAfterSeconds() != null) {
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, String.valueOf(api.retryAfterSeconds()));
                }
                send(api.status(), JSON_TYPE, ProfileService.error(api.getMessage(), api.field()));
                return;
            }
            if (cause instanceof VirtualMachineError vm) {
                throw vm;
            }
            LOG.log(System.Logger.Level.ERROR, "request " + method + " " + path + " failed", cause);
            send(500, JSON_TYPE, ProfileService.error("internal error: " + cause, null));
        }

        void send(int status, String contentType, byte[] body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            Callback done = Callback.from(() -> {
                finished(status, body.length);
                callback.succeeded();
            }, x -> {
                gone(x);
                callback.failed(x);
            });
            response.write(true, head || body.length == 0 ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), done);
        }

        void finished(int status, int bytes) {
            double seconds = (System.nanoTime() - start) / 1e9;
            metrics.requestFinished(endpoint, status, seconds);
            accessLog.accept(String.format(Locale.ROOT, "%s \"%s %s\" %d %d %.1fms",
                    Request.getRemoteAddr(request), method, path, status, bytes, seconds * 1e3));
        }

        /** The client went away, stalled past the idle time-out or broke the protocol: one line. */
        void gone(Throwable cause) {
            metrics.requestAborted();
            String why = cause instanceof TimeoutException ? "idle time-out"
                    : cause instanceof EofException ? "connection closed by the client" : String.valueOf(cause.getMessage());
            accessLog.accept(String.format(Locale.ROOT, "%s \"%s %s\" aborted after %.1fms: %s",
                    Request.getRemoteAddr(request), method, path, (System.nanoTime() - start) / 1e6, why));
        }
    }

    /** Jetty's own refusals (a malformed request line, headers too large): JSON like ours. */
    private boolean protocolError(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        byte[] body = error(message == null ? HttpStatus.getMessage(status) : message.toString(), null);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
        response.write(true, ByteBuffer.wrap(body), callback);
        metrics.requestFinished("other", status, 0);
        accessLog.accept(Request.getRemoteAddr(request) + " \"" + request.getMethod() + " "
                + request.getHttpURI().getPath() + "\" " + status + " refused by the HTTP layer: " + message);
        return true;
    }

    private CompletableFuture<byte[]> reason(byte[] body) {
        RequestFields fields = RequestFields.of(json(body), Set.of("question", "options"));
        String question = fields.text("question");
        List<String> options = fields.texts("options", 26);
        CompletableFuture<ReasonedAnswer> answer = admitted(() -> decoder.reasonAsync(question, options), "question");
        return answer.thenApplyAsync(a -> {
            ObjectNode out = JSON.createObjectNode();
            out.put("answer", a.answer());
            ArrayNode stages = out.putArray("stages");
            for (StageOutcome stage : a.stages()) {
                metrics.stageFinished(stage);
                ObjectNode s = stages.addObject();
                s.put("name", stage.stage());
                s.put("text", stage.text());
                s.put("tokens", stage.tokens());
                s.put("early_exit", stage.exitedEarly());
                s.put("latency_ms", stage.latencyMs());
            }
            out.put("latency_ms", a.latencyMs());
            return bytes(out);
        }, httpThreads);
    }

    private CompletableFuture<byte[]> generate(byte[] body) {
        RequestFields fields = RequestFields.of(json(body), Set.of("stage", "prompt"));
        String stage = fields.text("stage");
        String prompt = fields.text("prompt");
        if (!decoder.stages().contains(stage)) {
            throw new ApiException(404, "unknown stage '" + stage + "'; known stages: " + decoder.stages(), "stage");
        }
        CompletableFuture<StageOutcome> outcome = admitted(() -> decoder.generateAsync(stage, prompt), "prompt");
        return outcome.thenApplyAsync(o -> {
            metrics.stageFinished(o);
            ObjectNode out = JSON.createObjectNode();
            out.put("stage", o.stage());
            out.put("text", o.text());
            out.put("tokens", o.tokens());
            out.put("early_exit", o.exitedEarly());
            out.put("latency_ms", o.latencyMs());
            return bytes(out);
        }, httpThreads);
    }

    /** A call handed to the decoder; its refusals as answers: 422 naming {@code inputField}, 503 to retry. */
    private static <T> CompletableFuture<T> admitted(java.util.function.Supplier<CompletableFuture<T>> call, String inputField) {
        try {
            return call.get();
        } catch (InputTooLongException e) {
            throw new ApiException(422, e.getMessage(), inputField);
        } catch (OverloadedException e) {
            throw ApiException.overloaded(e.getMessage(), 1);
        }
    }

    private byte[] health() {
        ObjectNode out = JSON.createObjectNode();
        out.put("status", "ok");
        out.put("fingerprint", decoder.model().fingerprint());
        decoder.stages().forEach(out.putArray("stages")::add);
        out.put("queue_depth", decoder.waiting());
        decoder.warning().ifPresent(w -> out.put("warning", w));
        return bytes(out);
    }

    private static JsonNode json(byte[] bytes) {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] error(String message, String field) {
        ObjectNode out = JSON.createObjectNode();
        out.put("error", message);
        out.put("field", field);
        return bytes(out);
    }
}
