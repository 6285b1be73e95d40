package dev.litestage.benchmark.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the parts of a question sit in a user's CSV row or JSON Lines record. For CSV the names
 * are header columns; for JSON Lines they are field paths with dots between steps and numbers for
 * array elements ({@code question.stem}, {@code choices.0}).
 *
 * <p>The options come either from one field per option ({@link #columns}) or from a single field
 * ({@link #joined}) holding all options separated by {@code optionSeparator}; in JSON Lines that
 * single field may instead be an array of strings. Options are labelled A, B, C, ... in order.
 *
 * @param id              the id field, or null to number records ({@code row-1}, {@code row-2}, ...)
 * @param question        the question text field
 * @param options         one field per option, in label order; empty when {@code optionsField} is used
 * @param optionsField    the single field holding every option; null when {@code options} is used
 * @param optionSeparator what separates options inside {@code optionsField} (e.g. {@code "|"});
 *                        null when {@code options} is used
 * @param answer          the gold answer field
 * @param answerForm      how the gold answer is written
 */
public record FieldMapping(String id, String question, List<String> options, String optionsField,
                           String optionSeparator, String answer, AnswerForm answerForm) {

    /** How the gold answer field names the correct option. */
    public enum AnswerForm {
        /** An option label: {@code A}, {@code b} (case does not matter). */
        LABEL,
        /** The correct option's text, exactly (surrounding blanks ignored). */
        TEXT,
        /**
         * A label when the value is one, otherwise the option text; a value that is a label and
         * also the text of a different option is rejected as ambiguous.
         */
        LABEL_OR_TEXT
    }

    public FieldMapping {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(answerForm, "answerForm");
        options = options == null ? List.of() : List.copyOf(options);
        if (options.isEmpty() == (optionsField == null)) {
            throw new IllegalArgumentException("a field mapping needs either option fields or one options field, not "
                    + (options.isEmpty() ? "neither" : "both"));
        }
        if (optionsField != null && (optionSeparator == null || optionSeparator.isEmpty())) {
            throw new IllegalArgumentException("options field '" + optionsField + "' needs a non-empty separator");
        }
        if (options.size() == 1) {
            throw new IllegalArgumentException("a question needs at least 2 option fields, mapping has " + options);
        }
    }

    /** One field per option; the answer is a label or the option text ({@link AnswerForm#LABEL_OR_TEXT}). */
    public static FieldMapping columns(String id, String question, List<String> options, String answer) {
        return new FieldMapping(id, question, options, null, null, answer, AnswerForm.LABEL_OR_TEXT);
    }

    /**
     * All options in one field separated by {@code separator}; the answer is a label or the option
     * text ({@link AnswerForm#LABEL_OR_TEXT}).
     */
    public static FieldMapping joined(String id, String question, String optionsField, String separator, String answer) {
        return new FieldMapping(id, question, List.of(), optionsField, separator, answer, AnswerForm.LABEL_OR_TEXT);
    }

    /** This mapping with the answer read as {@code form}. */
    public FieldMapping withAnswerForm(AnswerForm form) {
        return new FieldMapping(id, question, options, optionsField, optionSeparator, answer, form);
    }

    /** Every field the mapping reads, for checking them against a CSV header. */
    public List<String> fields() {
        List<String> all = new ArrayList<>();
        if (id != null) {
            all.add(id);
        }
        all.add(question);
        all.addAll(options);
        if (optionsField != null) {
            all.add(optionsField);
        }
        all.add(answer);
        return List.copyOf(all);
    }
}
