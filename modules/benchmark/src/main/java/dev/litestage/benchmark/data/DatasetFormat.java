package dev.litestage.benchmark.data;

import java.util.Arrays;
import java.util.Locale;

/** The layout of a dataset file. */
public enum DatasetFormat {

    /**
     * OpenBookQA JSON Lines: {@code id}, {@code question.stem},
     * {@code question.choices[{text,label}]}, {@code answerKey}; an optional {@code stages} object
     * of gold stage texts is read as well.
     */
    OBQA(4),

    /** CommonsenseQA JSON Lines: the OpenBookQA fields (plus {@code question.question_concept}, ignored). */
    CSQA(5),

    /**
     * StrategyQA: one JSON array of {@code {qid, question, answer}} objects with a boolean answer,
     * cast as the options (A) yes (B) no.
     */
    STRATEGYQA(2),

    /**
     * The reference benchmark: OpenBookQA JSON Lines whose {@code stages} object
     * ({@code recall}, {@code analyze}, {@code summarize}) is required.
     */
    REFERENCE(4),

    /** User data in CSV with a header row, read through a {@link FieldMapping}. */
    CSV(0),

    /** User data in JSON Lines, read through a {@link FieldMapping} of field paths. */
    JSONL(0);

    private final int optionCount;

    DatasetFormat(int optionCount) {
        this.optionCount = optionCount;
    }

    /** The number of options every record of this format has, or 0 when the format does not fix it. */
    public int optionCount() {
        return optionCount;
    }

    /** Parses a format name ({@code obqa}, {@code CSV}, ...), naming the known ones when it is none. */
    public static DatasetFormat parse(String text) {
        for (DatasetFormat format : values()) {
            if (format.name().equalsIgnoreCase(text.trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown dataset format '" + text + "': expected one of "
                + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
    }

    /** Whether records are read through a {@link FieldMapping}. */
    public boolean mapped() {
        return this == CSV || this == JSONL;
    }
}
