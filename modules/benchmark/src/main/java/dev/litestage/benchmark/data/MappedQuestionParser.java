package dev.litestage.benchmark.data;

import dev.litestage.reasoning.Question;
import java.util.ArrayList;
import java.util.List;

/** Builds a question from a user record through a {@link FieldMapping}. */
final class MappedQuestionParser {

    private final FieldMapping mapping;
    private final int expectedOptions;

    MappedQuestionParser(FieldMapping mapping, int expectedOptions) {
        this.mapping = mapping;
        this.expectedOptions = expectedOptions;
    }

    /** The field named in duplicate-id reports. */
    String idField() {
        return mapping.id() == null ? "id (record number)" : mapping.id();
    }

    /**
     * The question in {@code record}, the {@code recordNumber}-th of its file (from 1), which names
     * it when the mapping has no id field.
     */
    Question parse(FieldSource record, int recordNumber) {
        String id = mapping.id() == null ? "row-" + recordNumber : record.text(mapping.id());
        String stem = record.text(mapping.question());
        OptionList options = options(record).requireCount(expectedOptions);
        String answer = options.resolveAnswer(record.text(mapping.answer()), mapping.answerForm(), mapping.answer());
        return new Question(id, stem, options.options(), answer);
    }

    private OptionList options(FieldSource record) {
        if (mapping.optionsField() != null) {
            List<String> texts = record.list(mapping.optionsField(), mapping.optionSeparator());
            for (int i = 0; i < texts.size(); i++) {
                if (texts.get(i).isBlank()) {
                    throw new RecordProblem(mapping.optionsField(), "expected non-empty options, found option "
                            + OptionList.label(i) + " empty");
                }
            }
            return new OptionList(mapping.optionsField(), texts);
        }
        // Trailing empty option columns mean "fewer options" (mixed 4- and 5-option data in one
        // table); an empty column before a filled one is an error, never a silent shift of labels.
        List<String> texts = new ArrayList<>();
        String firstEmpty = null;
        for (String field : mapping.options()) {
            String text = record.textOrNull(field);
            if (text == null) {
                firstEmpty = firstEmpty == null ? field : firstEmpty;
            } else if (firstEmpty != null) {
                throw new RecordProblem(firstEmpty, "expected option text (a later option, " + field
                        + ", is filled), found " + record.describeAbsent(firstEmpty));
            } else {
                texts.add(text.trim());
            }
        }
        return new OptionList(String.join(",", mapping.options()), texts);
    }
}
