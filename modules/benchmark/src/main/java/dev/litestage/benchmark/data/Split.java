package dev.litestage.benchmark.data;

import java.util.Locale;

/** A conventional dataset split. */
public enum Split {
    TRAIN,
    DEV,
    TEST;

    /** The lower-case name used in file and dataset names ({@code train}, {@code dev}, {@code test}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code train}, {@code dev} or {@code test} (any case). */
    public static Split parse(String text) {
        for (Split split : values()) {
            if (split.id().equalsIgnoreCase(text.trim())) {
                return split;
            }
        }
        throw new IllegalArgumentException("unknown split '" + text + "': expected train, dev or test");
    }
}
