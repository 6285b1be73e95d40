package dev.litestage.model;

import java.util.Objects;

/**
 * What became of one request of a batch: its generation, or why it was refused. A refused
 * request (an empty prompt, a prompt over the context, ...) fails alone; the others of its batch
 * run as if it had not been there.
 *
 * @param index      the request's position in the list it came in
 * @param generation the generation, or null when refused
 * @param error      why the request was refused (naming it), or null when it ran
 */
public record GenerationResult(int index, Generation generation, String error) {

    public GenerationResult {
        if ((generation == null) == (error == null)) {
            throw new IllegalArgumentException("a result has either a generation or an error");
        }
    }

    public static GenerationResult ran(int index, Generation generation) {
        return new GenerationResult(index, Objects.requireNonNull(generation, "generation"), null);
    }

    public static GenerationResult refused(int index, String error) {
        return new GenerationResult(index, null, Objects.requireNonNull(error, "error"));
    }

    public boolean ok() {
        return generation != null;
    }

    /**
     * The generation.
     *
     * @throws IllegalArgumentException with the refusal's message when the request was refused
     */
    public Generation orThrow() {
        if (generation == null) {
            throw new IllegalArgumentException(error);
        }
        return generation;
    }
}
