package dev.litestage.benchmark.data;

import java.util.List;

/** The named fields of one user record (a CSV row, a JSON object), as a {@link FieldMapping} reads them. */
interface FieldSource {

    /** The text of {@code field}, or null when it is absent or blank. */
    String textOrNull(String field);

    /** The non-blank text of {@code field}; a {@link RecordProblem} naming it otherwise. */
    default String text(String field) {
        String text = textOrNull(field);
        if (text == null) {
            throw new RecordProblem(field, "expected non-empty text, found " + describeAbsent(field));
        }
        return text;
    }

    /**
     * The options held by the single field {@code field}: its text split at {@code separator}
     * and trimmed (JSON arrays of strings are taken as they are).
     */
    List<String> list(String field, String separator);

    /** How an absent or blank {@code field} reads in a problem report. */
    String describeAbsent(String field);
}
