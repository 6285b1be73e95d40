package dev.litestage.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A directory of training checkpoints, each a subdirectory {@code step-000120/} holding
 * {@code model.sd} (the SameDiff graph with its weights, optimizer state and iteration count, as
 * {@code SameDiff.save(file, true)} writes it) and {@code state.json} ({@link TrainingState}).
 * A checkpoint is written under a {@code .partial} name and renamed when complete, so a kill at
 * any moment leaves the previous checkpoint intact; older checkpoints are then deleted.
 */
final class CheckpointStore {

    /** A restored checkpoint: where training stood, and the graph as it was. */
    record Checkpoint(TrainingState state, SameDiff graph) {}

    private static final String STATE = "state.json";
    private static final String GRAPH = "model.sd";
    private static final String PREFIX = "step-";
    private static final String PARTIAL = ".partial";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    CheckpointStore(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The newest complete checkpoint, if any. */
    Optional<Checkpoint> latest() throws IOException {
        List<Path> complete = complete();
        if (complete.isEmpty()) {
            return Optional.empty();
        }
        Path newest = complete.get(complete.size() - 1);
        TrainingState state;
        try {
            state = JSON.readValue(newest.resolve(STATE).toFile(), TrainingState.class);
        } catch (IOException e) {
            throw new IOException(newest.resolve(STATE) + ": unreadable checkpoint state: " + e.getMessage(), e);
        }
        return Optional.of(new Checkpoint(state, SameDiff.load(newest.resolve(GRAPH).toFile(), true)));
    }

    /** Saves {@code graph} (with its optimizer state) at {@code state} as the newest checkpoint; returns its directory. */
    Path save(TrainingState state, SameDiff graph) throws IOException {
        Files.createDirectories(dir);
        String name = String.format("%s%06d", PREFIX, state.step());
        Path partial = dir.resolve(name + PARTIAL);
        deleteTree(partial);
        Files.createDirectories(partial);
        graph.save(partial.resolve(GRAPH).toFile(), true);
        JSON.writeValue(partial.resolve(STATE).toFile(), state);
        Path target = dir.resolve(name);
        deleteTree(target);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        for (Path older : complete()) {
            if (!older.equals(target)) {
                deleteTree(older);
            }
        }
        return target;
    }

    /** Removes the whole checkpoint directory. */
    void clear() throws IOException {
        deleteTree(dir);
    }

    private List<Path> complete() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(PREFIX) && !n.endsWith(PARTIAL) && Files.isRegularFile(p.resolve(STATE));
            }).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
