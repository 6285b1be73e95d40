package dev.litestage.model.bench;

import dev.litestage.model.LanguageModel;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.Tokenizer;
import dev.litestage.model.engine.SkippableDecoder;
import dev.litestage.model.weights.RandomWeights;
import java.util.Arrays;

/**
 * Model shapes that cannot be downloaded here, benchmarked with seeded random weights: speed
 * depends on the shape, not on what the weights say.
 */
public enum RandomShape {
    SMOLLM2_135M(new ModelConfig(ModelConfig.LLAMA, 576, 30, 9, 3, 1536, 49152, 8192, 100000, 1e-5, true, false)),
    STORIES260K(new ModelConfig(ModelConfig.LLAMA, 64, 5, 8, 4, 172, 512, 512, 10000, 1e-5, true, false));

    private final ModelConfig config;

    RandomShape(ModelConfig config) {
        this.config = config;
    }

    public ModelConfig config() {
        return config;
    }

    /** A decoder of this shape with weights drawn from N(0, 0.02) under {@code seed}; ids stand for themselves. */
    public LanguageModel open(long seed) {
        return SkippableDecoder.create(RandomWeights.of(config, seed, 0.02), new CountingTokenizer(config.vocabSize()));
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
