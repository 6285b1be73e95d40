package dev.litestage.training;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Builds the closed vocabulary of a {@link WordLevelTokenizer} from texts: the four special
 * tokens, then every distinct piece of every text in {@link String#compareTo} order, so the ids
 * depend only on the set of texts (not on their order).
 */
public final class WordLevelTokenizerBuilder {

    private final TreeSet<String> pieces = new TreeSet<>();
    private int texts;

    /** Adds the pieces of {@code text}. */
    public WordLevelTokenizerBuilder add(String text) {
        int gap = WordLevelTokenizer.uncoveredOffset(text);
        if (gap >= 0) {
            throw new IllegalArgumentException("text " + texts + " cannot round-trip through a word-level tokenizer:"
                    + " character " + gap + " (" + describe(text.charAt(gap)) + ") belongs to no piece of '"
                    + WordLevelTokenizer.PIECE_REGEX + "' in: " + abbreviate(text));
        }
        for (String piece : WordLevelTokenizer.split(text)) {
            if (!WordLevelTokenizer.SPECIALS.contains(piece)) {
                pieces.add(piece);
            }
        }
        texts++;
        return this;
    }

    /** Adds the pieces of every text. */
    public WordLevelTokenizerBuilder addAll(Iterable<String> texts) {
        texts.forEach(this::add);
        return this;
    }

    public WordLevelTokenizer build() {
        List<String> vocabulary = new ArrayList<>(WordLevelTokenizer.SPECIALS);
        vocabulary.addAll(pieces);
        return new WordLevelTokenizer(vocabulary);
    }

    private static String describe(char c) {
        return switch (c) {
            case ' ' -> "a space not followed by a word";
            case '\t' -> "a tab";
            case '\r' -> "a carriage return";
            default -> "U+" + String.format("%04X", (int) c);
        };
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\n", "\\n");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
