package dev.litestage.tracking;

/**
 * A tracking back end refused an operation for good: retrying the same request cannot succeed
 * (a rejected value, an artifact that cannot be uploaded, a missing file). The outbox sets such
 * operations aside instead of retrying them forever; see {@link BackendUnavailableException} for
 * failures worth retrying.
 */
public class TrackingException extends RuntimeException {

    public TrackingException(String message) {
        super(message);
    }

    public TrackingException(String message, Throwable cause) {
        super(message, cause);
    }
}
