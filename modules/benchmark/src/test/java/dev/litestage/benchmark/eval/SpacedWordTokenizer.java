package dev.litestage.benchmark.eval;

import dev.litestage.model.Tokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lossless test tokenizer: a token is a newline, a lone space, or a word with its leading space
 * ({@code " fox"}), so {@code decode(encode(s)) == s} and token counts are word counts. Words get
 * ids as they are first seen; ids 0, 1, 2 are padding, BOS and EOS.
 */
final class SpacedWordTokenizer implements Tokenizer {

    static final int BOS = 1;
    static final int EOS = 2;

    private static final Pattern TOKEN = Pattern.compile("\n| ?[^ \n]+| ");

    private final List<String> pieces = new ArrayList<>(List.of("<pad>", "<s>", "</s>"));
    private final Map<String, Integer> ids = new HashMap<>();

    @Override
    public synchronized int[] encode(String text, boolean bos) {
        List<Integer> out = new ArrayList<>();
        if (bos) {
            out.add(BOS);
        }
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(ids.computeIfAbsent(m.group(), piece -> {
                pieces.add(piece);
                return pieces.size() - 1;
            }));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public synchronized String decode(int[] tokenIds) {
        StringBuilder text = new StringBuilder();
        for (int id : tokenIds) {
            if (id > EOS) {
                text.append(pieces.get(id));
            }
        }
        return text.toString();
    }

    @Override
    public synchronized String piece(int id) {
        return pieces.get(id);
    }

    @Override
    public int bosId() {
        return BOS;
    }

    @Override
    public int eosId() {
        return EOS;
    }

    @Override
    public int vocabSize() {
        return 1 << 16;
    }
}
