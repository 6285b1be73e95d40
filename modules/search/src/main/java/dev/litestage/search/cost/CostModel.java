package dev.litestage.search.cost;

import dev.litestage.model.Generation;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import dev.litestage.model.Sublayer;
import dev.litestage.reasoning.StageProfile;
import dev.litestage.search.trial.LatencyMeasurement;
import dev.litestage.search.trial.StageMeasurement;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialEvaluator;
import dev.litestage.search.trial.TrialResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A calibrated latency model for a deterministic search: a stage's latency is its counts times the
 * cost of the sublayers its mask leaves running,
 * {@code latency = sum over stages of prefillCalls * prefillCall.msPerToken(mask)
 * + prefillTokens * prefill.msPerToken(mask) + generatedTokens * decode.msPerToken(mask)}.
 * The per-call term is what a prefill costs however few its tokens (one SameDiff call per
 * sublayer): without it, the 3-5 token prefills of a per-option stage's later options, which reuse
 * the earlier options' keys and values, were priced at a fraction of what they take.
 *
 * <p>Token counts come from the trial (skipping can make a stage generate more), so the model
 * captures the effect that makes latency non-monotonic in the number of skipped sublayers while
 * removing timing noise from the search.
 *
 * @param layers      the model's layer count
 * @param prefillCall cost of one prefill call beyond its tokens
 * @param prefill     per-token cost of the prompt pass
 * @param decode      per-token cost of one decode step
 */
public record CostModel(int layers, PhaseCost prefillCall, PhaseCost prefill, PhaseCost decode) {

    public CostModel {
        if (layers < 1) {
            throw new IllegalArgumentException("cost model: layers must be >= 1, was " + layers);
        }
        Objects.requireNonNull(prefillCall, "prefillCall");
        Objects.requireNonNull(prefill, "prefill");
        Objects.requireNonNull(decode, "decode");
    }

    public static CostModel of(int layers, PhaseCost prefillCall, PhaseCost prefill, PhaseCost decode) {
        return new CostModel(layers, prefillCall, prefill, decode);
    }

    /**
     * Calibrates by timing {@code model.generate} under three masks: nothing skipped, every
     * attention sublayer skipped, every MLP sublayer skipped; for each, the prefill of
     * {@code promptIds} and of its first quarter (at least one token) separate the per-call from
     * the per-token cost, and decoding {@code maxNewTokens} tokens gives the per-step cost. Each is
     * measured per {@code policy} (warm-up, median of repetitions); then per phase
     * {@code attention = (full - noAttention) / layers}, {@code mlp = (full - noMlp) / layers},
     * {@code fixed = full - layers * (attention + mlp)}, each clamped at zero against noise.
     *
     * @param promptIds    a representative prompt, BOS included, of at least 2 tokens
     * @param maxNewTokens decode steps per run; more steps average out per-step noise
     * @throws IllegalStateException when a calibration run generates no token (decode cost unknown)
     */
    public static CostModel calibrate(LanguageModel model, int[] promptIds, int maxNewTokens,
                                      LatencyMeasurement policy) {
        int layers = model.config().layers();
        if (promptIds.length < 2) {
            throw new IllegalArgumentException("cost calibration needs a prompt of at least 2 tokens, had "
                    + promptIds.length);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("cost calibration: maxNewTokens must be >= 1, was " + maxNewTokens);
        }
        int[] shortPrompt = java.util.Arrays.copyOf(promptIds, Math.max(1, promptIds.length / 4));
        SkipMask full = SkipMask.none(layers);
        SkipMask noAttention = SkipMask.of(layers, IntStream.range(0, layers).mapToObj(Sublayer::attention).toList());
        SkipMask noMlp = SkipMask.of(layers, IntStream.range(0, layers).mapToObj(Sublayer::mlp).toList());
        double[] f = costs(model, promptIds, shortPrompt, maxNewTokens, full, policy);
        double[] a = costs(model, promptIds, shortPrompt, maxNewTokens, noAttention, policy);
        double[] m = costs(model, promptIds, shortPrompt, maxNewTokens, noMlp, policy);
        return new CostModel(layers, solve(layers, f[0], a[0], m[0]), solve(layers, f[1], a[1], m[1]),
                solve(layers, f[2], a[2], m[2]));
    }

    private static PhaseCost solve(int layers, double full, double noAttention, double noMlp) {
        double attention = Math.max(0, (full - noAttention) / layers);
        double mlp = Math.max(0, (full - noMlp) / layers);
        double fixed = Math.max(0, full - layers * (attention + mlp));
        return new PhaseCost(fixed, attention, mlp);
    }

    /**
     * Median {ms per prefill call, ms per prompt token, ms per generated token} under {@code mask}:
     * a prefill of T tokens costs {@code call + T * token}, fitted through the long and short prompt.
     */
    private static double[] costs(LanguageModel model, int[] longPrompt, int[] shortPrompt, int maxNewTokens,
                                  SkipMask mask, LatencyMeasurement policy) {
        for (int i = 0; i < policy.warmup(); i++) {
            model.generate(longPrompt, mask, maxNewTokens, StopCondition.NEVER);
            model.generate(shortPrompt, mask, 1, StopCondition.NEVER);
        }
        double[] longMs = new double[policy.repetitions()];
        double[] shortMs = new double[policy.repetitions()];
        double[] decode = new double[policy.repetitions()];
        for (int i = 0; i < policy.repetitions(); i++) {
            Generation g = model.generate(longPrompt, mask, maxNewTokens, StopCondition.NEVER);
            if (g.tokens() == 0) {
                throw new IllegalStateException("cost calibration: mask " + mask.toSpec()
                        + " generated no token (stop " + g.stop() + "); use a prompt after which the model keeps"
                        + " generating");
            }
            longMs[i] = g.prefillNanos() / 1e6;
            shortMs[i] = model.generate(shortPrompt, mask, 1, StopCondition.NEVER).prefillNanos() / 1e6;
            decode[i] = g.decodeMsPerToken();
        }
        double longMedian = LatencyMeasurement.median(longMs);
        double shortMedian = LatencyMeasurement.median(shortMs);
        double perToken = Math.max(0, (longMedian - shortMedian) / (longPrompt.length - shortPrompt.length));
        double perCall = Math.max(0, shortMedian - shortPrompt.length * perToken);
        return new double[] {perCall, perToken, LatencyMeasurement.median(decode)};
    }

    /** Estimated latency of one stage in milliseconds. */
    public double stageLatencyMs(SkipMask mask, double prefillCalls, double prefillTokens, double generatedTokens) {
        if (mask.layers() != layers) {
            throw new IllegalArgumentException("cost model covers " + layers + " layers, mask " + mask.toSpec()
                    + " covers " + mask.layers());
        }
        return prefillCalls * prefillCall.msPerToken(mask) + prefillTokens * prefill.msPerToken(mask)
                + generatedTokens * decode.msPerToken(mask);
    }

    /**
     * {@code measured} with every stage latency replaced by this model's estimate from the stage's
     * mask and measured token counts, and the end-to-end latency by their sum.
     */
    public TrialResult estimate(TrialResult measured) {
        List<StageMeasurement> stages = new ArrayList<>(measured.stages().size());
        double total = 0;
        for (StageMeasurement s : measured.stages()) {
            StageProfile profile = measured.config().stage(s.stage());
            double latency = stageLatencyMs(profile.mask(), s.prefillCalls(), s.prefillTokens(), s.generatedTokens());
            stages.add(s.withLatency(latency));
            total += latency;
        }
        return measured.withLatencies(stages, total);
    }

    /** An evaluator whose latencies are this model's estimates over {@code measured}'s token counts. */
    public TrialEvaluator estimating(TrialEvaluator measured) {
        Objects.requireNonNull(measured, "measured");
        return new TrialEvaluator() {
            @Override
            public TrialResult evaluate(TrialConfig config) {
                return estimate(measured.evaluate(config));
            }

            @Override
            public List<TrialResult> evaluateAll(List<TrialConfig> configs) {
                return measured.evaluateAll(configs).stream().map(CostModel.this::estimate).toList();
            }
        };
    }
}
