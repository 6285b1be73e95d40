package dev.litestage.tracking;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a search is tracked: an MLflow tracking server or a local MLflow file store, and which
 * setting chose it.
 *
 * <p>{@link #resolve} applies this precedence, the first one set (not null, not blank) winning:
 * <ol>
 *   <li>{@code tracking-uri} in the experiment config,</li>
 *   <li>the {@code --tracking-uri} command-line option,</li>
 *   <li>the environment variable {@code MLFLOW_TRACKING_URI},</li>
 *   <li>the default local file store (normally {@code ./mlruns}).</li>
 * </ol>
 * A value is a server when it starts with {@code http://} or {@code https://}; a
 * {@code file:} URI or a plain path is a file store; other MLflow stores ({@code sqlite:},
 * {@code postgresql:}, {@code databricks}, ...) are refused because the Java client cannot talk to
 * them directly; point at a server in front of them instead.
 *
 * @param kind     server or file store
 * @param location the server's base URL without trailing slash, or the store's absolute path
 * @param origin   which setting supplied it
 */
public record TrackingUri(Kind kind, String location, Origin origin) {

    /** The name of the environment variable MLflow itself reads. */
    public static final String ENV_VARIABLE = "MLFLOW_TRACKING_URI";

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):.*");

    public enum Kind {
        /** An MLflow tracking server reached over HTTP. */
        SERVER,
        /** A folder in MLflow's file-store layout. */
        FILE_STORE
    }

    public enum Origin {
        EXPERIMENT_CONFIG("experiment config"),
        COMMAND_LINE("--tracking-uri"),
        ENVIRONMENT(ENV_VARIABLE),
        DEFAULT("default");

        private final String label;

        Origin(String label) {
            this.label = label;
        }

        /** How the origin is named in messages. */
        public String label() {
            return label;
        }
    }

    public TrackingUri {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * The tracking location by the precedence documented on this class: experiment config, then
     * command line, then {@code MLFLOW_TRACKING_URI} in {@code env}, then {@code defaultStore}.
     *
     * @param fromConfig   the experiment config's value, or null
     * @param fromCli      the {@code --tracking-uri} value, or null
     * @param env          the environment (e.g. {@code System.getenv()})
     * @param defaultStore the file store used when nothing is set, relative paths against the
     *                     working directory
     * @throws IllegalArgumentException naming the setting when the chosen value is not usable
     */
    public static TrackingUri resolve(String fromConfig, String fromCli, Map<String, String> env, Path defaultStore) {
        if (isSet(fromConfig)) {
            return parse(fromConfig, Origin.EXPERIMENT_CONFIG);
        }
        if (isSet(fromCli)) {
            return parse(fromCli, Origin.COMMAND_LINE);
        }
        String fromEnv = env.get(ENV_VARIABLE);
        if (isSet(fromEnv)) {
            return parse(fromEnv, Origin.ENVIRONMENT);
        }
        return fileStore(defaultStore, Origin.DEFAULT);
    }

    /**
     * Reads one value: {@code http(s)://...}, {@code file:...}, or a path.
     *
     * @throws IllegalArgumentException naming the origin when the value is of an unsupported kind
     */
    public static TrackingUri parse(String value, Origin origin) {
        String text = value.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            URI uri;
            try {
                uri = URI.create(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(refusal(text, origin, "not a valid URL: " + e.getMessage()), e);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException(refusal(text, origin, "no host"));
            }
            return new TrackingUri(Kind.SERVER, text.replaceAll("/+$", ""), origin);
        }
        if (lower.startsWith("file:")) {
            Path path = lower.startsWith("file://") ? Path.of(URI.create(text)) : Path.of(text.substring("file:".length()));
            return fileStore(path, origin);
        }
        if (lower.equals("databricks") || SCHEME.matcher(text).matches()) {
            throw new IllegalArgumentException(refusal(text, origin, "the Java client only talks to tracking servers"
                    + " (http:// or https://); use a server in front of this store, or a folder / file: URI"
                    + " for a local file store"));
        }
        return fileStore(Path.of(text), origin);
    }

    /** A file store at {@code path} (made absolute). */
    public static TrackingUri fileStore(Path path, Origin origin) {
        return new TrackingUri(Kind.FILE_STORE, path.toAbsolutePath().normalize().toString(), origin);
    }

    public boolean isServer() {
        return kind == Kind.SERVER;
    }

    /**
     * The file store's folder.
     *
     * @throws IllegalStateException for a server
     */
    public Path fileStorePath() {
        if (isServer()) {
            throw new IllegalStateException("tracking URI " + location + " is a server, not a file store");
        }
        return Path.of(location);
    }

    /** E.g. {@code MLflow tracking server http://127.0.0.1:5000 (from MLFLOW_TRACKING_URI)}. */
    public String describe() {
        return (isServer() ? "MLflow tracking server " : "MLflow file store ") + location
                + (origin == Origin.DEFAULT ? " (default)" : " (from " + origin.label() + ")");
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static String refusal(String value, Origin origin, String why) {
        return "tracking URI '" + value + "' (from " + origin.label() + "): " + why;
    }
}
