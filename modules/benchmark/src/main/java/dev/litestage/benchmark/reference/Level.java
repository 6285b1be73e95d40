package dev.litestage.benchmark.reference;

import java.util.Arrays;

/** How many memorized facts a reference question chains. */
public enum Level {

    /** {@code Which animal eats acorns?}: one fact per option (what the animal eats). */
    ONE_HOP("one-hop"),

    /**
     * {@code Which animal eats food from the swamp?}: two facts per option (what the animal eats,
     * and where that food grows).
     */
    TWO_HOP("two-hop");

    private final String id;

    Level(String id) {
        this.id = id;
    }

    /** The name in files ({@code one-hop}, {@code two-hop}). */
    public String id() {
        return id;
    }

    /** Parses {@code one-hop} or {@code two-hop}. */
    public static Level parse(String text) {
        return Arrays.stream(values()).filter(l -> l.id.equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown level '" + text + "': expected one-hop or two-hop"));
    }
}
