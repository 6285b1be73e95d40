package dev.litestage.tracking.filestore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Replaces a file's content all at once: the bytes go to a temporary file, are forced to disk and
 * the temporary file is renamed over the target. A process killed half-way leaves either the old
 * or the new content, never a torn {@code meta.yaml}.
 *
 * <p>The temporary file is created in a directory the caller names: MLflow lists every file of a
 * run's {@code params/}, {@code tags/}, {@code metrics/} and {@code artifacts/} folders, so a
 * leftover temporary file must live where MLflow ignores plain files (the run or experiment folder).
 */
final class AtomicFile {

    private AtomicFile() {
    }

    /** Writes {@code content} to {@code target}, creating parent folders, via a temporary file in {@code tempDir}. */
    static void write(Path target, byte[] content, Path tempDir) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = tempDir.resolve(".litestage-" + UUID.randomUUID() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        move(temp, target);
    }

    /** Copies {@code source} to {@code target} the same way. */
    static void copy(Path source, Path target, Path tempDir) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = tempDir.resolve(".litestage-" + UUID.randomUUID() + ".tmp");
        Files.copy(source, temp);
        move(temp, target);
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
