package dev.litestage.runtime;

import java.util.List;

/** A profile made for another model than the one loaded; its message lists every difference. */
public final class ProfileMismatchException extends IllegalStateException {

    private final List<String> differences;

    ProfileMismatchException(String message, List<String> differences) {
        super(message);
        this.differences = List.copyOf(differences);
    }

    /** Each difference, e.g. {@code layers: profile 8, model 5}. */
    public List<String> differences() {
        return differences;
    }
}
