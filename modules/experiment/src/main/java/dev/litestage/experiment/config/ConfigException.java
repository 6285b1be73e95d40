package dev.litestage.experiment.config;

import java.nio.file.Path;

/**
 * An experiment or config file that cannot be used. The message names the file, the key (as a
 * dotted path, e.g. {@code search.epsilon}) and what was expected.
 */
public final class ConfigException extends RuntimeException {

    private final transient Path file;
    private final String key;

    public ConfigException(Path file, String key, String message) {
        super(file + (key == null || key.isEmpty() ? "" : ": " + key) + ": " + message);
        this.file = file;
        this.key = key;
    }

    public Path file() {
        return file;
    }

    /** The offending key as a dotted path, or empty for the whole file. */
    public String key() {
        return key;
    }
}
