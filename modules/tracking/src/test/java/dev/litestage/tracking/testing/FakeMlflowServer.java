package dev.litestage.tracking.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process stand-in for an MLflow 2.17 tracking server started with {@code --serve-artifacts},
 * on 127.0.0.1 and a free port. It implements the REST endpoints the Java client and
 * {@code ServerBackend} use, with MLflow's JSON field names, its batch limits, its refusal to change
 * a param, and its error shape ({@code {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": ...}}
 * with HTTP 404). Every request is recorded. Faults can be switched on: HTTP 500 for everything,
 * slow answers, the answer to a {@code runs/create} lost after the run was made, or the listener
 * stopped altogether (connection refused) and restarted on the same port with its data intact.
 */
public final class FakeMlflowServer implements AutoCloseable {

    /** A request as received. */
    public record Request(String method, String path, String query, String body, byte[] bytes) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("request body is not JSON: " + body, e);
            }
        }
    }

    /** A run as stored. */
    public static final class Run {
        public final String runId;
        public final String experimentId;
        public final String runName;
        public final long startTime;
        public final String artifactUri;
        public volatile String status = "RUNNING";
        public volatile Long endTime;
        public final Map<String, String> params = new LinkedHashMap<>();
        public final Map<String, String> tags = new LinkedHashMap<>();
        public final List<JsonNode> metrics = new ArrayList<>();

        Run(String runId, String experimentId, String runName, long startTime, String artifactUri) {
            this.runId = runId;
            this.experimentId = experimentId;
            this.runName = runName;
            this.startTime = startTime;
            this.artifactUri = artifactUri;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/api/2.0/mlflow/";
    private static final String ARTIFACT_API = "/api/2.0/mlflow-artifacts/artifacts/";
    private static final Pattern CLAUSE = Pattern.compile("\\s*tags\\.(`[^`]+`|[\\w.]+)\\s*=\\s*('([^']*)'|\"([^\"]*)\")\\s*");

    private final Map<String, ObjectNode> experiments = new LinkedHashMap<>();
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final Map<String, byte[]> artifacts = new LinkedHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextExperimentId = new AtomicInteger(1);
    private volatile boolean failing;
    private volatile long delayMs;
    private volatile int loseCreateRunAnswers;
    private volatile String artifactRoot = "mlflow-artifacts:";
    private HttpServer server;
    private int port;

    private FakeMlflowServer() {
    }

    /** Starts a server on 127.0.0.1 and a free port. */
    public static FakeMlflowServer start() throws IOException {
        FakeMlflowServer fake = new FakeMlflowServer();
        fake.listen(0);
        return fake;
    }

    private void listen(int wantedPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wantedPort), 50);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "fake-mlflow");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        port = server.getAddress().getPort();
    }

    /** The tracking URI, e.g. {@code http://127.0.0.1:41234}. */
    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops listening: clients get "connection refused". Data is kept. */
    public void stopListening() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    public void resumeListening() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                listen(port);
                return;
            } catch (java.net.BindException e) {
                last = e;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException(ie);
                }
            }
        }
        throw last;
    }

    /** While true, every request is answered with HTTP 500. */
    public void setFailing(boolean failing) {
        this.failing = failing;
    }

    /** Every answer waits this long first. */
    public void setDelayMs(long delayMs) {
        this.delayMs = delayMs;
    }

    /** The next {@code n} runs/create requests create the run but answer HTTP 500 (a lost answer). */
    public void loseCreateRunAnswers(int n) {
        this.loseCreateRunAnswers = n;
    }

    /** The artifact root new runs get, {@code mlflow-artifacts:} by default (e.g. {@code s3://bucket}). */
    public void setArtifactRoot(String root) {
        this.artifactRoot = root;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests whose path ends with {@code endpoint} (e.g. {@code runs/log-batch}). */
    public List<Request> requests(String endpoint) {
        return requests.stream().filter(r -> r.path().endsWith(endpoint)).toList();
    }

    public void clearRequests() {
        requests.clear();
    }

    public synchronized List<Run> runs() {
        return List.copyOf(runs.values());
    }

    public synchronized List<Run> childRunsOf(String parentRunId) {
        return runs.values().stream().filter(r -> parentRunId.equals(r.tags.get("mlflow.parentRunId"))).toList();
    }

    public synchronized Map<String, ObjectNode> experiments() {
        return Map.copyOf(experiments);
    }

    /** Uploaded artifacts by request path below {@code /api/2.0/mlflow-artifacts/artifacts/}. */
    public synchronized Map<String, byte[]> artifacts() {
        return Map.copyOf(artifacts);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getRawPath();
        Request request = new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                new String(bytes, StandardCharsets.UTF_8), bytes);
        requests.add(request);
        try {
            if (delayMs > 0) {
                Thread.sleep(delayMs);
            }
            if (failing) {
                send(exchange, 500, "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"injected failure\"}");
                return;
            }
            if (path.startsWith(ARTIFACT_API)) {
                artifact(exchange, request, path.substring(ARTIFACT_API.length()));
                return;
            }
            if (!path.startsWith(API)) {
                send(exchange, 404, error("ENDPOINT_NOT_FOUND", "no endpoint " + path));
                return;
            }
            Answer answer;
            synchronized (this) {
                answer = route(request.method() + " " + path.substring(API.length()), request);
            }
            send(exchange, answer.status(), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            send(exchange, 500, error("INTERNAL_ERROR", e.toString()));
        }
    }

    private record Answer(int status, String body) {
        static Answer ok(Object body) {
            try {
                return new Answer(200, JSON.writeValueAsString(body));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Answer route(String endpoint, Request request) {
        Map<String, String> query = query(request.query());
        switch (endpoint) {
            case "GET experiments/get-by-name": {
                String name = query.get("experiment_name");
                return experiments.values().stream().filter(e -> e.get("name").asText().equals(name)).findFirst()
                        .map(e -> Answer.ok(Map.of("experiment", e)))
                        .orElse(new Answer(404, error("RESOURCE_DOES_NOT_EXIST", "Could not find experiment with name '" + name + "'")));
            }
            case "GET experiments/get": {
                ObjectNode e = experiments.get(query.get("experiment_id"));
                return e == null ? new Answer(404, error("RESOURCE_DOES_NOT_EXIST", "No Experiment with id=" + query.get("experiment_id")))
                        : Answer.ok(Map.of("experiment", e));
            }
            case "POST experiments/create": {
                JsonNode body = request.json();
                String name = body.path("name").asText();
                if (experiments.values().stream().anyMatch(e -> e.get("name").asText().equals(name))) {
                    return new Answer(400, error("RESOURCE_ALREADY_EXISTS", "Experiment '" + name + "' already exists."));
                }
                String id = Integer.toString(nextExperimentId.getAndIncrement());
                ObjectNode e = JSON.createObjectNode();
                e.put("experiment_id", id).put("name", name).put("artifact_location", "mlflow-artifacts:/" + id)
                        .put("lifecycle_stage", "active").put("last_update_time", System.currentTimeMillis())
                        .put("creation_time", System.currentTimeMillis());
                ArrayNode tags = e.putArray("tags");
                body.path("tags").forEach(tags::add);
                experiments.put(id, e);
                return Answer.ok(Map.of("experiment_id", id));
            }
            case "POST experiments/set-experiment-tag": {
                JsonNode body = request.json();
                ObjectNode e = experiments.get(body.path("experiment_id").asText());
                if (e == null) {
                    return new Answer(404, error("RESOURCE_DOES_NOT_EXIST", "No Experiment with id=" + body.path("experiment_id").asText()));
                }
                ArrayNode tags = (ArrayNode) e.get("tags");
                for (int i = tags.size() - 1; i >= 0; i--) {
                    if (tags.get(i).get("key").asText().equals(body.path("key").asText())) {
                        tags.remove(i);
                    }
                }
                tags.addObject().put("key", body.path("key").asText()).put("value", body.path("value").asText());
                return Answer.ok(Map.of());
            }
            case "POST runs/create": {
                JsonNode body = request.json();
                String expId = body.path("experiment_id").asText();
                if (!experiments.containsKey(expId)) {
                    return new Answer(404, error("RESOURCE_DOES_NOT_EXIST", "No Experiment with id=" + expId));
                }
                String runId = UUID.randomUUID().toString().replace("-", "");
                String runName = body.path("run_name").asText("");
                Run run = new Run(runId, expId, runName, body.path("start_time").asLong(),
                        artifactRoot + "/" + expId + "/" + runId + "/artifacts");
                body.path("tags").forEach(t -> run.tags.put(t.get("key").asText(), t.get("value").asText()));
                run.tags.put("mlflow.runName", runName);
                runs.put(runId, run);
                if (loseCreateRunAnswers > 0) {
                    loseCreateRunAnswers--;
                    return new Answer(500, error("INTERNAL_ERROR", "answer lost after the run was created"));
                }
                return Answer.ok(Map.of("run", runJson(run)));
            }
            case "GET runs/get": {
                Run run = runs.get(query.get("run_id"));
                return run == null ? new Answer(404, error("RESOURCE_DOES_NOT_EXIST", "Run with id=" + query.get("run_id") + " not found"))
                        : Answer.ok(Map.of("run", runJson(run)));
            }
            case "POST runs/log-batch":
                return logBatch(request.json());
            case "POST runs/set-tag": {
                JsonNode body = request.json();
                Run run = runs.get(body.path("run_id").asText());
                if (run == null) {
                    return new Answer(404, error("RESOURCE_DOES_NOT_EXIST", "Run not found"));
                }
                run.tags.put(body.path("key").asText(), body.path("value").asText());
                return Answer.ok(Map.of());
            }
            case "POST runs/update": {
                JsonNode body = request.json();
                Run run = runs.get(body.path("run_id").asText());
                if (run == null) {
                    return new Answer(404, error("RESOURCE_DOES_NOT_EXIST", "Run not found"));
                }
                run.status = body.path("status").asText();
                run.endTime = body.has("end_time") ? body.get("end_time").asLong() : null;
                return Answer.ok(Map.of("run_info", runJson(run).get("info")));
            }
            case "POST runs/search":
                return search(request.json());
            default:
                return new Answer(404, error("ENDPOINT_NOT_FOUND", "no endpoint " + endpoint));
        }
    }

    private Answer logBatch(JsonNode body) {
        Run run = runs.get(body.path("run_id").asText());
        if (run == null) {
            return new Answer(404, error("RESOURCE_DOES_NOT_EXIST", "Run with id=" + body.path("run_id").asText() + " not found"));
        }
        int metrics = body.path("metrics").size();
        int params = body.path("params").size();
        int tags = body.path("tags").size();
        if (metrics > 1000 || params > 100 || tags > 100 || metrics + params + tags > 1000) {
            return new Answer(400, error("INVALID_PARAMETER_VALUE", "A batch logging request can contain at most 1000"
                    + " metrics, 100 params, 100 tags and 1000 entities in total. Got " + metrics + " metrics, " + params
                    + " params, " + tags + " tags"));
        }
        for (JsonNode p : body.path("params")) {
            String old = run.params.get(p.get("key").asText());
            if (old != null && !old.equals(p.get("value").asText())) {
                return new Answer(400, error("INVALID_PARAMETER_VALUE", "Changing param values is not allowed. Param with key='"
                        + p.get("key").asText() + "' was already logged with value='" + old + "'"));
            }
            if (p.get("value").asText().length() > 6000) {
                return new Answer(400, error("INVALID_PARAMETER_VALUE", "Param value exceeds 6000 characters"));
            }
        }
        body.path("params").forEach(p -> run.params.put(p.get("key").asText(), p.get("value").asText()));
        body.path("tags").forEach(t -> run.tags.put(t.get("key").asText(), t.get("value").asText()));
        body.path("metrics").forEach(run.metrics::add);
        return Answer.ok(Map.of());
    }

    private Answer search(JsonNode body) {
        List<String> experimentIds = new ArrayList<>();
        body.path("experiment_ids").forEach(id -> experimentIds.add(id.asText()));
        Map<String, String> wanted = new LinkedHashMap<>();
        String filter = body.path("filter").asText("");
        if (!filter.isBlank()) {
            for (String clause : filter.split("(?i)\\s+and\\s+")) {
                Matcher m = CLAUSE.matcher(clause);
                if (!m.matches()) {
                    return new Answer(400, error("INVALID_PARAMETER_VALUE", "Invalid filter '" + filter + "'"));
                }
                String key = m.group(1).startsWith("`") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
                wanted.put(key, m.group(3) != null ? m.group(3) : m.group(4));
            }
        }
        int max = body.path("max_results").asInt(1000);
        List<Object> found = new ArrayList<>();
        for (Run run : runs.values()) {
            if (experimentIds.contains(run.experimentId)
                    && wanted.entrySet().stream().allMatch(w -> w.getValue().equals(run.tags.get(w.getKey())))
                    && found.size() < max) {
                found.add(runJson(run));
            }
        }
        return Answer.ok(found.isEmpty() ? Map.of() : Map.of("runs", found));
    }

    private void artifact(HttpExchange exchange, Request request, String artifactPath) throws IOException {
        String key = URLDecoder.decode(artifactPath, StandardCharsets.UTF_8);
        if (request.method().equals("PUT")) {
            synchronized (this) {
                artifacts.put(key, request.bytes());
            }
            send(exchange, 200, "{}");
        } else {
            byte[] content;
            synchronized (this) {
                content = artifacts.get(key);
            }
            if (content == null) {
                send(exchange, 404, error("RESOURCE_DOES_NOT_EXIST", "no artifact " + key));
            } else {
                exchange.sendResponseHeaders(200, content.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(content);
                }
            }
        }
    }

    private ObjectNode runJson(Run run) {
        ObjectNode node = JSON.createObjectNode();
        ObjectNode info = node.putObject("info");
        info.put("run_uuid", run.runId).put("experiment_id", run.experimentId).put("run_name", run.runName)
                .put("user_id", "tester").put("status", run.status).put("start_time", run.startTime);
        if (run.endTime != null) {
            info.put("end_time", run.endTime);
        }
        info.put("artifact_uri", run.artifactUri).put("lifecycle_stage", "active").put("run_id", run.runId);
        ObjectNode data = node.putObject("data");
        ArrayNode metrics = data.putArray("metrics");
        run.metrics.forEach(metrics::add);
        ArrayNode params = data.putArray("params");
        run.params.forEach((k, v) -> params.addObject().put("key", k).put("value", v));
        ArrayNode tags = data.putArray("tags");
        run.tags.forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        node.putObject("inputs");
        return node;
    }

    private static String error(String code, String message) {
        try {
            return JSON.writeValueAsString(Map.of("error_code", code, "message", message));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
