package dev.litestage.tracking;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The durable outbox of tracking work: an append-only JSON-lines file {@value #FILE_NAME} in a
 * folder the caller owns (normally the search's output folder). Every operation is written and
 * forced to disk before it is sent, and a line {@code {"seq":N,"done":true}} is appended once it
 * succeeded, so a killed process or a dead server loses nothing: the next {@code SearchTracker} on
 * the same folder sends what is still pending.
 *
 * <p>Lines:
 * <pre>
 * {"seq":1,"op":{"op":"logTrial",...}}        an operation, pending until marked
 * {"seq":1,"done":true}                       it was sent
 * {"seq":2,"rejected":"HTTP 400 ..."}         the back end refused it for good; the operation is
 *                                             also copied to {@value #REJECTED_FILE_NAME}
 * </pre>
 * When nothing is pending the file is truncated to nothing, and removed on {@link #close()}.
 * A line torn by a kill is skipped with a warning naming it. A lock file keeps two trackers from
 * sharing one outbox. Not thread-safe; {@link SearchTracker} guards it.
 */
final class OutboxJournal implements AutoCloseable {

    static final String FILE_NAME = "mlflow-outbox.jsonl";
    static final String REJECTED_FILE_NAME = "mlflow-outbox-rejected.jsonl";
    private static final String LOCK_FILE_NAME = "mlflow-outbox.lock";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One line of the journal. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Line(long seq, TrackingOperation op, Boolean done, String rejected) {
    }

    /** A line of the rejected file: the operation with the reason the back end gave. */
    record Rejected(long seq, String reason, TrackingOperation op) {
    }

    /** A journalled operation not yet sent. */
    record Pending(long seq, TrackingOperation op) {
    }

    private final Path dir;
    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<Long, TrackingOperation> pending = new LinkedHashMap<>();
    private FileChannel channel;
    private long nextSeq = 1;

    private OutboxJournal(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.file = dir.resolve(FILE_NAME);
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens the outbox in {@code dir} (created when missing) and reads what is pending.
     *
     * @param warnings told about lines that cannot be read
     * @throws IllegalStateException when another tracker holds the outbox
     * @throws UncheckedIOException  when the folder cannot be written
     */
    static OutboxJournal open(Path dir, Consumer<String> warnings) {
        Path absolute = dir.toAbsolutePath().normalize();
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(absolute);
            lockChannel = FileChannel.open(absolute.resolve(LOCK_FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException("tracking outbox " + absolute.resolve(FILE_NAME)
                        + " is in use by another SearchTracker (lock " + LOCK_FILE_NAME + ")");
            }
            OutboxJournal journal = new OutboxJournal(absolute, lockChannel, lock);
            journal.load(warnings);
            return journal;
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new UncheckedIOException("cannot open tracking outbox in " + absolute + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    private void load(Consumer<String> warnings) throws IOException {
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                Line line;
                try {
                    line = JSON.readValue(lines.get(i), Line.class);
                } catch (JsonProcessingException e) {
                    warnings.accept(file + " line " + (i + 1) + ": unreadable, skipped (torn by a kill?): "
                            + e.getOriginalMessage());
                    continue;
                }
                nextSeq = Math.max(nextSeq, line.seq() + 1);
                if (line.op() != null) {
                    pending.put(line.seq(), line.op());
                } else {
                    pending.remove(line.seq());
                }
            }
        }
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (channel.size() > 0 && !endsWithNewline()) {
            write("\n"); // a torn last line must not swallow the next record
        }
        compactIfIdle();
    }

    /** Journals {@code op} as pending, forced to disk; returns its sequence number. */
    long append(TrackingOperation op) {
        long seq = nextSeq++;
        writeLine(new Line(seq, op, null, null));
        pending.put(seq, op);
        return seq;
    }

    /** Records that operation {@code seq} was sent. */
    void markDone(long seq) {
        writeLine(new Line(seq, null, Boolean.TRUE, null));
        pending.remove(seq);
        compactIfIdle();
    }

    /** Records that the back end refused operation {@code seq} for good; keeps it in the rejected file. */
    void markRejected(long seq, String reason) {
        TrackingOperation op = pending.get(seq);
        try {
            String record = JSON.writeValueAsString(new Rejected(seq, reason, op)) + "\n";
            Files.writeString(dir.resolve(REJECTED_FILE_NAME), record, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(REJECTED_FILE_NAME) + ": " + e.getMessage(), e);
        }
        writeLine(new Line(seq, null, null, reason));
        pending.remove(seq);
        compactIfIdle();
    }

    /** The pending operations, oldest first. */
    List<Pending> pending() {
        List<Pending> list = new ArrayList<>();
        pending.forEach((seq, op) -> list.add(new Pending(seq, op)));
        return list;
    }

    int pendingCount() {
        return pending.size();
    }

    Path file() {
        return file;
    }

    Path directory() {
        return dir;
    }

    /** Closes the file and releases the lock; an outbox with nothing pending is deleted. */
    @Override
    public void close() {
        try {
            channel.close();
            if (pending.isEmpty()) {
                Files.deleteIfExists(file);
            }
            lock.release();
            lockChannel.close();
            Files.deleteIfExists(dir.resolve(LOCK_FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close tracking outbox " + file + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void writeLine(Line line) {
        try {
            write(JSON.writeValueAsString(line) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise tracking operation " + line, e);
        }
    }

    private void write(String text) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to tracking outbox " + file + ": " + e.getMessage(), e);
        }
    }

    private boolean endsWithNewline() throws IOException {
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            reader.read(last, reader.size() - 1);
            return last.get(0) == '\n';
        }
    }

    /**
     * With nothing pending, the history is dropped by truncating the file: a kill during the
     * truncation leaves either the old lines (all marked done) or nothing, both of which read back
     * as "nothing pending".
     */
    private void compactIfIdle() {
        try {
            if (pending.isEmpty() && channel.size() > 0) {
                channel.truncate(0);
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact tracking outbox " + file + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the original error is reported
            }
        }
    }
}
