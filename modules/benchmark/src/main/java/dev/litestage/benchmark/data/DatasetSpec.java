package dev.litestage.benchmark.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One dataset file and how to read it.
 *
 * @param name            the dataset's name in reports ({@code obqa/test})
 * @param format          the file's layout
 * @param path            the file
 * @param mapping         for {@link DatasetFormat#CSV} and {@link DatasetFormat#JSONL}: where the fields
 *                        are; null for the other formats
 * @param expectedOptions the number of options every record must have, or 0 for any number of at least 2
 * @param onBadRecord     whether a bad record fails the load or is skipped
 */
public record DatasetSpec(String name, DatasetFormat format, Path path, FieldMapping mapping,
                          int expectedOptions, BadRecordPolicy onBadRecord) {

    public DatasetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(onBadRecord, "onBadRecord");
        if (format.mapped() && mapping == null) {
            throw new IllegalArgumentException(format + " dataset " + path + " needs a field mapping");
        }
        if (!format.mapped() && mapping != null) {
            throw new IllegalArgumentException(format + " has a fixed layout; a field mapping does not apply");
        }
        if (expectedOptions < 0 || expectedOptions == 1) {
            throw new IllegalArgumentException("expected option count must be 0 (any) or at least 2, was "
                    + expectedOptions);
        }
        if (format == DatasetFormat.STRATEGYQA && expectedOptions != 2) {
            throw new IllegalArgumentException("StrategyQA questions always have 2 options, not " + expectedOptions);
        }
    }

    /**
     * A file in one of the fixed layouts, failing on the first bad record, with the format's option
     * count; named after the file.
     */
    public static DatasetSpec of(DatasetFormat format, Path path) {
        return new DatasetSpec(defaultName(path), format, path, null, format.optionCount(), BadRecordPolicy.FAIL);
    }

    /** A user CSV file read through {@code mapping}, failing on the first bad record, any option count. */
    public static DatasetSpec csv(Path path, FieldMapping mapping) {
        return new DatasetSpec(defaultName(path), DatasetFormat.CSV, path, mapping, 0, BadRecordPolicy.FAIL);
    }

    /** A user JSON Lines file read through {@code mapping}, failing on the first bad record, any option count. */
    public static DatasetSpec jsonl(Path path, FieldMapping mapping) {
        return new DatasetSpec(defaultName(path), DatasetFormat.JSONL, path, mapping, 0, BadRecordPolicy.FAIL);
    }

    /** This spec under another name. */
    public DatasetSpec withName(String newName) {
        return new DatasetSpec(newName, format, path, mapping, expectedOptions, onBadRecord);
    }

    /** This spec with another bad-record policy. */
    public DatasetSpec withPolicy(BadRecordPolicy policy) {
        return new DatasetSpec(name, format, path, mapping, expectedOptions, policy);
    }

    /** This spec requiring {@code count} options per record (0: any number of at least 2). */
    public DatasetSpec withExpectedOptions(int count) {
        return new DatasetSpec(name, format, path, mapping, count, onBadRecord);
    }

    private static String defaultName(Path path) {
        Path file = path.getFileName();
        String name = file == null ? path.toString() : file.toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
