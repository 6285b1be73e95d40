package dev.litestage.cli;

import dev.litestage.model.LanguageModel;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.ModelLoader;
import dev.litestage.model.Tokenizer;
import dev.litestage.model.bench.DecodeBenchmark;
import dev.litestage.model.engine.SkippableDecoder;
import dev.litestage.model.weights.RandomWeights;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prefill and decode speed under masks that skip a fraction of sublayers. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Prints prefill ms and decode ms/token for masks skipping fractions of sublayers.")
final class BenchCommand implements Callable<Integer> {

    /** Model shapes that cannot be downloaded here, benchmarked with seeded random weights. */
    enum RandomShape {
        SMOLLM2_135M(new ModelConfig(ModelConfig.LLAMA, 576, 30, 9, 3, 1536, 49152, 8192, 100000, 1e-5, true, false)),
        STORIES260K(new ModelConfig(ModelConfig.LLAMA, 64, 5, 8, 4, 172, 512, 512, 10000, 1e-5, true, false));

        final ModelConfig config;

        RandomShape(ModelConfig config) {
            this.config = config;
        }
    }

    static final class Source {
        @Option(names = "--model", description = "HF model directory or llama2.c checkpoint")
        Path model;

        @Option(names = "--random", description = "a random model of a known shape: ${COMPLETION-CANDIDATES}")
        RandomShape random;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--tokenizer", description = "tokenizer file for --model")
    Path tokenizer;

    @Option(names = "--fractions", split = ",", defaultValue = "0,0.25,0.5", description = "skipped fractions (default ${DEFAULT-VALUE})")
    double[] fractions;

    @Option(names = "--prompt-tokens", defaultValue = "32")
    int promptTokens;

    @Option(names = "--decode-tokens", defaultValue = "32")
    int decodeTokens;

    @Option(names = "--warmup", defaultValue = "3", description = "warm-up runs per mask (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--runs", defaultValue = "5", description = "timed runs per mask; medians are reported (default ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() {
        LanguageModel lm;
        String name;
        if (source.model != null) {
            lm = ModelLoader.load(source.model, tokenizer);
            name = source.model.getFileName().toString();
        } else {
            ModelConfig c = source.random.config;
            lm = SkippableDecoder.create(RandomWeights.of(c, 42, 0.02), new CountingTokenizer(c.vocabSize()));
            name = "random " + source.random.name().toLowerCase(Locale.ROOT);
        }
        double[] all = Arrays.copyOf(fractions, fractions.length + 1);
        all[fractions.length] = 1.0; // everything skipped: the fixed cost of embedding and head
        List<DecodeBenchmark.Row> rows = DecodeBenchmark.run(lm,
                all, new DecodeBenchmark.Settings(promptTokens, decodeTokens, warmup, runs), 7);
        ModelConfig c = lm.config();
        System.out.printf(Locale.ROOT, "%s: d=%d, %d layers, %d heads / %d KV heads, MLP %d, vocab %d; prompt %d tokens, "
                        + "decode %d tokens, median of %d runs after %d warm-up%n", name, c.hiddenSize(), c.layers(), c.heads(),
                c.kvHeads(), c.intermediateSize(), c.vocabSize(), promptTokens, decodeTokens, runs, warmup);
        DecodeBenchmark.Row base = rows.get(0);
        double fixed = rows.get(rows.size() - 1).decodeMsPerToken();
        System.out.println("skipped  sublayers  prefill_ms  decode_ms/token  saving  saving/ideal");
        for (DecodeBenchmark.Row r : rows.subList(0, rows.size() - 1)) {
            double saving = 1 - r.decodeMsPerToken() / base.decodeMsPerToken();
            // ideal: the skipped fraction of the sublayer time (decode time minus embedding+head)
            double ideal = r.fraction() * (base.decodeMsPerToken() - fixed) / base.decodeMsPerToken();
            System.out.printf(Locale.ROOT, "%6.0f%%  %9d  %10.2f  %15.3f  %5.1f%%  %s%n", 100 * r.fraction(),
                    r.mask().skippedCount(), r.prefillMs(), r.decodeMsPerToken(), 100 * saving,
                    ideal > 0 ? String.format(Locale.ROOT, "%.2f", saving / ideal) : "-");
        }
        System.out.printf(Locale.ROOT, "fixed cost (all sublayers skipped: embedding + head): %.3f ms/token%n", fixed);
        return 0;
    }

    /** Random models have no vocabulary; ids stand for themselves. */
    private record CountingTokenizer(int vocabSize) implements Tokenizer {
        @Override
        public int[] encode(String text, boolean bos) {
            throw new UnsupportedOperationException("a random model has no tokenizer");
        }

        @Override
        public String decode(int[] ids) {
            return Arrays.toString(ids);
        }

        @Override
        public String piece(int id) {
            return "<" + id + ">";
        }

        @Override
        public int bosId() {
            return 1;
        }

        @Override
        public int eosId() {
            return -1;
        }

        @Override
        public int vocabSize() {
            return vocabSize;
        }
    }
}
