package dev.litestage.runtime;

/** A question or prompt whose first generation would not fit in the model's context. */
public final class InputTooLongException extends IllegalArgumentException {

    private final int tokens;
    private final int limit;

    public InputTooLongException(String what, int tokens, int limit) {
        super(what + " takes " + tokens + " tokens but the model's context is " + limit
                + " tokens (prompt tokens must be fewer than that)");
        this.tokens = tokens;
        this.limit = limit;
    }

    public int tokens() {
        return tokens;
    }

    public int limit() {
        return limit;
    }
}
