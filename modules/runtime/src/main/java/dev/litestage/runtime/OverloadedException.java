package dev.litestage.runtime;

/** A call refused because the decoder already holds as many outstanding calls as it admits. */
public final class OverloadedException extends RuntimeException {

    private final int limit;

    public OverloadedException(int limit) {
        super("the decoder already holds " + limit + " outstanding requests (its limit); retry shortly");
        this.limit = limit;
    }

    /** The outstanding-call limit that was reached. */
    public int limit() {
        return limit;
    }
}
