package dev.litestage.benchmark.data;

/**
 * Why one record cannot become a question: the field and what was expected. Thrown by the record
 * readers and turned by the loader into a {@link BadRecord} that also names file and location.
 */
final class RecordProblem extends RuntimeException {

    /** The field name used when the record as a whole is unreadable. */
    static final String WHOLE_RECORD = "record";

    private final String field;

    RecordProblem(String field, String problem) {
        super(problem, null, false, false);
        this.field = field;
    }

    String field() {
        return field;
    }

    String problem() {
        return getMessage();
    }
}
