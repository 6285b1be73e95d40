package dev.litestage.model.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litestage.model.CheckpointException;
import dev.litestage.model.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json}, run by DJL's binding of the Rust tokenizers library
 * (bundled native code, no download). BOS is prepended by this class, not by the tokenizer's
 * post-processor, so every model family encodes prompts the same way.
 */
public final class HfTokenizer implements Tokenizer {

    private final HuggingFaceTokenizer delegate;
    private final int bosId;
    private final int eosId;
    private final int vocabSize;

    private HfTokenizer(HuggingFaceTokenizer delegate, int bosId, int eosId, int vocabSize) {
        this.delegate = delegate;
        this.bosId = bosId;
        this.eosId = eosId;
        this.vocabSize = vocabSize;
    }

    /**
     * Loads {@code file}. BOS and EOS ids come from the model's {@code config.json}; a model without
     * a BOS token (Qwen2) passes -1 and prompts then start without one.
     */
    public static HfTokenizer load(Path file, int bosId, int eosId, int vocabSize) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file, "tokenizer file is missing");
        }
        try {
            HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(file,
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
            return new HfTokenizer(t, bosId, eosId, vocabSize);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(file, "cannot load tokenizer.json: " + e.getMessage(), e);
        }
    }

    /**
     * How many ids {@code file} (a {@code tokenizer.json}) can decode: one more than the largest id
     * in its model's vocabulary and its added tokens, or -1 when it lists none there.
     */
    public static int idCount(Path file) {
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            int largest = -1;
            JsonNode vocab = root.path("model").path("vocab");
            if (vocab.isObject()) {
                for (JsonNode id : vocab) {
                    largest = Math.max(largest, id.asInt(-1));
                }
            } else if (vocab.isArray()) { // Unigram: [[piece, score], ...], ids by position
                largest = vocab.size() - 1;
            }
            for (JsonNode added : root.path("added_tokens")) {
                largest = Math.max(largest, added.path("id").asInt(-1));
            }
            return largest < 0 ? -1 : largest + 1;
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot load tokenizer.json: " + e.getMessage(), e);
        }
    }

    @Override
    public int[] encode(String text, boolean bos) {
        Encoding enc = delegate.encode(text, false, false);
        long[] ids = enc.getIds();
        boolean prepend = bos && bosId >= 0;
        int[] out = new int[ids.length + (prepend ? 1 : 0)];
        if (prepend) {
            out[0] = bosId;
        }
        for (int i = 0; i < ids.length; i++) {
            out[i + (prepend ? 1 : 0)] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] kept = Arrays.stream(ids).filter(id -> id != bosId && id != eosId).asLongStream().toArray();
        return delegate.decode(kept, true);
    }

    @Override
    public String piece(int id) {
        return delegate.decode(new long[] {id}, false);
    }

    @Override
    public int bosId() {
        return bosId;
    }

    @Override
    public int eosId() {
        return eosId;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }
}
