package dev.litestage.runtime;

/**
 * A profile document that cannot be used: malformed JSON, an unknown format version, a missing or
 * mistyped field, or a value out of range. The message names the source and the JSON field path,
 * e.g. {@code profile.json: stages[1].skip_mlp[0]: layer 12 outside 0..7}.
 */
public final class InvalidProfileException extends IllegalArgumentException {

    private final String source;
    private final String field;

    InvalidProfileException(String source, String field, String problem) {
        super(source + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
        this.source = source;
        this.field = field;
    }

    /** Where the document came from (a file path, or a description). */
    public String source() {
        return source;
    }

    /** The JSON field path of the problem, e.g. {@code stages[1].skip_mlp[0]}; empty for the whole document. */
    public String field() {
        return field;
    }
}
