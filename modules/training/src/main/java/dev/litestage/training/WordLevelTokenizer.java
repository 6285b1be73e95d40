package dev.litestage.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litestage.model.Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A closed-vocabulary word-level tokenizer: text splits into pieces matching
 * {@value #PIECE_REGEX} (a word with its leading space and punctuation, e.g. {@code " eats"},
 * {@code " swamp."}, {@code "Recall:"}, or a newline), and every piece is one token. Decoding
 * concatenates pieces, so {@code decode(encode(t)) == t} for every text the vocabulary covers.
 *
 * <p>{@link #writeJson(Path)} saves it as a Hugging Face {@code tokenizer.json} (WordLevel model,
 * Split pre-tokenizer with the same regex, Fuse decoder) that DJL and the Rust tokenizers library
 * read and that encodes exactly as this class does. Build one with {@link WordLevelTokenizerBuilder}.
 */
public final class WordLevelTokenizer implements Tokenizer {

    /** The pre-tokenizer's pattern. */
    public static final String PIECE_REGEX = " ?[^\\s]+|\\n";
    public static final String UNK = "<unk>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    public static final String PAD = "<pad>";
    /** Special tokens, at ids 0..3 in this order. */
    public static final List<String> SPECIALS = List.of(UNK, BOS, EOS, PAD);

    private static final Pattern PIECE = Pattern.compile(PIECE_REGEX);

    private final List<String> pieces;
    private final Map<String, Integer> ids;

    WordLevelTokenizer(List<String> pieces) {
        if (pieces.size() < SPECIALS.size() || !pieces.subList(0, SPECIALS.size()).equals(SPECIALS)) {
            throw new IllegalArgumentException("a vocabulary starts with " + SPECIALS);
        }
        this.pieces = List.copyOf(pieces);
        this.ids = new HashMap<>();
        for (int i = 0; i < pieces.size(); i++) {
            if (ids.put(pieces.get(i), i) != null) {
                throw new IllegalArgumentException("vocabulary piece '" + pieces.get(i) + "' appears twice");
            }
        }
    }

    /** The pieces of {@code text} in order; their concatenation is {@code text} when {@link #covers} holds. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PIECE.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /**
     * The first character offset of {@code text} that no piece covers (a tab, a double space, a
     * trailing space), or -1 when the pieces tile the text exactly.
     */
    static int uncoveredOffset(String text) {
        Matcher m = PIECE.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() != at) {
                return at;
            }
            at = m.end();
        }
        return at == text.length() ? -1 : at;
    }

    @Override
    public int[] encode(String text, boolean bos) {
        List<String> split = split(text);
        int offset = bos ? 1 : 0;
        int[] out = new int[split.size() + offset];
        if (bos) {
            out[0] = bosId();
        }
        for (int i = 0; i < split.size(); i++) {
            out[i + offset] = ids.getOrDefault(split.get(i), 0);
        }
        return out;
    }

    /** Ids of {@code text} framed as a training sequence: {@code BOS, pieces..., EOS}. */
    int[] encodeDocument(String text) {
        int[] body = encode(text, true);
        int[] out = java.util.Arrays.copyOf(body, body.length + 1);
        out[body.length] = eosId();
        return out;
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id >= SPECIALS.size()) {
                sb.append(pieces.get(id));
            }
        }
        return sb.toString();
    }

    @Override
    public String piece(int id) {
        return pieces.get(id);
    }

    /** The id of {@code piece}, or -1 when it is not in the vocabulary. */
    public int id(String piece) {
        return ids.getOrDefault(piece, -1);
    }

    @Override
    public int bosId() {
        return 1;
    }

    @Override
    public int eosId() {
        return 2;
    }

    /** The padding id (never predicted, never attended to across documents). */
    public int padId() {
        return 3;
    }

    @Override
    public int vocabSize() {
        return pieces.size();
    }

    /** All pieces by id. */
    public List<String> pieces() {
        return pieces;
    }

    /** The Hugging Face {@code tokenizer.json} document. */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < SPECIALS.size(); i++) {
            added.addObject().put("id", i).put("content", SPECIALS.get(i)).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Split");
        pre.putObject("pattern").put("Regex", PIECE_REGEX);
        pre.put("behavior", "Isolated");
        pre.put("invert", false);
        root.putNull("post_processor");
        root.putObject("decoder").put("type", "Fuse");
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < pieces.size(); i++) {
            vocab.put(pieces.get(i), i);
        }
        model.put("unk_token", UNK);
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot render tokenizer.json", e);
        }
    }

    /** Writes {@link #toJson()} to {@code file} atomically (a complete file or none). */
    public void writeJson(Path file) throws IOException {
        AtomicFiles.write(file, toJson().getBytes(StandardCharsets.UTF_8));
    }
}
