package dev.litestage.benchmark.data;

import java.util.Objects;

/**
 * A dataset that cannot be loaded: a bad record under {@link BadRecordPolicy#FAIL}, or a problem
 * with the file as a whole (unreadable, not the expected structure, a mapped column that is not
 * in the header). The message names the file, the location and the field.
 */
public final class DatasetException extends RuntimeException {

    private final String file;
    private final String location;
    private final String field;

    /** The failure of one record. */
    public DatasetException(BadRecord record) {
        this(record, null);
    }

    /** The failure of one record, caused by {@code cause}. */
    public DatasetException(BadRecord record, Throwable cause) {
        super(record.message(), cause);
        this.file = record.file();
        this.location = record.location();
        this.field = record.field();
    }

    /** A file that cannot be read at all, e.g. missing; location and field are null. */
    public static DatasetException unreadable(String file, String problem, Throwable cause) {
        return new DatasetException(file, problem, cause);
    }

    private DatasetException(String file, String problem, Throwable cause) {
        super(file + ": " + Objects.requireNonNull(problem, "problem"), cause);
        this.file = file;
        this.location = null;
        this.field = null;
    }

    /** The file as it was given to the loader. */
    public String file() {
        return file;
    }

    /** {@code line n} or {@code index i}; null when the file as a whole failed. */
    public String location() {
        return location;
    }

    /** The offending field; null when the file as a whole failed. */
    public String field() {
        return field;
    }
}
