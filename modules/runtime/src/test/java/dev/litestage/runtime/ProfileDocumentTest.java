package dev.litestage.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litestage.model.SkipMask;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.ReasoningProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProfileDocument doc = Profiles.document(Profiles.model());

    @Test
    void aFolderOrABinaryFileGivenAsProfileIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        InvalidProfileException folder = assertThrows(InvalidProfileException.class, () -> ProfileDocument.read(dir));
        assertTrue(folder.getMessage().contains(dir.toString()) && folder.getMessage().contains("folder"), folder.getMessage());
        Path binary = Files.write(dir.resolve("profile.json"), new byte[] {(byte) 0xff, (byte) 0xfe, '{'});
        InvalidProfileException notText = assertThrows(InvalidProfileException.class, () -> ProfileDocument.read(binary));
        assertTrue(notText.getMessage().contains(binary.toString()) && notText.getMessage().contains("UTF-8"),
                notText.getMessage());
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nested/profile.json");
        doc.write(file);
        ProfileDocument back = ProfileDocument.read(file);
        assertEquals(doc, back);
        assertEquals(Files.readString(file), back.toJson(), "writing is deterministic");
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
        if (Files.getFileStore(file).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                    "other services' accounts can read the profile");
        }
    }

    @Test
    void roundTripsNullProvenanceAndDisabledExits() {
        ProfileDocument bare = ProfileDocument.of(doc.model(),
                List.of(new ProfileDocument.StageSetting("recall", List.of(), List.of(),
                        ProfileDocument.EarlyExitSetting.OFF, 32, new ProfileDocument.Prompt("Recall:", null, List.of("\n")))),
                doc.results(), new ProfileDocument.Provenance("e", "manual", null, null, null, "test"));
        assertEquals(bare, ProfileDocument.parse(bare.toJson(), "bare"));
    }

    @Test
    void isBuiltFromAReasoningProfileAndGivesItBack() {
        ProfileDocument.StageSetting analyze = doc.stage("analyze");
        assertEquals(List.of(2), analyze.skipAttention());
        assertEquals(List.of(0, 3), analyze.skipMlp());
        assertEquals(new ProfileDocument.EarlyExitSetting(true, 4, 0.25), analyze.earlyExit());
        assertEquals(MultiStagePipeline.standardStages().get(1).maxNewTokens(), analyze.maxNewTokens());
        assertEquals(List.of("recall", "analyze", "summarize"), doc.stageNames());
        assertEquals(Profiles.FINGERPRINT, doc.model().fingerprint());
        assertEquals(8, doc.model().sublayers());

        ReasoningProfile back = doc.toReasoningProfile(Profiles.LAYERS);
        assertEquals(Profiles.reasoningProfile(), back);
    }

    @Test
    void toReasoningProfileRefusesLayersTheModelLacks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> doc.toReasoningProfile(3));
        assertEquals("stages[1].skip_mlp[1]: layer 3 outside 0..2", e.getMessage());
    }

    @Test
    void theWrittenJsonUsesTheDocumentedFieldNames() throws Exception {
        var tree = JSON.readTree(doc.toJson());
        assertEquals(2, tree.get("format_version").intValue());
        assertEquals("Analyze:", tree.at("/stages/1/prompt/prefix").textValue());
        assertEquals("For option {label},", tree.at("/stages/1/prompt/option_prefix").textValue());
        assertTrue(tree.at("/stages/0/prompt/option_prefix").isNull());
        assertEquals("the answer is option ([A-Z])\\.", tree.at("/answer/pattern").textValue());
        assertEquals(1.32, tree.at("/results/speedup_measured/interval_low").doubleValue());
        assertEquals(32, tree.at("/results/throughput/batch").intValue());
        assertEquals("4", tree.at("/provenance/settings/search.epsilon").textValue());
        assertEquals("[2]", tree.at("/stages/1/skip_attention").toString());
        assertEquals("[0,3]", tree.at("/stages/1/skip_mlp").toString());
        assertEquals(0.25, tree.at("/stages/1/early_exit/threshold").doubleValue());
        assertEquals("2026-11-29T12:30:00Z", tree.at("/results/evaluated_at").textValue());
        assertEquals("5f0c2a9d1e", tree.at("/provenance/mlflow_run_id").textValue());
        assertEquals(Profiles.LAYERS, tree.at("/model/layers").intValue());
    }

    // --- every way a file can be wrong gets one message naming the file and the field ---

    private String broken(Consumer<ObjectNode> change) throws Exception {
        ObjectNode tree = (ObjectNode) JSON.readTree(doc.toJson());
        change.accept(tree);
        return JSON.writeValueAsString(tree);
    }

    private void assertRejected(String expected, String json) {
        InvalidProfileException e = assertThrows(InvalidProfileException.class,
                () -> ProfileDocument.parse(json, "profile.json"));
        assertEquals(expected, e.getMessage());
        assertEquals("profile.json", e.source());
    }

    private static ObjectNode stage(ObjectNode root, int i) {
        return (ObjectNode) root.get("stages").get(i);
    }

    @Test
    void rejectsLayersOutsideTheModel() throws Exception {
        assertRejected("profile.json: stages[1].skip_mlp[0]: layer 12 outside 0..3",
                broken(t -> ((ArrayNode) stage(t, 1).get("skip_mlp")).set(0, 12)));
        assertRejected("profile.json: stages[0].skip_attention[1]: layer -1 outside 0..3",
                broken(t -> ((ArrayNode) stage(t, 0).get("skip_attention")).add(-1)));
    }

    @Test
    void rejectsALayerListedTwice() throws Exception {
        assertRejected("profile.json: stages[0].skip_attention[1]: layer 1 listed twice",
                broken(t -> ((ArrayNode) stage(t, 0).get("skip_attention")).add(1)));
    }

    @Test
    void rejectsUnknownFormatVersionsBeforeAnythingElse() throws Exception {
        assertRejected("profile.json: format_version: unsupported version 3; this runtime reads versions 1 and 2",
                broken(t -> {
                    t.put("format_version", 3);
                    t.remove("stages");
                }));
        assertRejected("profile.json: format_version: unsupported version \"2\"; this runtime reads versions 1 and 2",
                broken(t -> t.put("format_version", "2")));
        assertRejected("profile.json: format_version: missing field", broken(t -> t.remove("format_version")));
    }

    @Test
    void rejectsMissingFields() throws Exception {
        assertRejected("profile.json: stages[2].early_exit: missing field",
                broken(t -> stage(t, 2).remove("early_exit")));
        assertRejected("profile.json: results: missing field", broken(t -> t.remove("results")));
        assertRejected("profile.json: provenance.git_commit: missing field",
                broken(t -> ((ObjectNode) t.get("provenance")).remove("git_commit")));
    }

    @Test
    void rejectsWrongTypes() throws Exception {
        assertRejected("profile.json: stages[0].max_new_tokens: expected an integer, found a string \"many\"",
                broken(t -> stage(t, 0).put("max_new_tokens", "many")));
        assertRejected("profile.json: stages[1].early_exit.enabled: expected true or false, found a string \"yes\"",
                broken(t -> ((ObjectNode) stage(t, 1).get("early_exit")).put("enabled", "yes")));
        assertRejected("profile.json: model.layers: expected an integer, found a number 4.5",
                broken(t -> ((ObjectNode) t.get("model")).put("layers", 4.5)));
        assertRejected("profile.json: stages: expected an array, found an object",
                broken(t -> t.putObject("stages")));
    }

    @Test
    void rejectsOutOfRangeValues() throws Exception {
        assertRejected("profile.json: stages[1].early_exit.threshold: 1.5 outside [0, 1]",
                broken(t -> ((ObjectNode) stage(t, 1).get("early_exit")).put("threshold", 1.5)));
        assertRejected("profile.json: stages[0].early_exit.window: must be >= 1, was 0",
                broken(t -> ((ObjectNode) stage(t, 0).get("early_exit")).put("window", 0)));
        assertRejected("profile.json: results.profile_accuracy: 60.0 outside [0, 1]",
                broken(t -> ((ObjectNode) t.get("results")).put("profile_accuracy", 60.0)));
        assertRejected("profile.json: model.sublayers: 9 is not 2 x layers (4)",
                broken(t -> ((ObjectNode) t.get("model")).put("sublayers", 9)));
        assertRejected("profile.json: model.fingerprint: expected 64 lower-case hex digits (sha256), was 'abc'",
                broken(t -> ((ObjectNode) t.get("model")).put("fingerprint", "abc")));
        assertRejected("profile.json: stages: at least one stage is required",
                broken(t -> t.putArray("stages")));
    }

    @Test
    void rejectsDuplicateStageNames() throws Exception {
        assertRejected("profile.json: stages[2].name: stage 'recall' appears twice",
                broken(t -> stage(t, 2).put("name", "recall")));
    }

    @Test
    void rejectsUnknownFieldsSoTyposSurface() throws Exception {
        String json = broken(t -> stage(t, 0).set("skip_mpl", stage(t, 0).remove("skip_mlp")));
        InvalidProfileException e = assertThrows(InvalidProfileException.class,
                () -> ProfileDocument.parse(json, "profile.json"));
        assertEquals("stages[0].skip_mpl", e.field());
        assertTrue(e.getMessage().startsWith("profile.json: stages[0].skip_mpl: unknown field"), e.getMessage());
    }

    @Test
    void rejectsBadDates() throws Exception {
        assertRejected("profile.json: results.evaluated_at: expected an ISO-8601 date-time with offset such as "
                        + "2025-01-31T12:00:00Z, found \"yesterday\"",
                broken(t -> ((ObjectNode) t.get("results")).put("evaluated_at", "yesterday")));
    }

    @Test
    void rejectsMalformedJsonWithItsPosition() {
        InvalidProfileException e = assertThrows(InvalidProfileException.class,
                () -> ProfileDocument.parse("{\n  \"format_version\": 1,\n  \"model\": {\n", "profile.json"));
        assertTrue(e.getMessage().startsWith("profile.json: malformed JSON at line "), e.getMessage());
        InvalidProfileException dup = assertThrows(InvalidProfileException.class,
                () -> ProfileDocument.parse("{\"format_version\": 1, \"format_version\": 1}", "profile.json"));
        assertTrue(dup.getMessage().contains("Duplicate field 'format_version'"), dup.getMessage());
        assertRejected("profile.json: empty document", "  ");
        assertRejected("profile.json: expected an object, found an array", "[]");
    }

    @Test
    void readingAMissingFileSaysWhich(@TempDir Path dir) {
        Path missing = dir.resolve("none.json");
        var e = assertThrows(java.io.UncheckedIOException.class, () -> ProfileDocument.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void masksRebuildFromTheLists() {
        assertEquals(SkipMask.parse("attn:2;mlp:0,3", 4), doc.stage("analyze").mask(4));
        assertEquals(EarlyExit.of(2, 0.5), doc.stage("summarize").earlyExit().toEarlyExit());
    }
}
