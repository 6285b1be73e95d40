package dev.litestage.model.llama2c;

import dev.litestage.model.CheckpointException;
import dev.litestage.model.Tokenizer;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The llama2.c tokenizer ({@code tokenizer.bin}, {@code tok512.bin}): a sentencepiece-style
 * vocabulary with merge scores. Encoding follows {@code run.c}: a dummy leading space, code points
 * looked up with byte fallback ({@code <0xXX>} = id byte+3), then greedy merging of the
 * best-scoring adjacent pair. BOS is 1, EOS is 2.
 */
public final class Llama2cTokenizer implements Tokenizer {

    private static final int BOS = 1;
    private static final int EOS = 2;

    private final String[] vocab;
    private final float[] scores;
    private final Map<String, Integer> ids;

    private Llama2cTokenizer(String[] vocab, float[] scores) {
        this.vocab = vocab;
        this.scores = scores;
        this.ids = new HashMap<>();
        for (int i = 0; i < vocab.length; i++) {
            ids.putIfAbsent(vocab[i], i);
        }
    }

    /** Reads a tokenizer file holding {@code vocabSize} entries. */
    public static Llama2cTokenizer load(Path file, int vocabSize) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read tokenizer: " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        String[] vocab = new String[vocabSize];
        float[] scores = new float[vocabSize];
        int i = 0;
        try {
            b.getInt(); // max token length
            for (; i < vocabSize; i++) {
                scores[i] = b.getFloat();
                int len = b.getInt();
                if (len < 0 || len > b.remaining()) {
                    throw new CheckpointException(file, "corrupt tokenizer: token " + i + " claims " + len + " bytes");
                }
                byte[] piece = new byte[len];
                b.get(piece);
                vocab[i] = new String(piece, StandardCharsets.UTF_8);
            }
        } catch (BufferUnderflowException e) {
            throw new CheckpointException(file, "truncated tokenizer: ends at token " + i + " of " + vocabSize, e);
        }
        return new Llama2cTokenizer(vocab, scores);
    }

    @Override
    public int[] encode(String text, boolean bos) {
        List<Integer> tokens = new ArrayList<>();
        if (!text.isEmpty()) {
            tokens.add(ids.get(" "));
        }
        text.codePoints().forEach(cp -> {
            String s = new String(Character.toChars(cp));
            Integer id = ids.get(s);
            if (id != null) {
                tokens.add(id);
            } else {
                for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
                    tokens.add((by & 0xff) + 3);
                }
            }
        });
        while (true) {
            float best = Float.NEGATIVE_INFINITY;
            int bestId = -1;
            int bestAt = -1;
            for (int i = 0; i + 1 < tokens.size(); i++) {
                Integer merged = ids.get(vocab[tokens.get(i)] + vocab[tokens.get(i + 1)]);
                if (merged != null && scores[merged] > best) {
                    best = scores[merged];
                    bestId = merged;
                    bestAt = i;
                }
            }
            if (bestAt < 0) {
                break;
            }
            tokens.set(bestAt, bestId);
            tokens.remove(bestAt + 1);
        }
        int offset = bos ? 1 : 0;
        int[] out = new int[tokens.size() + offset];
        if (bos) {
            out[0] = BOS;
        }
        for (int i = 0; i < tokens.size(); i++) {
            out[i + offset] = tokens.get(i);
        }
        return out;
    }

    @Override
    public String decode(int[] tokenIds) {
        StringBuilder sb = new StringBuilder();
        int previous = -1;
        for (int id : tokenIds) {
            if (id == BOS || id == EOS) {
                previous = id;
                continue;
            }
            String piece = piece(id);
            // run.c strips the dummy prefix space of the first piece after BOS
            if (previous == BOS && piece.startsWith(" ")) {
                piece = piece.substring(1);
            }
            sb.append(piece);
            previous = id;
        }
        return sb.toString();
    }

    @Override
    public String piece(int id) {
        String p = vocab[id];
        if (p.length() == 6 && p.startsWith("<0x") && p.endsWith(">")) {
            return String.valueOf((char) Integer.parseInt(p.substring(3, 5), 16));
        }
        return p;
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
        return vocab.length;
    }
}
