package dev.litestage.benchmark.data;

import java.io.IOException;

/** Reads the records of one file layout and turns each into a question or a problem. */
interface RecordReader {

    /** The field holding record ids, named in duplicate-id reports. */
    String idField();

    /**
     * Reads every record of {@code spec.path()} into {@code sink}, in file order.
     *
     * @throws DatasetException when the file as a whole is unusable (e.g. a JSON array broken
     *                          mid-way, a mapped CSV column missing from the header)
     * @throws IOException      when the file cannot be read
     */
    void read(DatasetSpec spec, RecordSink sink) throws IOException;
}
