package dev.litestage.model.bench;

import dev.litestage.model.BatchLimits;
import dev.litestage.model.Generation;
import dev.litestage.model.GenerationRequest;
import dev.litestage.model.GenerationResult;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import dev.litestage.model.Sublayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Measures prefill time, decode time per step and aggregate decode throughput for batches of
 * sequences under skip masks that drop a given fraction of sublayers, evenly spaced over execution
 * order. Each figure is the median of several timed runs after warm-up; masks and batch sizes are
 * interleaved run by run so machine noise hits them alike.
 */
public final class DecodeBenchmark {

    /**
     * One (batch size, mask) cell.
     *
     * @param batch            sequences generated together
     * @param prefillMs        wall time of the batch's prefill (all its prompts together)
     * @param decodeMsPerStep  wall time of one decode step of the whole batch
     * @param tokensPerSecond  generated tokens per second over all sequences of the batch
     * @param tokens           tokens each sequence decoded
     */
    public record Row(int batch, double fraction, SkipMask mask, double prefillMs, double decodeMsPerStep,
                      double tokensPerSecond, int tokens) {}

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

    /**
     * The mask that skips {@code round(fraction * sublayers)} sublayers, evenly spaced.
     *
     * @throws IllegalArgumentException when {@code fraction} is outside [0, 1]
     */
    public static SkipMask evenlySpaced(int layers, double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("skipped fraction must be in [0, 1], was " + fraction);
        }
        int total = 2 * layers;
        int k = (int) Math.round(fraction * total);
        List<Sublayer> skipped = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            // centre of the i-th of k equal bins: spreads skips across depth and alternates kinds
            skipped.add(Sublayer.ofIndex((int) Math.floor((i + 0.5) * total / k)));
        }
        return SkipMask.of(layers, skipped);
    }

    /** Batch-1 figures: {@link #run(IntFunction, int[], double[], Settings, long)} with one batch size. */
    public static List<Row> run(LanguageModel model, double[] fractions, Settings settings, long seed) {
        return run(rows -> model, new int[] {1}, fractions, settings, seed);
    }

    /**
     * Runs the benchmark on seeded random prompts (one per sequence of a batch); every sequence
     * decodes {@code decodeTokens} tokens, through EOS if the model produces it.
     *
     * @param modelForBatch the model to run a batch of the given size on (its batch limits must
     *                      admit that many rows at once)
     * @throws IllegalArgumentException when a batch size is below 1
     */
    public static List<Row> run(IntFunction<LanguageModel> modelForBatch, int[] batchSizes, double[] fractions,
                                Settings settings, long seed) {
        for (int b : batchSizes) {
            if (b < 1) {
                throw new IllegalArgumentException("batch sizes must be >= 1, was " + b);
            }
        }
        LanguageModel first = modelForBatch.apply(batchSizes[0]);
        int layers = first.config().layers();
        int maxBatch = Arrays.stream(batchSizes).max().orElseThrow();
        List<int[]> prompts = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < maxBatch; i++) {
            int[] prompt = new int[settings.promptTokens()];
            prompt[0] = Math.max(0, first.tokenizer().bosId());
            for (int t = 1; t < prompt.length; t++) {
                prompt[t] = 3 + random.nextInt(first.config().vocabSize() - 3);
            }
            prompts.add(prompt);
        }
        SkipMask[] masks = Arrays.stream(fractions).mapToObj(f -> evenlySpaced(layers, f)).toArray(SkipMask[]::new);
        int cells = batchSizes.length * masks.length;
        double[][] prefill = new double[cells][settings.timedRuns()];
        double[][] step = new double[cells][settings.timedRuns()];
        double[][] throughput = new double[cells][settings.timedRuns()];
        int[] tokens = new int[cells];
        for (int run = -settings.warmupRuns(); run < settings.timedRuns(); run++) {
            for (int bi = 0; bi < batchSizes.length; bi++) {
                LanguageModel model = modelForBatch.apply(batchSizes[bi]);
                for (int m = 0; m < masks.length; m++) {
                    List<GenerationRequest> requests = prompts.subList(0, batchSizes[bi]).stream()
                            .map(p -> GenerationRequest.of(p, settings.decodeTokens(), StopCondition.NEVER).ignoringEos())
                            .toList();
                    List<Generation> out = model.generateAll(requests, masks[m]).stream()
                            .map(GenerationResult::orThrow).toList();
                    if (run >= 0) {
                        int cell = bi * masks.length + m;
                        long prefillNanos = out.stream().mapToLong(Generation::prefillNanos).max().orElse(0);
                        long decodeNanos = out.stream().mapToLong(Generation::decodeNanos).max().orElse(0);
                        int steps = out.stream().mapToInt(Generation::tokens).max().orElse(0);
                        int generated = out.stream().mapToInt(Generation::tokens).sum();
                        prefill[cell][run] = prefillNanos / 1e6;
                        step[cell][run] = steps == 0 ? 0 : decodeNanos / 1e6 / steps;
                        throughput[cell][run] = decodeNanos == 0 ? 0 : generated / (decodeNanos / 1e9);
                        tokens[cell] = steps;
                    }
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int bi = 0; bi < batchSizes.length; bi++) {
            for (int m = 0; m < masks.length; m++) {
                int cell = bi * masks.length + m;
                rows.add(new Row(batchSizes[bi], fractions[m], masks[m], median(prefill[cell]), median(step[cell]),
                        median(throughput[cell]), tokens[cell]));
            }
        }
        return rows;
    }

    /** Limits that admit {@code rows} sequences of this benchmark at once (and bound nothing else). */
    public static BatchLimits limitsFor(int rows) {
        return new BatchLimits(rows, Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
