package dev.litestage.model.load;

import dev.litestage.model.CheckpointException;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.ModelConfig;

import dev.litestage.model.engine.SkippableDecoder;
import dev.litestage.model.hf.HfCheckpoint;
import dev.litestage.model.llama2c.Llama2cCheckpoint;
import dev.litestage.model.llama2c.Llama2cTokenizer;
import dev.litestage.model.tokenizer.HfTokenizer;
import dev.litestage.model.weights.ModelWeights;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a model from disk, whatever its format: a Hugging Face directory ({@code config.json},
 * safetensors, {@code tokenizer.json}) or a llama2.c checkpoint ({@code .bin}) with its tokenizer
 * file (by default {@code tokenizer.bin} or {@code tok<vocab>.bin} beside it).
 */
public final class ModelLoader {

    private ModelLoader() {
    }

    /** Loads {@code model}; {@code tokenizer} may be null to use the one beside it. */
    public static LanguageModel load(Path model, Path tokenizer) {
        if (Files.isDirectory(model)) {
            HfCheckpoint.Loaded loaded = HfCheckpoint.load(model);
            Path tok = tokenizer != null ? tokenizer : model.resolve(HfCheckpoint.TOKENIZER);
            ModelConfig c = loaded.config().config();
            return SkippableDecoder.create(loaded.weights(),
                    HfTokenizer.load(tok, loaded.config().bosId(), loaded.config().eosId(), c.vocabSize()));
        }
        if (!Files.isRegularFile(model)) {
            throw new CheckpointException(model, "no such model file or directory");
        }
        ModelWeights weights = Llama2cCheckpoint.load(model);
        Path tok = tokenizer != null ? tokenizer : defaultLlama2cTokenizer(model, weights.config().vocabSize());
        return SkippableDecoder.create(weights, Llama2cTokenizer.load(tok, weights.config().vocabSize()));
    }

    private static Path defaultLlama2cTokenizer(Path model, int vocab) {
        Path dir = model.toAbsolutePath().getParent();
        for (String name : new String[] {"tok" + vocab + ".bin", "tokenizer.bin"}) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new CheckpointException(model, "no tokenizer given and neither tok" + vocab
                + ".bin nor tokenizer.bin lies beside the checkpoint; pass --tokenizer");
    }
}
