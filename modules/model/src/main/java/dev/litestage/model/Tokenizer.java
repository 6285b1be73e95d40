package dev.litestage.model;

/** Text to token ids and back, for one model's vocabulary. */
public interface Tokenizer {

    /**
     * Encodes {@code text}; with {@code bos} the beginning-of-sequence id comes first. Encoders in
     * the llama2.c/sentencepiece tradition add their dummy leading space here.
     */
    int[] encode(String text, boolean bos);

    /** Decodes ids to text, skipping special tokens (BOS, EOS, padding). */
    String decode(int[] ids);

    /** The text of one token as it appears in generated output (no special-token filtering). */
    String piece(int id);

    int bosId();

    int eosId();

    int vocabSize();
}
