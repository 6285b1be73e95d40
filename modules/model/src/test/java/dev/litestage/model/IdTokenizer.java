package dev.litestage.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A test tokenizer whose text is the token ids separated by spaces; BOS 1, EOS 2. */
public record IdTokenizer(int vocabSize) implements Tokenizer {

    @Override
    public int[] encode(String text, boolean bos) {
        int[] ids = text.isBlank() ? new int[0] : Arrays.stream(text.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        if (!bos) {
            return ids;
        }
        int[] out = new int[ids.length + 1];
        out[0] = bosId();
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    @Override
    public String decode(int[] ids) {
        return Arrays.stream(ids).filter(i -> i != bosId() && i != eosId()).mapToObj(Integer::toString)
                .collect(Collectors.joining(" "));
    }

    @Override
    public String piece(int id) {
        return " " + id;
    }

    @Override
    public int bosId() {
        return 1;
    }

    @Override
    public int eosId() {
        return 2;
    }
}
