package dev.litestage.experiment.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every declared setting, walked: an invalid value of each is refused naming its snake_case key
 * and the file, and every setting reaches the experiment's settings (MLflow params, provenance).
 */
class ExperimentSettingsTest {

    @TempDir
    Path dir;

    Path experiment;

    @BeforeEach
    void folders() throws IOException {
        Files.createDirectories(dir.resolve("model"));
        Files.createDirectories(dir.resolve("data/reference"));
        Files.createDirectories(dir.resolve("experiments"));
        experiment = dir.resolve("experiments/x.yaml");
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper YAML = ConfigTree.YAML;

    /**
     * A valid experiment with every section inline, with {@code key} (a YAML fragment value) set in
     * {@code section}: "" for the file itself, "search.early_exit" for a nested group, "stages[i]"
     * for the first stage.
     */
    private String yaml(String section, String key, String value) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode root = YAML.createObjectNode();
        root.putObject("model").put("path", "../model");
        root.putObject("data").put("benchmark", "reference").put("root", "../data");
        root.putObject("search");
        root.putObject("tracking");
        root.putObject("engine");
        com.fasterxml.jackson.databind.node.ObjectNode stage = root.putObject("stages").putArray("stages").addObject();
        stage.put("name", "recall").put("prefix", "Recall:");
        com.fasterxml.jackson.databind.JsonNode parsed = YAML.readTree("v: " + value).get("v");
        com.fasterxml.jackson.databind.node.ObjectNode target;
        if (section.isEmpty()) {
            target = root;
        } else if (section.equals("stages[i]")) {
            target = stage;
        } else {
            target = root;
            for (String part : section.split("\\.")) {
                target = target.has(part) ? (com.fasterxml.jackson.databind.node.ObjectNode) target.get(part)
                        : target.putObject(part);
            }
        }
        target.set(key, parsed);
        return YAML.writeValueAsString(root);
    }

    @Test
    void theBaseWithEverySectionInlineLoads() throws IOException {
        Files.writeString(experiment, yaml("", "seed", "3"));
        Experiment e = ExperimentLoader.load(experiment);
        assertEquals(3, e.seed());
    }

    @Test
    void anInvalidValueOfEverySettingNamesItsKeyAndTheFile() throws IOException {
        List<String> checked = new ArrayList<>();
        walk(ExperimentSettings.EXPERIMENT, "", checked);
        walk(ExperimentSettings.MODEL, "model", checked);
        walk(ExperimentSettings.DATA, "data", checked);
        walk(ExperimentSettings.SEARCH, "search", checked);
        walk(ExperimentSettings.TRACKING, "tracking", checked);
        walk(ExperimentSettings.ENGINE, "engine", checked);
        for (Setting<?> s : ExperimentSettings.STAGE.settings()) {
            expectRefused("stages[i]", s, "stages.stages[0]." + s.key(), checked);
        }
        assertTrue(checked.size() > 60, "walked " + checked.size() + " settings: " + checked);
    }

    private void walk(SettingGroup group, String section, List<String> checked) throws IOException {
        for (Setting<?> s : group.settings()) {
            String expectedKey = section.isEmpty() ? s.key() : section + "." + s.key();
            expectRefused(section, s, expectedKey, checked);
        }
        for (SettingGroup nested : group.groups()) {
            walk(nested, section + "." + nested.key(), checked);
        }
    }

    private void expectRefused(String section, Setting<?> s, String expectedKey, List<String> checked) throws IOException {
        Files.writeString(experiment, yaml(section, s.key(), s.type().invalidExample()));
        try {
            ExperimentLoader.load(experiment);
            fail(expectedKey + ": " + s.type().invalidExample() + " was accepted");
        } catch (ConfigException e) {
            assertEquals(experiment, e.file(), expectedKey);
            assertEquals(expectedKey, e.key(), e.getMessage());
            assertTrue(e.getMessage().contains(s.type().describe()) || e.getMessage().contains("expected"), e.getMessage());
            checked.add(expectedKey);
        }
    }

    @Test
    void everySettingReachesTheExperimentsSettingsByItsKey() throws IOException {
        Files.writeString(experiment, yaml("search", "kmax", "5"));
        Map<String, String> settings = ExperimentLoader.load(experiment).settings();
        assertEquals("5", settings.get("search.kmax"));
        assertEquals("2", settings.get("search.epsilon"), "epsilon as the user writes it: points");
        for (Setting<?> s : ExperimentSettings.SEARCH.settings()) {
            assertTrue(settings.containsKey("search." + s.key()), "search." + s.key());
        }
        for (Setting<?> s : ExperimentSettings.SEARCH.group("early_exit").settings()) {
            assertTrue(settings.containsKey("search.early_exit." + s.key()), s.key());
        }
        for (SettingGroup g : List.of(ExperimentSettings.MODEL, ExperimentSettings.DATA, ExperimentSettings.TRACKING,
                ExperimentSettings.ENGINE)) {
            for (Setting<?> s : g.settings()) {
                assertTrue(settings.containsKey(g.key() + "." + s.key()), g.key() + "." + s.key());
            }
        }
        for (Setting<?> s : ExperimentSettings.STAGE.settings()) {
            assertTrue(settings.containsKey("stages[0]." + s.key()), s.key());
        }
        assertEquals(SettingValues.UNSET, settings.get("model.tokenizer"));
    }

    @Test
    void earlyExitTuningSearchesOffAndEveryWindowThresholdPair() throws IOException {
        Files.writeString(experiment, yaml("search.early_exit", "tune", "{windows: [2, 4], thresholds: [0.4]}"));
        assertEquals(java.util.List.of(dev.litestage.reasoning.EarlyExit.OFF, dev.litestage.reasoning.EarlyExit.of(2, 0.4),
                dev.litestage.reasoning.EarlyExit.of(4, 0.4)), ExperimentLoader.load(experiment).search().earlyExitCandidates());

        Files.writeString(experiment, yaml("search", "kmax", "5"));
        assertTrue(ExperimentLoader.load(experiment).search().earlyExitCandidates().isEmpty(), "no tune group: nothing tuned");

        Files.writeString(experiment, yaml("search.early_exit", "tune", "{thresholds: [1.5]}"));
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ExperimentLoader.load(experiment));
        assertTrue(e.getMessage().contains("search.early_exit.tune.thresholds"), e.getMessage());
    }

    @Test
    void duplicateKeysAndOversizedFilesAreRefused() throws IOException {
        Files.writeString(experiment, yaml("search", "kmax", "5") + "seed: 1\nseed: 2\n");
        ConfigException duplicate = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ExperimentLoader.load(experiment));
        assertTrue(duplicate.getMessage().toLowerCase().contains("duplicate"), duplicate.getMessage());
        Files.writeString(experiment, "description: \"" + "x".repeat(2 << 20) + "\"\n");
        long start = System.nanoTime();
        ConfigException big = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ExperimentLoader.load(experiment));
        assertTrue(big.getMessage().contains("at most"), big.getMessage());
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused by size, before parsing");
    }

    @Test
    void theReferenceListsEverySetting() {
        String reference = ExperimentSettings.reference();
        for (String key : List.of("`search.kmax`", "`search.early_exit.window`", "`data.mapping.answer_form`",
                "`engine.batch_questions`", "`stages.stages[i].max_new_tokens`", "`seed`")) {
            assertTrue(reference.contains(key), key);
        }
        assertFalse(reference.contains("null"));
    }
}
