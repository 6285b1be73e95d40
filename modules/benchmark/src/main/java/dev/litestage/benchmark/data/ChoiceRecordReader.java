package dev.litestage.benchmark.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litestage.reasoning.Question;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenBookQA layout, shared by CommonsenseQA and the reference benchmark:
 * {@code {"id", "question": {"stem", "choices": [{"text", "label"}]}, "answerKey"}} per line,
 * with an optional {@code stages} object of gold stage texts (required for the reference benchmark).
 * Labels must run A, B, C, ... in order so that a question's labels are what the prompt shows.
 */
final class ChoiceRecordReader implements RecordReader {

    /** The stages every reference benchmark record carries. */
    static final List<String> REFERENCE_STAGES = List.of("recall", "analyze", "summarize");

    private final boolean stagesRequired;

    /** @param stagesRequired whether each record must carry the three reference stages */
    ChoiceRecordReader(boolean stagesRequired) {
        this.stagesRequired = stagesRequired;
    }

    @Override
    public String idField() {
        return "id";
    }

    @Override
    public void read(DatasetSpec spec, RecordSink sink) throws IOException {
        JsonLinesFile.read(spec.path(), sink, record -> parse(record, spec.expectedOptions()));
    }

    private Question parse(JsonNode record, int expectedOptions) {
        String id = JsonField.scalar(record.path("id"), "id");
        String stem = JsonField.text(JsonField.at(record, "question.stem"), "question.stem");
        JsonNode choices = JsonField.array(JsonField.at(record, "question.choices"), "question.choices");
        List<String> texts = new ArrayList<>(choices.size());
        for (int i = 0; i < choices.size(); i++) {
            String field = "question.choices[" + i + "]";
            JsonNode choice = choices.get(i);
            if (!choice.isObject()) {
                throw new RecordProblem(field, "expected an object {text, label}, found " + JsonField.describe(choice));
            }
            String label = JsonField.text(choice.path("label"), field + ".label");
            String expected = OptionList.label(i);
            if (!label.equals(expected)) {
                throw new RecordProblem(field + ".label", "expected " + expected + " (labels run A, B, C, ... in order), found '"
                        + label + "'");
            }
            texts.add(JsonField.text(choice.path("text"), field + ".text"));
        }
        OptionList options = new OptionList("question.choices", texts).requireCount(expectedOptions);
        String answer = options.requireLabel(JsonField.text(record.path("answerKey"), "answerKey"), "answerKey");
        return new Question(id, stem, options.options(), answer, stages(record.path("stages")));
    }

    private Map<String, String> stages(JsonNode stages) {
        if (stages.isMissingNode() && !stagesRequired) {
            return Map.of();
        }
        if (!stages.isObject()) {
            throw new RecordProblem("stages", "expected an object of stage texts {" + String.join(", ", REFERENCE_STAGES)
                    + "}, found " + JsonField.describe(stages));
        }
        Map<String, String> texts = new LinkedHashMap<>();
        if (stagesRequired) {
            for (String stage : REFERENCE_STAGES) {
                texts.put(stage, JsonField.text(stages.path(stage), "stages." + stage));
            }
        }
        stages.properties().forEach(e -> texts.putIfAbsent(e.getKey(),
                JsonField.text(e.getValue(), "stages." + e.getKey())));
        return texts;
    }
}
