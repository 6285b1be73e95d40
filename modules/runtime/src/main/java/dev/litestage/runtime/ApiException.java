package dev.litestage.runtime;

/**
 * A request the service refuses, answered with {@code status} and the JSON body
 * {@code {"error": message, "field": field}}.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String field;
    private final Integer retryAfterSeconds;

    ApiException(int status, String message, String field) {
        this(status, message, field, null);
    }

    private ApiException(int status, String message, String field, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 503: the service is at capacity; the client may retry after {@code seconds}. */
    static ApiException overloaded(String message, int seconds) {
        return new ApiException(503, message, null, seconds);
    }

    /** The Retry-After to send, or null. */
    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    static ApiException badRequest(String field, String message) {
        return new ApiException(400, message, field);
    }

    int status() {
        return status;
    }

    /** The offending request field, or null when the problem is not one field's. */
    String field() {
        return field;
    }
}
