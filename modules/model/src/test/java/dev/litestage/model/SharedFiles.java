package dev.litestage.model;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates {@code ../shared} (real data and the stories260K model) beside the repository root.
 * Tests that need it skip with a clear message where it is absent, as on a user's fresh clone.
 */
public final class SharedFiles {

    private SharedFiles() {
    }

    /** The repository root: the nearest ancestor of the working directory holding {@code modules/}. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("modules")) && Files.isRegularFile(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the litestage repository: " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** {@code ../shared/<relative>}, or skips the calling test when it is absent. */
    public static Path require(String relative) {
        Path p = repositoryRoot().resolveSibling("shared").resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "../shared/" + relative + " is not present: skipping (it exists only on"
                + " the project's development and CI machines)");
        return p;
    }
}
