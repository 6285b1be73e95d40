package dev.litestage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litestage.model.SharedFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code litestage generate} on the real stories260K checkpoint, and its errors on bad input. */
class GenerateCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true));
        try {
            int exit = cli.execute(args);
            return new Run(exit, captured.toString() + out, err.toString());
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void reproducesTheReferenceGreedyIdsThroughTheCli() throws Exception {
        Path model = SharedFiles.require("models/stories260K");
        JsonNode expected = new ObjectMapper().readTree(model.resolve("expected-greedy.json").toFile());
        int count = expected.get("generated_ids").size();
        Run r = run("generate", "--model", model.resolve("stories260K.bin").toString(), "--prompt",
                expected.get("prompt").asText(), "--max-tokens", String.valueOf(count), "--json");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().trim().split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals(expected.get("prompt_ids"), json.get("prompt_ids"));
        assertEquals(expected.get("generated_ids"), json.get("generated_ids"));
        assertEquals(count, json.get("confidences").size());
        assertTrue(json.get("prefill_ms").asDouble() > 0 && json.get("decode_ms_per_token").asDouble() > 0);
    }

    @Test
    void badSkipSpecNamesTheTokenAndExitsNonZero() {
        Path model = SharedFiles.require("models/stories260K/stories260K.bin");
        Run r = run("generate", "--model", model.toString(), "--prompt", "Once", "--max-tokens", "2", "--skip", "attn:1;ffn:9");
        assertEquals(Main.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("'9'") && r.err().contains("0..4"), r.err());
    }

    @Test
    void anEmptySkipSpecOrAKindWithoutLayersIsRefusedNotReadAsTheFullModel() {
        Path model = SharedFiles.require("models/stories260K/stories260K.bin");
        for (String spec : new String[] {"", "attn:"}) {
            Run r = run("generate", "--model", model.toString(), "--prompt", "Once", "--max-tokens", "2", "--skip", spec);
            assertEquals(Main.BAD_INPUT, r.exit(), "'" + spec + "': " + r.out());
            assertTrue(r.err().contains("skip spec"), r.err());
        }
    }

    @Test
    void corruptCheckpointNamesTheFileAndExitsNonZero() throws Exception {
        Path model = SharedFiles.require("models/stories260K");
        Path cut = dir.resolve("stories260K.bin");
        byte[] bytes = Files.readAllBytes(model.resolve("stories260K.bin"));
        Files.write(cut, Arrays.copyOf(bytes, 1000));
        Files.copy(model.resolve("tok512.bin"), dir.resolve("tok512.bin"));
        Run r = run("generate", "--model", cut.toString(), "--prompt", "Once", "--max-tokens", "2");
        assertEquals(Main.BAD_INPUT, r.exit());
        assertTrue(r.err().contains(cut.toString()) && r.err().contains("truncated"), r.err());
        assertEquals(1, r.err().trim().split("\n").length, "one clear line, no stack trace: " + r.err());
    }

    @Test
    void unsupportedArchitectureIsNamed() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"GPT2LMHeadModel\"], \"hidden_size\": 8}");
        Run r = run("generate", "--model", dir.toString(), "--prompt", "x", "--max-tokens", "1");
        assertEquals(Main.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("unsupported architecture GPT2LMHeadModel"), r.err());
    }
}
