package dev.litestage.experiment.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} is the config reference derived from the declarations
 * ({@link ExperimentSettings#reference()}): this test fails when a declaration changed and the page
 * was not regenerated. Regenerate with
 * {@code mvn -pl modules/experiment test -Dtest=ConfigurationReferenceTest -Dlitestage.writeReference=true}.
 */
class ConfigurationReferenceTest {

    private static final Path PAGE = Path.of("../../docs/configuration.md");
    private static final String HEADER = """
            # Experiment configuration reference

            Generated from the declarations in `ExperimentSettings` (each setting is declared once: key,
            type, default, rule and meaning); `ConfigurationReferenceTest` keeps this page in step with them.
            Keys are written as they appear in the YAML; a section (`model:`, `data:`, `stages:`, `search:`,
            `tracking:`, `engine:`, `execution:`) is either inline or a path to a file under `configs/`.

            """;

    @Test
    void theConfigurationPageIsTheReferenceDerivedFromTheDeclarations() throws IOException {
        String expected = HEADER + ExperimentSettings.reference();
        if (Boolean.getBoolean("litestage.writeReference")) {
            Files.writeString(PAGE, expected, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(PAGE), PAGE.toAbsolutePath() + " is missing");
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        assertTrue(page.equals(expected), PAGE + " differs from ExperimentSettings.reference(): regenerate it with "
                + "-Dlitestage.writeReference=true (see this test's javadoc)");
    }
}
