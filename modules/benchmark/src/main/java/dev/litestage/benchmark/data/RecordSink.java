package dev.litestage.benchmark.data;

import dev.litestage.reasoning.Question;

/** Where a {@link RecordReader} delivers each record: a question, or the reason it is none. */
interface RecordSink {

    /** A record that became {@code question}; the sink may still reject it (a duplicate id). */
    void accept(String location, Question question);

    /** A record that could not become a question. */
    void reject(String location, RecordProblem problem);
}
