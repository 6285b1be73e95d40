package dev.litestage.benchmark.data;

import dev.litestage.reasoning.Question;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a dataset file into questions. Every record is checked: readable, every required field
 * present and non-empty, the expected number of options, a gold answer that names one of them,
 * an id not seen before in the file. A record failing a check becomes a {@link BadRecord}; under
 * {@link BadRecordPolicy#FAIL} the first one throws a {@link DatasetException}, under
 * {@link BadRecordPolicy#SKIP} they are left out and listed in {@link Dataset#skipped()}.
 */
public final class DatasetLoader {

    private DatasetLoader() {
    }

    /**
     * Reads {@code spec}'s file.
     *
     * @throws DatasetException when the file cannot be read, is unusable as a whole, or (policy
     *                          FAIL) has a bad record; the message names file, location and field
     */
    public static Dataset load(DatasetSpec spec) {
        RecordReader reader = readerFor(spec);
        Collector collector = new Collector(spec, reader.idField());
        String file = spec.path().toString();
        try {
            reader.read(spec, collector);
        } catch (NoSuchFileException e) {
            throw DatasetException.unreadable(file, "no such file", e);
        } catch (CharacterCodingException e) {
            throw DatasetException.unreadable(file, "not valid UTF-8 text", e);
        } catch (IOException e) {
            throw DatasetException.unreadable(file, "cannot read: " + e, e);
        }
        return new Dataset(spec.name(), collector.questions, collector.skipped);
    }

    private static RecordReader readerFor(DatasetSpec spec) {
        return switch (spec.format()) {
            case OBQA, CSQA -> new ChoiceRecordReader(false);
            case REFERENCE -> new ChoiceRecordReader(true);
            case STRATEGYQA -> new StrategyQaReader();
            case CSV -> new MappedCsvReader(spec.mapping(), spec.expectedOptions());
            case JSONL -> new MappedJsonlReader(spec.mapping(), spec.expectedOptions());
        };
    }

    /** Collects questions, applies the bad-record policy and rejects repeated ids. */
    private static final class Collector implements RecordSink {

        private final DatasetSpec spec;
        private final String idField;
        private final List<Question> questions = new ArrayList<>();
        private final List<BadRecord> skipped = new ArrayList<>();
        private final Map<String, String> firstSeen = new HashMap<>();

        Collector(DatasetSpec spec, String idField) {
            this.spec = spec;
            this.idField = idField;
        }

        @Override
        public void accept(String location, Question question) {
            String first = firstSeen.putIfAbsent(question.id(), location);
            if (first != null) {
                reject(location, new RecordProblem(idField, "expected a unique id, found '" + question.id()
                        + "' again (first at " + first + ")"));
                return;
            }
            questions.add(question);
        }

        @Override
        public void reject(String location, RecordProblem problem) {
            BadRecord bad = new BadRecord(spec.path().toString(), location, problem.field(), problem.problem());
            if (spec.onBadRecord() == BadRecordPolicy.FAIL) {
                throw new DatasetException(bad);
            }
            skipped.add(bad);
        }
    }
}
