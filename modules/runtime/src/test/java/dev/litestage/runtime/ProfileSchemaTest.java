package dev.litestage.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.litestage.reasoning.fake.ScriptedLanguageModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The committed JSON Schema and the runtime's reader describe the same format: everything the
 * runtime writes validates, and documents broken in ways the schema can express are refused by both.
 */
class ProfileSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final JsonNode SCHEMA_TREE = readTree(resource(ProfileDocument.SCHEMA_RESOURCE));
    private static final Schema SCHEMA = REGISTRY.getSchema(SchemaLocation.of("classpath:profile-v2"), SCHEMA_TREE);
    private static final JsonNode V1_SCHEMA_TREE = readTree(resource(ProfileDocument.V1_SCHEMA_RESOURCE));
    private static final Schema V1_SCHEMA = REGISTRY.getSchema(SchemaLocation.of("classpath:profile-v1"), V1_SCHEMA_TREE);

    private static String resource(String name) {
        try (InputStream in = ProfileDocument.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Validates against the schema of the document's own version (1 or the current one). */
    private static List<Error> validate(String json) {
        JsonNode tree = readTree(json);
        return (tree.path("format_version").asInt() == 1 ? V1_SCHEMA : SCHEMA).validate(tree);
    }

    @Test
    void theSchemaIsAValidDraft202012Schema() {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertEquals(List.of(), meta.validate(SCHEMA_TREE));
        assertEquals(List.of(), meta.validate(V1_SCHEMA_TREE));
        assertFalse(meta.validate(readTree("{\"type\": 5, \"minLength\": -1}")).isEmpty(),
                "the meta-schema is really applied");
        assertEquals("https://json-schema.org/draft/2020-12/schema", SCHEMA_TREE.get("$schema").textValue());
    }

    @Test
    void everyWrittenProfileValidates() {
        ScriptedLanguageModel model = Profiles.model();
        ProfileDocument full = Profiles.document(model);
        ProfileDocument bare = ProfileDocument.of(full.model(),
                List.of(new ProfileDocument.StageSetting("recall", List.of(), List.of(),
                        ProfileDocument.EarlyExitSetting.OFF, 1, new ProfileDocument.Prompt("Recall:", null, List.of()))),
                new ProfileDocument.Results(0.5, 0.5, 1.1, "reference", "dev", 3, full.results().evaluatedAt(),
                        new ProfileDocument.SpeedupMeasurement("journal latency ratio", "dev", 3, null, null, null), null),
                new ProfileDocument.Provenance("e", "manual", null, null, null, "test"));
        for (ProfileDocument doc : List.of(full, bare)) {
            assertEquals(List.of(), validate(doc.toJson()), doc.toJson());
        }
    }

    @Test
    void theVersionOneSampleProfileValidatesAndStillReads() {
        String sample = resource("sample-profile.json");
        assertEquals(List.of(), V1_SCHEMA.validate(readTree(sample)));
        ProfileDocument doc = ProfileDocument.parse(sample, "sample-profile.json");
        assertEquals(1, doc.formatVersion());
        assertEquals(List.of("recall", "analyze", "summarize"), doc.stageNames());
        assertEquals("unknown (format version 1)", doc.results().speedupMethod());
        assertEquals(List.of(), validate(doc.toJson()), "and stays valid (version 1) when written back");
        assertFalse(SCHEMA.validate(readTree(sample)).isEmpty(), "a version-1 document is not a version-2 one");
    }

    /** Breakages the schema can express: both the schema and the reader must refuse each. */
    private static final Map<String, Consumer<ObjectNode>> BREAKAGES = Map.ofEntries(
            Map.entry("version 3", t -> t.put("format_version", 3)),
            Map.entry("no prompt", t -> stage(t).remove("prompt")),
            Map.entry("option prefix without label", t -> ((ObjectNode) stage(t).get("prompt")).put("option_prefix", "For")),
            Map.entry("empty stop string", t -> ((ArrayNode) stage(t).get("prompt").get("stop")).add("")),
            Map.entry("no answer", t -> t.remove("answer")),
            Map.entry("no speedup_measured", t -> ((ObjectNode) t.get("results")).remove("speedup_measured")),
            Map.entry("a number setting", t -> ((ObjectNode) t.get("provenance").get("settings")).put("search.kmax", 8)),
            Map.entry("no model", t -> t.remove("model")),
            Map.entry("no stages", t -> t.putArray("stages")),
            Map.entry("unknown top-level field", t -> t.put("notes", "x")),
            Map.entry("negative layer", t -> ((ArrayNode) stage(t).get("skip_mlp")).add(-1)),
            Map.entry("repeated layer", t -> ((ArrayNode) stage(t).get("skip_attention")).add(1)),
            Map.entry("string layer", t -> ((ArrayNode) stage(t).get("skip_mlp")).add("2")),
            Map.entry("zero budget", t -> stage(t).put("max_new_tokens", 0)),
            Map.entry("threshold above 1", t -> ((ObjectNode) stage(t).get("early_exit")).put("threshold", 1.01)),
            Map.entry("window 0", t -> ((ObjectNode) stage(t).get("early_exit")).put("window", 0)),
            Map.entry("no early_exit", t -> stage(t).remove("early_exit")),
            Map.entry("short fingerprint", t -> ((ObjectNode) t.get("model")).put("fingerprint", "abc")),
            Map.entry("upper-case fingerprint", t -> ((ObjectNode) t.get("model"))
                    .put("fingerprint", Profiles.FINGERPRINT.toUpperCase(java.util.Locale.ROOT))),
            Map.entry("accuracy as percent", t -> ((ObjectNode) t.get("results")).put("full_accuracy", 62)),
            Map.entry("zero speedup", t -> ((ObjectNode) t.get("results")).put("speedup", 0)),
            Map.entry("bad date", t -> ((ObjectNode) t.get("results")).put("evaluated_at", "29/11/2026")),
            Map.entry("empty strategy", t -> ((ObjectNode) t.get("provenance")).put("strategy", "")),
            Map.entry("no git_commit key", t -> ((ObjectNode) t.get("provenance")).remove("git_commit")));

    private static ObjectNode stage(ObjectNode root) {
        return (ObjectNode) root.get("stages").get(0);
    }

    @Test
    void schemaAndReaderRefuseTheSameBrokenDocuments() {
        String valid = Profiles.document(Profiles.model()).toJson();
        BREAKAGES.forEach((name, breakage) -> {
            ObjectNode tree = (ObjectNode) readTree(valid);
            breakage.accept(tree);
            String json = tree.toString();
            assertFalse(validate(json).isEmpty(), "the schema accepts a document with " + name);
            assertThrows(InvalidProfileException.class, () -> ProfileDocument.parse(json, name),
                    "the reader accepts a document with " + name);
        });
    }

    @Test
    void rulesBeyondTheSchemaAreTheReadersAlone() {
        // Layer bounds depend on model.layers and names must be unique: the schema cannot say
        // either, so its description names them and the reader enforces them.
        ObjectNode tree = (ObjectNode) readTree(Profiles.document(Profiles.model()).toJson());
        ((ArrayNode) stage(tree).get("skip_mlp")).add(Profiles.LAYERS);
        assertEquals(List.of(), validate(tree.toString()));
        assertThrows(InvalidProfileException.class, () -> ProfileDocument.parse(tree.toString(), "p"));
        assertTrue(SCHEMA_TREE.get("description").textValue().contains("layer index is below model.layers"));
        ObjectNode pattern = (ObjectNode) readTree(Profiles.document(Profiles.model()).toJson());
        ((ObjectNode) pattern.get("answer")).put("pattern", "no group here");
        assertEquals(List.of(), validate(pattern.toString()));
        assertThrows(InvalidProfileException.class, () -> ProfileDocument.parse(pattern.toString(), "p"));
    }
}
