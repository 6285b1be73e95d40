package dev.litestage.experiment.run;

import dev.litestage.reasoning.StageProfile;
import dev.litestage.search.trial.StageMeasurement;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialEvaluator;
import dev.litestage.search.trial.TrialResult;
import dev.litestage.tracking.SearchTracker;
import dev.litestage.tracking.TrialRecord;
import dev.litestage.experiment.execution.TrialOrigin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Logs every trial result to MLflow as a child run of the search. It sits outside the trial cache,
 * so trials restored from the journal on a resumed run are logged too; the tracker is idempotent
 * per trial key, so nothing is logged twice, and a failing server only queues records.
 */
final class TrackedEvaluator implements TrialEvaluator {

    private final TrialEvaluator delegate;
    private final SearchTracker tracker;
    private final Map<String, String> commonParams;
    private final Consumer<TrialResult> onResult;
    private final Function<String, Optional<TrialOrigin>> origins;
    private volatile String strategy;
    private volatile double fullLatencyMs = Double.NaN;

    /**
     * @param origins where a trial was measured when another engine measured it (its worker is a
     *                tag of the child run, the worker's own latency estimate a metric)
     */
    TrackedEvaluator(TrialEvaluator delegate, SearchTracker tracker, Map<String, String> commonParams,
                     Consumer<TrialResult> onResult, Function<String, Optional<TrialOrigin>> origins) {
        this.delegate = delegate;
        this.tracker = tracker;
        this.commonParams = Map.copyOf(commonParams);
        this.onResult = onResult;
        this.origins = origins;
    }

    /** The strategy name of the early-exit-off ablation: its child run's tag and name say so. */
    static final String ABLATION = "ablation-early-exit-off";

    /** Names the strategy whose trials follow (a trial param). */
    void strategy(String name) {
        this.strategy = name;
    }

    @Override
    public TrialResult evaluate(TrialConfig config) {
        return logged(delegate.evaluate(config));
    }

    @Override
    public List<TrialResult> evaluateAll(List<TrialConfig> configs) {
        return delegate.evaluateAll(configs).stream().map(this::logged).toList();
    }

    private TrialResult logged(TrialResult result) {
        TrialConfig config = result.config();
        boolean full = config.stages().stream().allMatch(s -> s.mask().isEmpty() && !s.earlyExit().enabled());
        if (full) {
            fullLatencyMs = result.latencyMs();
        }
        tracker.logTrial(record(result));
        onResult.accept(result);
        return result;
    }

    private TrialRecord record(TrialResult r) {
        Map<String, String> params = new LinkedHashMap<>(commonParams);
        Map<String, Double> metrics = new LinkedHashMap<>();
        params.put("early_exit", r.config().earlyExitToken());
        for (StageProfile s : r.config().stages()) {
            params.put(s.stage() + ".skip_attn", TrialNames.layers(s.mask().skippedAttentionLayers()));
            params.put(s.stage() + ".skip_mlp", TrialNames.layers(s.mask().skippedMlpLayers()));
            params.put(s.stage() + ".skipped", String.valueOf(s.mask().skippedCount()));
            params.put(s.stage() + ".early_exit", TrialNames.earlyExit(s));
        }
        metrics.put("accuracy", r.accuracy());
        metrics.put("latency_ms", r.latencyMs());
        metrics.put("wall_ms", r.wallMs());
        metrics.put("questions", (double) r.questions());
        if (!Double.isNaN(fullLatencyMs) && r.latencyMs() > 0) {
            metrics.put("speedup", fullLatencyMs / r.latencyMs());
        }
        for (StageMeasurement m : r.stages()) {
            metrics.put(m.stage() + ".latency_ms", m.latencyMs());
            metrics.put(m.stage() + ".tokens", m.generatedTokens());
            metrics.put(m.stage() + ".early_exits", (double) m.earlyExits());
        }
        Map<String, String> tags = new LinkedHashMap<>();
        String by = strategy == null ? "search" : strategy;
        tags.put("litestage.strategy", by);
        origins.apply(r.key()).ifPresent(o -> {
            tags.put("litestage.worker", o.worker());
            metrics.put("worker_latency_ms", o.workerLatencyMs());
        });
        String name = (by.equals(ABLATION) ? "ablation " : "") + TrialNames.of(r.config());
        // it started its wall time before now: a trial reused from the journal keeps its own duration
        long started = Math.max(1, System.currentTimeMillis() - Math.round(r.wallMs()));
        return new TrialRecord(r.key(), name, params, metrics, tags, started);
    }
}
