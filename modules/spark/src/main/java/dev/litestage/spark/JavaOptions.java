package dev.litestage.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * JVM options executor JVMs need: what Spark 3.5 needs opened on Java 17 (spark-submit's launcher
 * passes the same). Declared once, as {@code spark.opens} in this module's pom, which the build
 * writes into {@code java-opens.txt} for this class, the tests and the {@code ./litestage} launcher.
 */
final class JavaOptions {

    static final String OPENS = read();

    private JavaOptions() {
    }

    private static String read() {
        try (InputStream in = JavaOptions.class.getResourceAsStream("java-opens.txt")) {
            if (in == null) {
                throw new IllegalStateException("java-opens.txt is missing from the litestage-spark jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
