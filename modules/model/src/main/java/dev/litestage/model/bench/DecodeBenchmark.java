package dev.litestage.model.bench;

import dev.litestage.model.Generation;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import dev.litestage.model.Sublayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures prefill time and decode time per token under skip masks that drop a given fraction of
 * sublayers, evenly spaced over execution order. Each figure is the median of several timed runs
 * after warm-up, and masks are interleaved run by run so machine noise hits them alike.
 */
public final class DecodeBenchmark {

    /** One mask's figures. */
    public record Row(double fraction, SkipMask mask, double prefillMs, double decodeMsPerToken, int tokens) {}

    /** Benchmark settings. */
    public record Settings(int promptTokens, int decodeTokens, int warmupRuns, int timedRuns) {
        public Settings {
            if (promptTokens < 1 || decodeTokens < 1 || warmupRuns < 0 || timedRuns < 1) {
                throw new IllegalArgumentException("prompt/decode tokens and timed runs must be >= 1, warm-up >= 0");
            }
        }
    }

    private DecodeBenchmark() {
    }

    /** The mask that skips {@code round(fraction * sublayers)} sublayers, evenly spaced. */
    public static SkipMask evenlySpaced(int layers, double fraction) {
        int total = 2 * layers;
        int k = (int) Math.round(fraction * total);
        List<Sublayer> skipped = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            // centre of the i-th of k equal bins: spreads skips across depth and alternates kinds
            skipped.add(Sublayer.ofIndex((int) Math.floor((i + 0.5) * total / k)));
        }
        return SkipMask.of(layers, skipped);
    }

    /**
     * Runs the benchmark on a seeded random prompt. A run that meets EOS decodes fewer tokens;
     * decode time is per token, so the figures stay comparable, and {@link Row#tokens()} says how
     * many were decoded.
     */
    public static List<Row> run(LanguageModel model, double[] fractions, Settings settings, long seed) {
        int layers = model.config().layers();
        int[] prompt = new int[settings.promptTokens()];
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        prompt[0] = Math.max(0, model.tokenizer().bosId());
        for (int i = 1; i < prompt.length; i++) {
            prompt[i] = 3 + random.nextInt(model.config().vocabSize() - 3);
        }
        SkipMask[] masks = Arrays.stream(fractions).mapToObj(f -> evenlySpaced(layers, f)).toArray(SkipMask[]::new);
        double[][] prefill = new double[masks.length][settings.timedRuns()];
        double[][] decode = new double[masks.length][settings.timedRuns()];
        int[] tokens = new int[masks.length];
        for (int run = -settings.warmupRuns(); run < settings.timedRuns(); run++) {
            for (int m = 0; m < masks.length; m++) {
                Generation g = model.generate(prompt, masks[m], settings.decodeTokens(), StopCondition.NEVER);
                if (run >= 0) {
                    prefill[m][run] = g.prefillNanos() / 1e6;
                    decode[m][run] = g.decodeMsPerToken();
                    tokens[m] = g.tokens();
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int m = 0; m < masks.length; m++) {
            rows.add(new Row(fractions[m], masks[m], median(prefill[m]), median(decode[m]), tokens[m]));
        }
        return rows;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
