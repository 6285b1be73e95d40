package dev.litestage.tracking;

/**
 * A tracking back end could not be reached or did not answer in time (connection refused, time-out,
 * HTTP 429 or 5xx, an I/O error on the store). The same operation may succeed later, so it stays
 * in the outbox and is replayed.
 */
public class BackendUnavailableException extends TrackingException {

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public BackendUnavailableException(String message) {
        super(message);
    }
}
