package dev.litestage.runtime;

import dev.litestage.reasoning.StageOutcome;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link ProfileService} counts, rendered in the Prometheus text exposition format
 * (version 0.0.4) for {@code GET /metrics}.
 *
 * <p>Written here rather than with a Prometheus client library: the runtime stays at Jackson and
 * Jetty, and the text format for a handful of counters and histograms is a few stable lines.
 */
final class ServiceMetrics {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> requestSeconds = new ConcurrentHashMap<>();
    private final Map<String, Histogram> stageSeconds = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> tokens = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> earlyExits = new ConcurrentHashMap<>();
    private final LongAdder aborted = new LongAdder();

    /** A request answered with {@code status} after {@code seconds}. */
    void requestFinished(String endpoint, int status, double seconds) {
        requests.computeIfAbsent(endpoint + "\u0000" + status, k -> new LongAdder()).increment();
        requestSeconds.computeIfAbsent(endpoint, k -> new Histogram(Histogram.SECONDS)).observe(seconds);
    }

    /** A request whose client went away before its answer was sent. */
    void requestAborted() {
        aborted.increment();
    }

    /** A stage generated for a request. */
    void stageFinished(StageOutcome outcome) {
        stageSeconds.computeIfAbsent(outcome.stage(), k -> new Histogram(Histogram.SECONDS))
                .observe(outcome.latencyMs() / 1e3);
        tokens.computeIfAbsent(outcome.stage(), k -> new LongAdder()).add(outcome.tokens());
        earlyExits.computeIfAbsent(outcome.stage(), k -> new LongAdder()).add(outcome.earlyExits());
    }

    /** The exposition text, with the decoder's live queue figures and step sizes. */
    String render(RuntimeDecoder decoder) {
        StringBuilder out = new StringBuilder();
        header(out, "litestage_requests_total", "counter", "HTTP requests answered, by endpoint and status code");
        new TreeMap<>(requests).forEach((key, count) -> {
            String[] parts = key.split("\u0000");
            out.append("litestage_requests_total{endpoint=\"").append(escape(parts[0])).append("\",code=\"")
                    .append(parts[1]).append("\"} ").append(count.sum()).append('\n');
        });
        header(out, "litestage_requests_aborted_total", "counter", "requests whose client went away before the answer");
        out.append("litestage_requests_aborted_total ").append(aborted.sum()).append('\n');
        header(out, "litestage_request_duration_seconds", "histogram", "time from a request's arrival to its answer");
        new TreeMap<>(requestSeconds).forEach((endpoint, h) -> histogram(out, "litestage_request_duration_seconds",
                "endpoint", endpoint, h.snapshot()));
        header(out, "litestage_queue_depth", "gauge", "calls waiting for a decoding step");
        out.append("litestage_queue_depth ").append(decoder.waiting()).append('\n');
        header(out, "litestage_outstanding_requests", "gauge", "calls admitted and not yet answered");
        out.append("litestage_outstanding_requests ").append(decoder.outstanding()).append('\n');
        header(out, "litestage_batch_size", "histogram", "calls advanced together in one decoding step, by stage");
        decoder.stepSizes().forEach((stage, h) -> histogram(out, "litestage_batch_size", "stage", stage, h));
        header(out, "litestage_stage_duration_seconds", "histogram", "a stage's generation time for one request");
        new TreeMap<>(stageSeconds).forEach((stage, h) -> histogram(out, "litestage_stage_duration_seconds",
                "stage", stage, h.snapshot()));
        header(out, "litestage_tokens_generated_total", "counter", "tokens generated, by stage");
        new TreeMap<>(tokens).forEach((stage, n) -> out.append("litestage_tokens_generated_total{stage=\"")
                .append(escape(stage)).append("\"} ").append(n.sum()).append('\n'));
        header(out, "litestage_early_exits_total", "counter", "generations stopped by the confidence early exit, by stage");
        new TreeMap<>(earlyExits).forEach((stage, n) -> out.append("litestage_early_exits_total{stage=\"")
                .append(escape(stage)).append("\"} ").append(n.sum()).append('\n'));
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void histogram(StringBuilder out, String name, String label, String value, Histogram.Snapshot h) {
        String l = label + "=\"" + escape(value) + "\"";
        List<Double> bounds = h.bounds();
        for (int i = 0; i < bounds.size(); i++) {
            out.append(name).append("_bucket{").append(l).append(",le=\"").append(number(bounds.get(i))).append("\"} ")
                    .append(h.cumulative().get(i)).append('\n');
        }
        out.append(name).append("_bucket{").append(l).append(",le=\"+Inf\"} ").append(h.count()).append('\n');
        out.append(name).append("_sum{").append(l).append("} ").append(number(h.sum())).append('\n');
        out.append(name).append("_count{").append(l).append("} ").append(h.count()).append('\n');
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
