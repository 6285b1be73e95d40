package dev.litestage.experiment.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The project's version, from the build (one place instead of literals scattered over the code). */
public final class Versions {

    /** The version Maven built, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static final String LITESTAGE = read();

    private Versions() {
    }

    private static String read() {
        try (InputStream in = Versions.class.getResourceAsStream("/dev/litestage/experiment/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
