package dev.litestage.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds {@code ../shared} beside the repository checkout: surefire runs in the module directory,
 * so walk up to the reactor root (the {@code pom.xml} that lists {@code <module>}s).
 */
public final class SharedDirectory {

    private SharedDirectory() {
    }

    /** The shared directory; skips the calling test when it is absent. */
    public static Path require(String what) {
        Path shared = locate();
        Assumptions.assumeTrue(shared != null && Files.isDirectory(shared.resolve(what)),
                "../shared/" + what + " not present: skipping tests on the real datasets");
        return shared;
    }

    private static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        for (; dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<module>")) {
                    return dir.resolve("..").resolve("shared").normalize();
                }
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }
}
