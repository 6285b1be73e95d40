package dev.litestage.runtime;

/**
 * A request the service refuses, answered with {@code status} and the JSON body
 * {@code {"error": message, "field": field}}.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String field;

    ApiException(int status, String message, String field) {
        super(message);
        this.status = status;
        this.field = field;
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
