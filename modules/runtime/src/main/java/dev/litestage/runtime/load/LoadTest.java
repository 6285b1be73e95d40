package dev.litestage.runtime.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load test of a running litestage service ({@code POST /v1/reason}) on its address:
 * <ol>
 *   <li><b>warm-up</b>: up to 16 requests, unmeasured, so the baseline is not a cold JIT's;</li>
 *   <li><b>serial</b>: one client, one request at a time, over the first {@link Plan#serial()}
 *       questions: the baseline throughput and every question's reference answer;</li>
 *   <li><b>concurrent</b>: {@link Plan#clients()} closed-loop clients send {@link Plan#requests()}
 *       requests over the same questions; every answer (label, stage texts, token counts) is
 *       compared with the serial one, and latency percentiles are taken;</li>
 *   <li><b>stall</b>: {@link Plan#stalled()} connections send half a request and stop; for
 *       {@link Plan#stallSeconds()} {@code /health} and a reason request are timed again and again,
 *       then each stalled connection is watched until the service closes it.</li>
 * </ol>
 * Every phase is bounded in count and time: each request has a time-out, and the stalled
 * connections are given up after a fixed wait.
 */
public final class LoadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    /** A question as the service takes it. */
    public record Asked(String question, List<String> options) {
        public Asked {
            Objects.requireNonNull(question, "question");
            options = List.copyOf(options);
        }
    }

    /**
     * What to run.
     *
     * @param clients      concurrent closed-loop clients
     * @param requests     requests they send in all
     * @param serial       questions answered one at a time first (the concurrent requests cycle over them)
     * @param stalled      connections that send half a request and stall (0: no stall phase)
     * @param stallSeconds how long other requests are timed while they stall
     */
    public record Plan(int clients, int requests, int serial, int stalled, double stallSeconds) {
        public Plan {
            if (clients < 1 || requests < 1 || serial < 1 || stalled < 0 || stallSeconds < 0) {
                throw new IllegalArgumentException("a load-test plan needs clients, requests and serial >= 1 and "
                        + "stalled, stall seconds >= 0; was " + clients + ", " + requests + ", " + serial + ", "
                        + stalled + ", " + stallSeconds);
            }
        }

        /** 16 clients, 200 requests, 200 serial, 8 stalled connections for 6 s: the test. */
        public static Plan standard() {
            return new Plan(16, 200, 200, 8, 6);
        }
    }

    /**
     * What the stall phase saw.
     *
     * @param connections     stalled connections opened
     * @param probes          health and reason requests answered meanwhile
     * @param slowestProbeMs  the slowest of them
     * @param closed          stalled connections the service closed before the wait ended
     * @param slowestCloseMs  the longest a stalled connection stayed open, from when it stalled
     */
    public record Stall(int connections, int probes, double slowestProbeMs, int closed, double slowestCloseMs) {
    }

    /**
     * The figures of one load test.
     *
     * @param serialPerSecond     requests per second, one at a time
     * @param concurrentPerSecond requests per second with {@link Plan#clients()} clients
     * @param p50Ms               median latency of the concurrent requests
     * @param p99Ms               99th-percentile latency of the concurrent requests
     * @param failures            concurrent requests that did not answer 200
     * @param mismatches          concurrent answers that differ from the serial answer to the same question
     * @param stall               the stall phase, or null when none ran
     */
    public record Report(Plan plan, double serialPerSecond, double concurrentPerSecond, double serialP50Ms,
                         double p50Ms, double p99Ms, int failures, int mismatches, Stall stall) {
        /** Concurrent throughput over serial throughput. */
        public double speedup() {
            return concurrentPerSecond / serialPerSecond;
        }
    }

    private final URI base;
    private final HttpClient client;

    private LoadTest(URI base, int connections) {
        this.base = base;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(Math.max(2, connections), r -> {
                    Thread t = new Thread(r, "litestage-load-client");
                    t.setDaemon(true);
                    return t;
                }))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A load test of the service at {@code base} ({@code http://host:port}). */
    public static LoadTest of(URI base) {
        return new LoadTest(base, 16);
    }

    /**
     * Runs {@code plan} with {@code questions} (at least {@link Plan#serial()} of them).
     *
     * @throws IllegalArgumentException when there are fewer questions than the serial phase needs
     */
    public Report run(Plan plan, List<Asked> questions) throws InterruptedException {
        if (questions.size() < plan.serial()) {
            throw new IllegalArgumentException("the serial phase needs " + plan.serial() + " questions, "
                    + questions.size() + " given");
        }
        List<Asked> asked = questions.subList(0, plan.serial());
        // warm-up, unmeasured: a cold JIT would make the serial baseline look slower than it is
        for (int i = 0; i < Math.min(16, asked.size()); i++) {
            reason(asked.get(i));
        }
        // serial: the baseline and every question's reference answer
        String[] reference = new String[asked.size()];
        double[] serialMs = new double[asked.size()];
        long serialStart = System.nanoTime();
        for (int i = 0; i < asked.size(); i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = reason(asked.get(i));
            serialMs[i] = (System.nanoTime() - t) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("serial request " + i + " answered " + r.statusCode() + ": " + r.body());
            }
            reference[i] = essence(r.body());
        }
        double serialPerSecond = asked.size() / ((System.nanoTime() - serialStart) / 1e9);

        // concurrent: closed-loop clients over the same questions
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger mismatches = new AtomicInteger();
        double[] latencies = new double[plan.requests()];
        ExecutorService clients = Executors.newFixedThreadPool(plan.clients());
        long concurrentStart = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < plan.clients(); c++) {
            running.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < plan.requests(); i = next.getAndIncrement()) {
                    int q = i % asked.size();
                    long t = System.nanoTime();
                    try {
                        HttpResponse<String> r = reason(asked.get(q));
                        latencies[i] = (System.nanoTime() - t) / 1e6;
                        if (r.statusCode() != 200) {
                            failures.incrementAndGet();
                        } else if (!essence(r.body()).equals(reference[q])) {
                            mismatches.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (RuntimeException e) {
                        latencies[i] = (System.nanoTime() - t) / 1e6;
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        double concurrentPerSecond = plan.requests() / ((System.nanoTime() - concurrentStart) / 1e9);
        clients.shutdownNow();

        Stall stall = plan.stalled() == 0 ? null : stall(plan, asked.get(0));
        return new Report(plan, serialPerSecond, concurrentPerSecond, percentile(serialMs, 50),
                percentile(latencies, 50), percentile(latencies, 99), failures.get(), mismatches.get(), stall);
    }

    private Stall stall(Plan plan, Asked probeQuestion) throws InterruptedException {
        List<Socket> sockets = new ArrayList<>();
        long stalledAt = System.nanoTime();
        try {
            for (int i = 0; i < plan.stalled(); i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
                s.setSoTimeout(60_000);
                // alternately: a body promised and never sent, and a header block cut short
                String half = i % 2 == 0
                        ? "POST /v1/reason HTTP/1.1\r\nHost: load\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"question\": "
                        : "POST /v1/reason HTTP/1.1\r\nHost: load\r\nContent-Le";
                s.getOutputStream().write(half.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                sockets.add(s);
            }
            int probes = 0;
            double slowest = 0;
            long until = System.nanoTime() + (long) (plan.stallSeconds() * 1e9);
            while (System.nanoTime() < until) {
                long t = System.nanoTime();
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(base.resolve("/health"))
                        .timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
                slowest = Math.max(slowest, (System.nanoTime() - t) / 1e6);
                t = System.nanoTime();
                HttpResponse<String> reason = reason(probeQuestion);
                slowest = Math.max(slowest, (System.nanoTime() - t) / 1e6);
                if (health.statusCode() != 200 || reason.statusCode() != 200) {
                    throw new IllegalStateException("while clients stalled: /health " + health.statusCode()
                            + ", /v1/reason " + reason.statusCode());
                }
                probes += 2;
            }
            int closed = 0;
            double slowestClose = 0;
            for (Socket s : sockets) {
                try (InputStream in = s.getInputStream()) {
                    in.readAllBytes(); // returns when the service closes the connection
                    closed++;
                    slowestClose = Math.max(slowestClose, (System.nanoTime() - stalledAt) / 1e6);
                } catch (IOException e) {
                    // a reset is a close too; a read time-out is not
                    if (!(e instanceof java.net.SocketTimeoutException)) {
                        closed++;
                        slowestClose = Math.max(slowestClose, (System.nanoTime() - stalledAt) / 1e6);
                    }
                }
            }
            return new Stall(sockets.size(), probes, slowest, closed, slowestClose);
        } catch (IOException e) {
            throw new UncheckedIOException("stall phase against " + base + ": " + e.getMessage(), e);
        } finally {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a socket the service already closed
                }
            }
        }
    }

    private HttpResponse<String> reason(Asked asked) throws InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("question", asked.question());
        asked.options().forEach(body.putArray("options")::add);
        try {
            return client.send(HttpRequest.newBuilder(base.resolve("/v1/reason")).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + base.resolve("/v1/reason") + ": " + e.getMessage(), e);
        }
    }

    /** What must be identical between two answers: the label and each stage's text and tokens. */
    private static String essence(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            StringBuilder sb = new StringBuilder(String.valueOf(node.get("answer")));
            for (JsonNode stage : node.get("stages")) {
                sb.append('|').append(stage.get("name").asText()).append(':').append(stage.get("text").asText())
                        .append(':').append(stage.get("tokens").asInt()).append(':').append(stage.get("early_exit").asBoolean());
            }
            return sb.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable answer: " + body, e);
        }
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }
}
