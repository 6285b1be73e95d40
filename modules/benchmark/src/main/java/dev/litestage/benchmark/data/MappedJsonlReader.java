package dev.litestage.benchmark.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** User data in JSON Lines, one object per line, fields found by the mapping's dotted paths. */
final class MappedJsonlReader implements RecordReader {

    private final MappedQuestionParser parser;

    MappedJsonlReader(FieldMapping mapping, int expectedOptions) {
        this.parser = new MappedQuestionParser(mapping, expectedOptions);
    }

    @Override
    public String idField() {
        return parser.idField();
    }

    @Override
    public void read(DatasetSpec spec, RecordSink sink) throws IOException {
        int[] recordNumber = {0};
        JsonLinesFile.read(spec.path(), sink, record -> parser.parse(new JsonRecord(record), ++recordNumber[0]));
    }

    /** A JSON object as a {@link FieldSource}. */
    private record JsonRecord(JsonNode root) implements FieldSource {

        @Override
        public String textOrNull(String field) {
            JsonNode node = JsonField.at(root, field);
            if (node.isTextual()) {
                return node.textValue().isBlank() ? null : node.textValue();
            }
            if (node.isNumber() || node.isBoolean()) {
                return node.asText();
            }
            if (node.isMissingNode() || node.isNull()) {
                return null;
            }
            throw new RecordProblem(field, "expected text, found " + JsonField.describe(node));
        }

        @Override
        public List<String> list(String field, String separator) {
            JsonNode node = JsonField.at(root, field);
            if (node.isArray()) {
                List<String> texts = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    texts.add(JsonField.text(node.get(i), field + "[" + i + "]").trim());
                }
                return texts;
            }
            String text = JsonField.text(node, field);
            return Arrays.stream(text.split(Pattern.quote(separator), -1)).map(String::trim).toList();
        }

        @Override
        public String describeAbsent(String field) {
            JsonNode node = JsonField.at(root, field);
            return node.isTextual() ? "an empty string" : JsonField.describe(node);
        }
    }
}
