package dev.litestage.benchmark.data;

/** What loading does with a record that cannot become a valid question. */
public enum BadRecordPolicy {

    /** Leave the record out and list it in {@link Dataset#skipped()}. */
    SKIP,

    /** Stop at the first bad record with a {@link DatasetException}. */
    FAIL
}
