package dev.litestage.benchmark.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litestage.reasoning.Question;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A JSON Lines file read record by record: one JSON object per line, blank lines ignored, each
 * record located by its 1-based line number.
 */
final class JsonLinesFile {

    /** Rejects {@code {...} trailing} lines instead of reading the first value and dropping the rest. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonLinesFile() {
    }

    /**
     * Parses every non-blank line of {@code file} as a JSON object and hands it to {@code parser};
     * the question, or the problem (malformed JSON, not an object, whatever {@code parser} throws)
     * goes to {@code sink} with location {@code line n}.
     */
    static void read(Path file, RecordSink sink, Function<JsonNode, Question> parser) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                String location = "line " + lineNumber;
                try {
                    sink.accept(location, parser.apply(parseObject(line)));
                } catch (RecordProblem problem) {
                    sink.reject(location, problem);
                }
            }
        }
    }

    private static JsonNode parseObject(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new RecordProblem(RecordProblem.WHOLE_RECORD, "expected a JSON object, found malformed JSON ("
                    + e.getOriginalMessage() + ")");
        }
        if (!node.isObject()) {
            throw new RecordProblem(RecordProblem.WHOLE_RECORD, "expected a JSON object, found " + JsonField.describe(node));
        }
        return node;
    }
}
