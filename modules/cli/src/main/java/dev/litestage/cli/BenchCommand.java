package dev.litestage.cli;

import dev.litestage.benchmark.eval.PipelineThroughput;
import dev.litestage.experiment.config.ExperimentLoader;
import dev.litestage.experiment.run.ExperimentThroughput;
import dev.litestage.experiment.run.ModelOpening;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.bench.DecodeBenchmark;
import dev.litestage.model.bench.RandomShape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prefill and decode speed under masks that skip a fraction of sublayers. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Prints prefill ms, decode ms per step and tokens/s for batch sizes and masks skipping fractions of sublayers.")
final class BenchCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--model", description = "HF model directory or llama2.c checkpoint")
        Path model;

        @Option(names = "--random", description = "a random model of a known shape: ${COMPLETION-CANDIDATES}")
        RandomShape random;

        @Option(names = "--experiment", description = "an experiment (YAML): questions per second of its whole"
                + " pipeline at each --batch size, interleaved, and how far the batch sizes' answers agree")
        Path experiment;
    }

    @Option(names = "--profile", description = "with --experiment: an exported profile (default: the full model)")
    Path profile;

    @Option(names = "--questions", defaultValue = "0",
            description = "with --experiment: the first N questions of the evaluation split (0 = all of it)")
    int questions;

    @Option(names = "--rounds", defaultValue = "2",
            description = "with --experiment: interleaved rounds; medians are reported (default ${DEFAULT-VALUE})")
    int rounds;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--tokenizer", description = "tokenizer file for --model")
    Path tokenizer;

    @Option(names = "--fractions", split = ",", defaultValue = "0,0.25,0.5", description = "skipped fractions (default ${DEFAULT-VALUE})")
    double[] fractions;

    @Option(names = "--batch", split = ",", defaultValue = "1",
            description = "batch sizes: sequences generated together (default ${DEFAULT-VALUE})")
    int[] batches;

    @Option(names = "--prompt-tokens", defaultValue = "32")
    int promptTokens;

    @Option(names = "--decode-tokens", defaultValue = "32")
    int decodeTokens;

    @Option(names = "--warmup", defaultValue = "3", description = "warm-up runs per mask (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--runs", defaultValue = "5", description = "timed runs per mask; medians are reported (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--json", description = "also print one JSON object with every row on the last line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        for (double f : fractions) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("--fractions: " + f + " is not a fraction in [0, 1]");
            }
        }
        for (int b : batches) {
            if (b < 1) {
                throw new IllegalArgumentException("--batch: " + b + " must be >= 1");
            }
        }
        if (source.experiment != null) {
            return pipelineThroughput();
        }
        LanguageModel lm;
        String name;
        if (source.model != null) {
            lm = ModelOpening.open(source.model, tokenizer);
            name = source.model.getFileName().toString();
        } else {
            lm = ModelOpening.tune(source.random.open(42), "auto", 1);
            name = "random " + source.random.name().toLowerCase(Locale.ROOT);
        }
        double[] all = Arrays.copyOf(fractions, fractions.length + 1);
        all[fractions.length] = 1.0; // everything skipped: the fixed cost of embedding and head
        Map<Integer, LanguageModel> byBatch = new HashMap<>();
        LanguageModel base = lm;
        List<DecodeBenchmark.Row> rows = DecodeBenchmark.run(
                b -> byBatch.computeIfAbsent(b, size -> base.withBatchLimits(DecodeBenchmark.limitsFor(size))),
                batches, all, new DecodeBenchmark.Settings(promptTokens, decodeTokens, warmup, runs), 7);
        ModelConfig c = lm.config();
        System.out.printf(Locale.ROOT, "%s: d=%d, %d layers, %d heads / %d KV heads, MLP %d, vocab %d; prompt %d tokens, "
                        + "decode %d tokens, median of %d runs after %d warm-up%n", name, c.hiddenSize(), c.layers(), c.heads(),
                c.kvHeads(), c.intermediateSize(), c.vocabSize(), promptTokens, decodeTokens, runs, warmup);
        System.out.println("batch  skipped  sublayers  prefill_ms  decode_ms/step  tokens/s  saving  saving/ideal");
        int perBatch = all.length;
        double batch1Rate = Double.NaN;
        for (int bi = 0; bi < batches.length; bi++) {
            List<DecodeBenchmark.Row> cell = rows.subList(bi * perBatch, (bi + 1) * perBatch);
            DecodeBenchmark.Row full = cell.get(0);
            double fixed = cell.get(cell.size() - 1).decodeMsPerStep();
            for (DecodeBenchmark.Row r : cell.subList(0, cell.size() - 1)) {
                double saving = 1 - r.decodeMsPerStep() / full.decodeMsPerStep();
                // ideal: the skipped fraction of the sublayer time (step time minus embedding+head)
                double ideal = r.fraction() * (full.decodeMsPerStep() - fixed) / full.decodeMsPerStep();
                System.out.printf(Locale.ROOT, "%5d  %6.0f%%  %9d  %10.2f  %14.3f  %8.1f  %5.1f%%  %s%n", r.batch(),
                        100 * r.fraction(), r.mask().skippedCount(), r.prefillMs(), r.decodeMsPerStep(), r.tokensPerSecond(),
                        100 * saving, ideal > 0 ? String.format(Locale.ROOT, "%.2f", saving / ideal) : "-");
            }
            System.out.printf(Locale.ROOT, "%5d  fixed cost (all sublayers skipped: embedding + head): %.3f ms/step%n",
                    full.batch(), fixed);
            if (full.batch() == 1) {
                batch1Rate = full.tokensPerSecond();
            } else if (!Double.isNaN(batch1Rate)) {
                System.out.printf(Locale.ROOT, "%5d  throughput, full model: %.1fx batch 1%n", full.batch(),
                        full.tokensPerSecond() / batch1Rate);
            }
        }
        if (json) {
            System.out.println(jsonLine(name, rows));
        }
        return 0;
    }

    /** {@code --experiment}: the whole pipeline's questions per second at each batch size. */
    private int pipelineThroughput() throws Exception {
        ExperimentThroughput.Measured m = ExperimentThroughput.measure(ExperimentLoader.load(source.experiment), profile,
                questions, batches, rounds, ConsoleProgress.console());
        List<PipelineThroughput.Row> rows = m.rows();
        System.out.printf(Locale.ROOT, "%s, %s on %d %s questions, median of %d interleaved rounds%n", m.experiment(),
                m.profile(), m.questions(), m.split(), m.rounds());
        System.out.println("batch  questions/s  rounds            vs batch " + batches[0]
                + "  accuracy  stage outcomes differing  answers differing");
        double base = rows.get(0).questionsPerSecond();
        for (PipelineThroughput.Row r : rows) {
            String roundsText = Arrays.stream(r.roundRates()).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v))
                    .reduce((a, b) -> a + "," + b).orElse("");
            System.out.printf(Locale.ROOT, "%5d  %11.2f  %-16s  %8.1fx  %7.1f%%  %d of %d (%.2f%%)  %d%n", r.batch(),
                    r.questionsPerSecond(), roundsText, r.questionsPerSecond() / base, 100 * r.accuracy(),
                    r.differingStages(), r.stageOutcomes(), 100.0 * r.differingStages() / r.stageOutcomes(),
                    r.differingAnswers());
        }
        if (json) {
            record JsonRow(int batch, double questionsPerS, double speedupVsFirst, double accuracy,
                           int differingStageOutcomes, int stageOutcomes, int differingAnswers) {}
            record JsonLine(String experiment, int questions, List<JsonRow> rows) {}
            System.out.println(JSON.writeValueAsString(new JsonLine(m.experiment(), m.questions(), rows.stream()
                    .map(r -> new JsonRow(r.batch(), r.questionsPerSecond(), r.questionsPerSecond() / base, r.accuracy(),
                            r.differingStages(), r.stageOutcomes(), r.differingAnswers())).toList())));
        }
        return 0;
    }

    /** JSON lines in snake_case, the names the consumers read. */
    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private static String jsonLine(String model, List<DecodeBenchmark.Row> rows) throws Exception {
        record JsonRow(int batch, double skippedFraction, int skippedSublayers, double prefillMs, double decodeMsPerStep,
                       double tokensPerS, int tokens) {}
        record JsonLine(String model, List<JsonRow> rows) {}
        return JSON.writeValueAsString(new JsonLine(model, rows.stream().map(r -> new JsonRow(r.batch(), r.fraction(),
                r.mask().skippedCount(), r.prefillMs(), r.decodeMsPerStep(), r.tokensPerSecond(), r.tokens())).toList()));
    }
}
