package dev.litestage.benchmark.data;

import java.util.Objects;

/**
 * A record that could not become a question, and why.
 *
 * @param file     the file as it was given to the loader
 * @param location where in the file: {@code line 17} (JSON Lines, CSV) or {@code index 4} (JSON array)
 * @param field    the offending field ({@code question.choices}, {@code answerKey}), or
 *                 {@code record} when the record as a whole is unreadable
 * @param problem  what was expected and what was found
 */
public record BadRecord(String file, String location, String field, String problem) {

    public BadRecord {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
    }

    /** The one-line report, e.g. {@code obqa/dev.jsonl line 17: field question.choices: expected 4 options, found 3}. */
    public String message() {
        return file + " " + location + ": field " + field + ": " + problem;
    }

    @Override
    public String toString() {
        return message();
    }
}
