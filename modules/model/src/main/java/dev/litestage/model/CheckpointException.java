package dev.litestage.model;

import java.nio.file.Path;

/**
 * A checkpoint, config or tokenizer file that cannot be used: truncated, corrupt, missing a tensor,
 * of the wrong shape, or of an unsupported architecture. The message names the file and, where it
 * applies, the tensor or field.
 */
public class CheckpointException extends RuntimeException {

    private final transient Path file;

    public CheckpointException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public CheckpointException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
