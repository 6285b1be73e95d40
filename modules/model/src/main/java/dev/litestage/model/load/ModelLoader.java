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

    private static final System.Logger LOG = System.getLogger(ModelLoader.class.getName());

    private ModelLoader() {
    }

    /** Loads {@code model}; {@code tokenizer} may be null to use the one beside it. */
    public static LanguageModel load(Path model, Path tokenizer) {
        if (Files.isDirectory(model)) {
            HfCheckpoint.Loaded loaded = HfCheckpoint.load(model);
            Path tok = tokenizer != null ? tokenizer : model.resolve(HfCheckpoint.TOKENIZER);
            ModelConfig c = loaded.config().config();
            HfTokenizer tokenizerOfModel = HfTokenizer.load(tok, loaded.config().bosId(), loaded.config().eosId(), c.vocabSize());
            vocabularyGap(tok, HfTokenizer.idCount(tok), model.resolve(HfCheckpoint.CONFIG), c.vocabSize())
                    .ifPresent(w -> LOG.log(System.Logger.Level.WARNING, w));
            return SkippableDecoder.create(loaded.weights(), tokenizerOfModel);
        }
        if (!Files.isRegularFile(model)) {
            throw new CheckpointException(model, "no such model file or directory");
        }
        ModelWeights weights = Llama2cCheckpoint.load(model);
        Path tok = tokenizer != null ? tokenizer : defaultLlama2cTokenizer(model, weights.config().vocabSize());
        return SkippableDecoder.create(weights, Llama2cTokenizer.load(tok, weights.config().vocabSize()));
    }

    /**
     * A warning when the tokenizer decodes fewer ids than the model can generate: those ids decode
     * to nothing. Not refused, since real checkpoints pad the embedding past the tokenizer (Qwen2.5:
     * 151,665 ids, vocab_size 151,936), but said, since a wrong tokenizer looks just like that.
     */
    public static java.util.Optional<String> vocabularyGap(Path tokenizer, int tokenizerIds, Path config, int vocabSize) {
        if (tokenizerIds < 0 || tokenizerIds >= vocabSize) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("warning: " + tokenizer + " decodes ids 0.." + (tokenizerIds - 1) + " but " + config
                + " has vocab_size " + vocabSize + ": generated ids " + tokenizerIds + ".." + (vocabSize - 1)
                + " decode to nothing (is this the model's own tokenizer?)");
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
