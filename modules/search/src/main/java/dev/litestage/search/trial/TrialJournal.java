package dev.litestage.search.trial;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An append-only record of finished trials on disk: JSON Lines, one trial per line, each line
 * written, flushed and fsync'd as the trial finishes, so a search killed at any moment loses no
 * completed trial.
 *
 * <p>A kill while a line is being written leaves a torn last line (no terminating newline). On
 * {@link #open} such a tail is detected, reported with a warning, and cut off the file so that new
 * lines start clean; every complete line is kept. A complete line that does not parse is
 * corruption, not a torn write, and fails with the file and line number.
 *
 * <p>Line format: {@code {"key":..., "layers":..., "accuracy":..., "questions":..., "latencyMs":...,
 * "wallMs":..., "stages":[{"stage":..., "latencyMs":..., "prefillTokens":..., "generatedTokens":...,
 * "earlyExits":..., "prefillCalls":...}, ...]}} ({@code prefillCalls} absent in older journals: 1); the configuration is stored as its {@link TrialConfig#key() key}.
 */
public final class TrialJournal implements Closeable {

    private static final System.Logger LOG = System.getLogger(TrialJournal.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final List<TrialResult> trials;
    private final String discardedTail;

    private TrialJournal(Path file, FileChannel channel, List<TrialResult> trials, String discardedTail) {
        this.file = file;
        this.channel = channel;
        this.trials = trials;
        this.discardedTail = discardedTail;
    }

    /**
     * Opens (creating it and its directories when absent) the journal at {@code file} and loads
     * the trials it holds.
     *
     * @throws IOException              when the file cannot be read or written
     * @throws IllegalArgumentException naming the file and line when a complete line is not a trial
     */
    public static TrialJournal open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            byte[] bytes = Files.readAllBytes(file);
            int end = lastNewline(bytes) + 1;
            List<TrialResult> trials = new ArrayList<>();
            String content = new String(bytes, 0, end, StandardCharsets.UTF_8);
            String[] lines = content.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    trials.add(parseLine(file, i + 1, lines[i]));
                }
            }
            String tail = null;
            if (end < bytes.length) {
                tail = new String(bytes, end, bytes.length - end, StandardCharsets.UTF_8);
                LOG.log(System.Logger.Level.WARNING, "{0} line {1}: ignoring a torn last line of {2} bytes"
                        + " (the previous run was killed while writing it): {3}",
                        file, lines.length, bytes.length - end, abbreviate(tail));
                channel.truncate(end);
                channel.force(true);
            }
            channel.position(end);
            return new TrialJournal(file, channel, trials, tail);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Where this journal lives. */
    public Path file() {
        return file;
    }

    /** Every trial in the journal: those loaded by {@link #open}, then those appended, in order. */
    public synchronized List<TrialResult> trials() {
        return Collections.unmodifiableList(new ArrayList<>(trials));
    }

    /** The torn last line {@link #open} cut off, if there was one. */
    public Optional<String> discardedTail() {
        return Optional.ofNullable(discardedTail);
    }

    /** Appends one finished trial and forces it to disk before returning. */
    public synchronized void append(TrialResult trial) throws IOException {
        byte[] line = (toJson(trial) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
        trials.add(trial);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    /** A trial as one journal line: also the form a trial travels in between JVMs. */
    public static String toJson(TrialResult trial) {
        ObjectNode node = JSON.createObjectNode();
        node.put("key", trial.key());
        node.put("layers", trial.config().layers());
        node.put("accuracy", trial.accuracy());
        node.put("questions", trial.questions());
        node.put("latencyMs", trial.latencyMs());
        node.put("wallMs", trial.wallMs());
        ArrayNode stages = node.putArray("stages");
        for (StageMeasurement s : trial.stages()) {
            stages.addObject()
                    .put("stage", s.stage())
                    .put("latencyMs", s.latencyMs())
                    .put("prefillTokens", s.prefillTokens())
                    .put("prefillCalls", s.prefillCalls())
                    .put("generatedTokens", s.generatedTokens())
                    .put("earlyExits", s.earlyExits());
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise trial " + trial.key(), e);
        }
    }

    /**
     * A trial from one journal line, {@code line} of {@code file}; errors name both.
     *
     * @throws IllegalArgumentException when the line is not a trial record
     */
    public static TrialResult parseLine(Path file, int lineNumber, String line) {
        String where = file + " line " + lineNumber;
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not a JSON trial record: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a JSON object, found " + abbreviate(line));
        }
        try {
            TrialConfig config = TrialConfig.parse(text(node, "key", where), integer(node, "layers", where));
            JsonNode stagesNode = node.get("stages");
            if (stagesNode == null || !stagesNode.isArray()) {
                throw new IllegalArgumentException(where + ": field stages: expected an array");
            }
            List<StageMeasurement> stages = new ArrayList<>();
            for (int i = 0; i < stagesNode.size(); i++) {
                JsonNode s = stagesNode.get(i);
                String at = where + ": field stages[" + i + "]";
                stages.add(new StageMeasurement(text(s, "stage", at), number(s, "latencyMs", at),
                        number(s, "prefillTokens", at), number(s, "generatedTokens", at),
                        integer(s, "earlyExits", at), s.has("prefillCalls") ? number(s, "prefillCalls", at) : 1));
            }
            return new TrialResult(config, number(node, "accuracy", where), integer(node, "questions", where),
                    stages, number(node, "latencyMs", where), number(node, "wallMs", where));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                throw e;
            }
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(where + ": field " + field + ": expected a string, found " + value);
        }
        return value.asText();
    }

    private static double number(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException(where + ": field " + field + ": expected a number, found " + value);
        }
        return value.asDouble();
    }

    private static int integer(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(where + ": field " + field + ": expected an integer, found " + value);
        }
        return value.asInt();
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
