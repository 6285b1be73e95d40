package dev.litestage.reasoning;

import dev.litestage.model.StopCondition;
import dev.litestage.model.Tokenizer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Stops a generation as soon as its decoded continuation contains one of the stop strings. One
 * instance per generation: it accumulates the generated ids.
 *
 * <p>The whole continuation is decoded after every token rather than appending per-token pieces,
 * because a character may span several byte tokens and only decoding them together yields it.
 * Continuations are short (a stage's budget), so the quadratic cost is negligible next to a
 * decode step.
 */
public final class StopStrings implements StopCondition {

    private final Tokenizer tokenizer;
    private final List<String> stops;
    private int[] ids = new int[16];
    private int count;
    private boolean matched;

    /** Watches for {@code stops}, decoding with {@code tokenizer}. */
    public StopStrings(Tokenizer tokenizer, List<String> stops) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.stops = List.copyOf(stops);
    }

    @Override
    public boolean shouldStop(int tokenId, float confidence) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, 2 * count);
        }
        ids[count++] = tokenId;
        if (!matched && !stops.isEmpty()) {
            matched = firstStop(tokenizer.decode(Arrays.copyOf(ids, count)), stops) >= 0;
        }
        return matched;
    }

    /** Whether a stop string has appeared in the continuation. */
    public boolean matched() {
        return matched;
    }

    /** {@code text} up to (excluding) the earliest stop string, or all of it when none occurs. */
    public static String cut(String text, List<String> stops) {
        int at = firstStop(text, stops);
        return at < 0 ? text : text.substring(0, at);
    }

    /** Index of the earliest occurrence of any stop string, or -1. */
    private static int firstStop(String text, List<String> stops) {
        int first = -1;
        for (String stop : stops) {
            int at = text.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }
}
