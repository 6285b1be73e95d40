package dev.litestage.experiment.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The commit the project was built from, for provenance: read from {@code .git} directly (no git
 * binary needed), following a symbolic HEAD to its ref or to {@code packed-refs}.
 */
public final class GitCommit {

    private GitCommit() {
    }

    /** The current commit of the repository containing {@code start}, if any. */
    public static Optional<String> of(Path start) {
        Path dir = start.toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(".git"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return Optional.empty();
        }
        Path git = dir.resolve(".git");
        try {
            String head = Files.readString(git.resolve("HEAD")).trim();
            if (!head.startsWith("ref: ")) {
                return Optional.of(head);
            }
            String ref = head.substring(5);
            Path loose = git.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return Optional.of(Files.readString(loose).trim());
            }
            Path packed = git.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed)) {
                    if (line.endsWith(" " + ref)) {
                        return Optional.of(line.substring(0, line.indexOf(' ')));
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
