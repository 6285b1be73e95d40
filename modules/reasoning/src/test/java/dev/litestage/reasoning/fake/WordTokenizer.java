package dev.litestage.reasoning.fake;

import dev.litestage.model.Tokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lossless test tokenizer: a token is a newline, a lone space, or a word with its leading space
 * ({@code " sun"}), so {@code decode(encode(s)) == s} exactly and prompts can be compared byte for
 * byte. Words get ids as they are first seen. Ids 0, 1, 2 are padding, BOS and EOS.
 */
public final class WordTokenizer implements Tokenizer {

    public static final int PAD = 0;
    public static final int BOS = 1;
    public static final int EOS = 2;

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
            out.add(ids.computeIfAbsent(m.group(), p -> {
                pieces.add(p);
                return pieces.size() - 1;
            }));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public synchronized String decode(int[] tokenIds) {
        StringBuilder sb = new StringBuilder();
        for (int id : tokenIds) {
            if (id > EOS) {
                sb.append(pieces.get(id));
            }
        }
        return sb.toString();
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
        return 4096;
    }
}
