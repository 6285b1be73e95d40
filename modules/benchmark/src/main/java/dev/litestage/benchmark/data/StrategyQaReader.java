package dev.litestage.benchmark.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litestage.reasoning.Question;
import java.io.IOException;
import java.util.List;

/**
 * StrategyQA: one JSON array of {@code {"qid", "question", "answer": true|false, ...}} objects,
 * each cast as the options (A) yes (B) no with gold A for true. Records are located by their
 * 0-based array index. The array is read element by element, so a syntax error stops the load
 * (there is no next line to resume at) with the element's index and the parser's line and column.
 */
final class StrategyQaReader implements RecordReader {

    private static final List<String> OPTIONS = List.of("yes", "no");

    /** Reads one array element at a time; the rest of the array follows, so no trailing-token check. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String idField() {
        return "qid";
    }

    @Override
    public void read(DatasetSpec spec, RecordSink sink) throws IOException {
        String file = spec.path().toString();
        try (JsonParser parser = MAPPER.createParser(spec.path().toFile())) {
            int index = 0;
            try {
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    throw new DatasetException(new BadRecord(file, "line 1", RecordProblem.WHOLE_RECORD,
                            "expected a JSON array of questions, found " + parser.currentToken()));
                }
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    if (token == null) {
                        throw new DatasetException(new BadRecord(file, "index " + index, RecordProblem.WHOLE_RECORD,
                                "expected ',' or ']', found the end of the file"));
                    }
                    JsonNode element = MAPPER.readTree(parser);
                    String location = "index " + index;
                    try {
                        sink.accept(location, parse(element, spec.expectedOptions()));
                    } catch (RecordProblem problem) {
                        sink.reject(location, problem);
                    }
                    index++;
                }
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
                throw new DatasetException(new BadRecord(file, "index " + index, RecordProblem.WHOLE_RECORD,
                        "expected a JSON object, found malformed JSON" + where + " (" + e.getOriginalMessage() + ")"), e);
            }
        }
    }

    private static Question parse(JsonNode record, int expectedOptions) {
        if (!record.isObject()) {
            throw new RecordProblem(RecordProblem.WHOLE_RECORD, "expected a JSON object, found " + JsonField.describe(record));
        }
        String id = JsonField.scalar(record.path("qid"), "qid");
        String stem = JsonField.text(record.path("question"), "question");
        JsonNode answer = record.path("answer");
        if (!answer.isBoolean()) {
            throw new RecordProblem("answer", "expected true or false, found " + JsonField.describe(answer));
        }
        OptionList options = new OptionList("answer", OPTIONS).requireCount(expectedOptions);
        return new Question(id, stem, options.options(), answer.booleanValue() ? "A" : "B");
    }
}
