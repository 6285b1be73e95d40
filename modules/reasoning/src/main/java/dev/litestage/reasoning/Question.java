package dev.litestage.reasoning;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A multiple-choice question, as every loader produces it.
 *
 * @param id         the dataset's id
 * @param stem       the question text
 * @param options    the choices in order, labelled A, B, C, ...
 * @param answerKey  the gold label (e.g. {@code "B"})
 * @param goldStages gold text per stage name where the dataset has it (the reference benchmark
 *                   does: {@code recall}, {@code analyze}, {@code summarize}); empty otherwise
 */
public record Question(String id, String stem, List<Option> options, String answerKey, Map<String, String> goldStages) {

    public Question {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(stem, "stem");
        options = List.copyOf(options);
        goldStages = Map.copyOf(goldStages);
        if (options.stream().noneMatch(o -> o.label().equals(answerKey))) {
            throw new IllegalArgumentException("question " + id + ": answerKey '" + answerKey
                    + "' is not one of the option labels");
        }
    }

    public Question(String id, String stem, List<Option> options, String answerKey) {
        this(id, stem, options, answerKey, Map.of());
    }

    /**
     * Options labelled {@code A}, {@code B}, ... in the given order.
     *
     * @throws IllegalArgumentException when there are no options or more than 26
     */
    public static List<Option> labelled(List<String> texts) {
        if (texts.isEmpty() || texts.size() > 26) {
            throw new IllegalArgumentException("expected 1 to 26 options, found " + texts.size());
        }
        List<Option> out = new java.util.ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(new Option(String.valueOf((char) ('A' + i)), texts.get(i)));
        }
        return List.copyOf(out);
    }

    /** The option labels in order. */
    public List<String> labels() {
        return options.stream().map(Option::label).toList();
    }

    /** A labelled choice. */
    public record Option(String label, String text) {
        public Option {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(text, "text");
        }
    }
}
