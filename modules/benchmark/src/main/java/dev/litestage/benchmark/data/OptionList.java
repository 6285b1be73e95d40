package dev.litestage.benchmark.data;

import dev.litestage.reasoning.Question;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The option texts of one record and the field they came from, so that a wrong count or an
 * unknown answer is reported against that field. Options are labelled A, B, C, ... in order.
 *
 * @param field the field the options were read from
 * @param texts the option texts in label order
 */
record OptionList(String field, List<String> texts) {

    /** Labels run A..Z. */
    static final int MAX_OPTIONS = 26;

    OptionList {
        texts = List.copyOf(texts);
    }

    /** The label of the option at {@code index}: A for 0. */
    static String label(int index) {
        return String.valueOf((char) ('A' + index));
    }

    /**
     * Checks the option count: exactly {@code expected}, or at least 2 (and at most 26) when
     * {@code expected} is 0.
     */
    OptionList requireCount(int expected) {
        int found = texts.size();
        if (expected > 0 && found != expected) {
            throw new RecordProblem(field, "expected " + expected + " options, found " + found);
        }
        if (found < 2) {
            throw new RecordProblem(field, "expected at least 2 options, found " + found);
        }
        if (found > MAX_OPTIONS) {
            throw new RecordProblem(field, "expected at most " + MAX_OPTIONS + " options (labels A-Z), found " + found);
        }
        return this;
    }

    List<String> labels() {
        List<String> labels = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            labels.add(label(i));
        }
        return labels;
    }

    List<Question.Option> options() {
        List<Question.Option> options = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            options.add(new Question.Option(label(i), texts.get(i)));
        }
        return options;
    }

    /** {@code value} when it is exactly one of the labels; otherwise a problem on {@code answerField}. */
    String requireLabel(String value, String answerField) {
        if (!labels().contains(value)) {
            throw new RecordProblem(answerField, "expected one of the labels " + String.join(", ", labels())
                    + ", found '" + value + "'");
        }
        return value;
    }

    /** The label that the gold answer {@code value}, written as {@code form}, names. */
    String resolveAnswer(String value, FieldMapping.AnswerForm form, String answerField) {
        String trimmed = value.trim();
        String asLabel = trimmed.toUpperCase(Locale.ROOT);
        boolean isLabel = labels().contains(asLabel);
        List<Integer> textMatches = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).trim().equals(trimmed)) {
                textMatches.add(i);
            }
        }
        return switch (form) {
            case LABEL -> requireLabel(asLabel, answerField);
            case TEXT -> byText(trimmed, textMatches, answerField);
            case LABEL_OR_TEXT -> {
                if (isLabel) {
                    // "B" could name option B or an option whose text is "B": refuse to guess.
                    if (textMatches.stream().anyMatch(i -> !label(i).equals(asLabel))) {
                        throw new RecordProblem(answerField, "expected a label or an option text, found '" + trimmed
                                + "', which is both label " + asLabel + " and the text of option "
                                + label(textMatches.get(0)));
                    }
                    yield asLabel;
                }
                if (textMatches.isEmpty()) {
                    throw new RecordProblem(answerField, "expected one of the labels " + String.join(", ", labels())
                            + " or one of the option texts, found '" + trimmed + "'");
                }
                yield byText(trimmed, textMatches, answerField);
            }
        };
    }

    private String byText(String value, List<Integer> matches, String answerField) {
        if (matches.isEmpty()) {
            throw new RecordProblem(answerField, "expected one of the option texts, found '" + value + "'");
        }
        if (matches.size() > 1) {
            throw new RecordProblem(answerField, "expected the text of exactly one option, found '" + value
                    + "', which is the text of options " + String.join(", ", matches.stream().map(OptionList::label).toList()));
        }
        return label(matches.get(0));
    }
}
