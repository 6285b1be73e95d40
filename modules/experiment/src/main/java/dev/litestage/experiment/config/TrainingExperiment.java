package dev.litestage.experiment.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litestage.training.TrainingConfig;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A training experiment file ({@code experiments/train-reference-model.yaml}): where to write the
 * model, and the {@code training:} settings laid over {@link TrainingConfig#defaults()}.
 *
 * @param name   experiment name
 * @param file   the experiment file
 * @param output the model folder to write (Hugging Face layout)
 * @param data   the folder to write the reference benchmark's files to ({@code reference/} inside), or null
 * @param config the validated training settings
 */
public record TrainingExperiment(String name, Path file, Path output, Path data, TrainingConfig config) {

    private static final ObjectMapper SNAKE = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** Loads and validates {@code file} before any work starts. */
    public static TrainingExperiment load(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        ObjectNode root = ConfigTree.read(abs);
        Set<String> allowed = Set.of("name", "description", "output", "data", "training");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new ConfigException(abs, key, "unknown key (expected one of: " + new TreeSet<>(allowed) + ")");
            }
        }
        String name = root.path("name").asText(abs.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
        if (!root.path("output").isTextual()) {
            throw new ConfigException(abs, "output", "missing; expected the folder to write the model to");
        }
        ObjectNode merged = SNAKE.valueToTree(TrainingConfig.defaults());
        JsonNode training = root.get("training");
        if (training != null && !training.isNull()) {
            if (!training.isObject()) {
                throw new ConfigException(abs, "training", "expected a mapping, found " + ConfigTree.kind(training));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = training.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!merged.has(e.getKey())) {
                    Set<String> known = new TreeSet<>();
                    merged.fieldNames().forEachRemaining(known::add);
                    throw new ConfigException(abs, "training." + e.getKey(), "unknown key (expected one of: " + known + ")");
                }
                JsonNode old = merged.get(e.getKey());
                if (old.isNumber() && !e.getValue().isNumber()) {
                    throw new ConfigException(abs, "training." + e.getKey(), "wrong type: expected a number, found "
                            + ConfigTree.kind(e.getValue()));
                }
                if (old.isIntegralNumber() && !e.getValue().isIntegralNumber()) {
                    throw new ConfigException(abs, "training." + e.getKey(), "wrong type: expected a whole number, found "
                            + ConfigTree.kind(e.getValue()));
                }
                merged.set(e.getKey(), e.getValue());
            }
        }
        TrainingConfig config;
        try {
            config = SNAKE.treeToValue(merged, TrainingConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(abs, "training", cause.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(abs, "training", e.getMessage());
        }
        Path data = root.path("data").isTextual() ? Path.of(root.get("data").asText()) : null;
        return new TrainingExperiment(name, abs, Path.of(root.get("output").asText()), data, config);
    }
}
