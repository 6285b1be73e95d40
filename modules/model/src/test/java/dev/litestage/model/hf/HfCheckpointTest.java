package dev.litestage.model.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litestage.model.CheckpointException;
import dev.litestage.model.IdTokenizer;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.ReferenceTransformer;
import dev.litestage.model.SkipMask;
import dev.litestage.model.engine.SkippableDecoder;
import dev.litestage.model.weights.ModelWeights;
import dev.litestage.model.weights.RandomWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Small random Llama and Qwen2 checkpoints in the Hugging Face layout load and match the reference. */
class HfCheckpointTest {

    static final ModelConfig LLAMA = new ModelConfig(ModelConfig.LLAMA, 32, 3, 4, 2, 48, 40, 64, 10000, 1e-5, false, false);
    static final ModelConfig QWEN2 = new ModelConfig(ModelConfig.QWEN2, 48, 2, 6, 3, 64, 50, 64, 1_000_000, 1e-6, true, true);
    static final int[] IDS = {1, 7, 13, 22, 5, 31, 9};

    @TempDir
    Path dir;

    private static double agreement(ModelWeights loaded, ModelWeights expected, String spec) {
        SkipMask mask = SkipMask.parse(spec, loaded.config().layers());
        float[][] a = SkippableDecoder.create(loaded, new IdTokenizer(loaded.config().vocabSize())).logits(IDS, mask);
        float[][] b = new ReferenceTransformer(expected).logits(IDS, mask);
        double max = 0;
        for (int t = 0; t < a.length; t++) {
            for (int v = 0; v < a[t].length; v++) {
                max = Math.max(max, Math.abs(a[t][v] - b[t][v]));
            }
        }
        return max;
    }

    @Test
    void singleFileLlamaRoundTripsAndMatchesTheReference() throws IOException {
        ModelWeights w = RandomWeights.of(LLAMA, 1, 0.08);
        HfCheckpoint.write(w, 1, 2, dir);
        HfCheckpoint.Loaded loaded = HfCheckpoint.load(dir);
        assertEquals(LLAMA, loaded.config().config());
        assertEquals(1, loaded.config().bosId());
        assertEquals(2, loaded.config().eosId());
        assertTrue(agreement(loaded.weights(), w, "none") <= 1e-4);
        assertTrue(agreement(loaded.weights(), w, "attn:1;mlp:0") <= 1e-4);
    }

    @Test
    void qwen2WithBiasesAndTiedEmbeddingsLoads() throws IOException {
        ModelWeights w = RandomWeights.of(QWEN2, 2, 0.08);
        HfCheckpoint.write(w, -1, 2, dir);
        assertTrue(!HfCheckpoint.hfTensors(w).containsKey("lm_head.weight"), "tied head is not stored");
        HfCheckpoint.Loaded loaded = HfCheckpoint.load(dir);
        assertEquals(QWEN2, loaded.config().config());
        assertEquals(-1, loaded.config().bosId());
        assertTrue(agreement(loaded.weights(), w, "none") <= 1e-4);
    }

    @Test
    void shardedCheckpointLoads() throws IOException {
        ModelWeights w = RandomWeights.of(LLAMA, 3, 0.08);
        new HfConfigFile(LLAMA, 1, 2).write(dir.resolve(HfCheckpoint.CONFIG));
        Map<String, INDArray> tensors = HfCheckpoint.hfTensors(w);
        List<String> names = new ArrayList<>(tensors.keySet());
        ObjectNode index = new ObjectMapper().createObjectNode();
        ObjectNode map = index.putObject("weight_map");
        for (int shard = 0; shard < 2; shard++) {
            String file = "model-0000" + (shard + 1) + "-of-00002.safetensors";
            SafetensorsWriter out = new SafetensorsWriter(SafetensorsWriter.Dtype.F32);
            for (int i = shard; i < names.size(); i += 2) {
                INDArray a = tensors.get(names.get(i));
                out.add(names.get(i), a.dup('c').data().asFloat(), a.shape());
                map.put(names.get(i), file);
            }
            out.write(dir.resolve(file));
        }
        Files.writeString(dir.resolve(HfCheckpoint.INDEX), index.toString());
        assertTrue(agreement(HfCheckpoint.load(dir).weights(), w, "attn:2") <= 1e-4);
    }

    @Test
    void bf16CheckpointLoadsAsTheRoundedWeights() throws IOException {
        ModelWeights w = RandomWeights.of(LLAMA, 4, 0.08);
        HfCheckpoint.write(w, 1, 2, dir, SafetensorsWriter.Dtype.BF16);
        ModelWeights loaded = HfCheckpoint.load(dir).weights();
        // The reference runs on the same weights rounded to bf16, written and read back as f32.
        Path rounded = dir.resolve("rounded");
        HfCheckpoint.write(loaded, 1, 2, rounded);
        assertTrue(agreement(loaded, HfCheckpoint.load(rounded).weights(), "none") <= 1e-4);
        double drift = Math.abs(loaded.layers().get(0).wq().getFloat(0, 0) - w.layers().get(0).wq().getFloat(0, 0));
        assertTrue(drift < 2e-3, "bf16 keeps ~3 significant digits, drift " + drift);
    }

    @Test
    void halfPrecisionDecodesIeeeBinary16() {
        assertEquals(1.0f, SafetensorsFile.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, SafetensorsFile.halfToFloat((short) 0xc000));
        assertEquals(65504f, SafetensorsFile.halfToFloat((short) 0x7bff));
        assertEquals(5.9604645e-8f, SafetensorsFile.halfToFloat((short) 0x0001));
        assertTrue(Float.isInfinite(SafetensorsFile.halfToFloat((short) 0x7c00)));
    }

    @Test
    void badCheckpointsGiveOneClearErrorNamingFileOrTensor() throws IOException {
        ModelWeights w = RandomWeights.of(LLAMA, 5, 0.08);
        HfCheckpoint.write(w, 1, 2, dir);
        Path weights = dir.resolve(HfCheckpoint.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);

        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        CheckpointException truncated = assertThrows(CheckpointException.class, () -> HfCheckpoint.load(dir));
        assertTrue(truncated.getMessage().contains("model.safetensors") && truncated.getMessage().contains("truncated"),
                truncated.getMessage());

        byte[] corrupt = bytes.clone();
        corrupt[8] = (byte) '#'; // the header's opening brace
        Files.write(weights, corrupt);
        CheckpointException header = assertThrows(CheckpointException.class, () -> HfCheckpoint.load(dir));
        assertTrue(header.getMessage().contains("corrupt safetensors header"), header.getMessage());

        Files.write(weights, bytes);
        ModelConfig wider = new ModelConfig(ModelConfig.LLAMA, 32, 3, 4, 2, 64, 40, 64, 10000, 1e-5, false, false);
        new HfConfigFile(wider, 1, 2).write(dir.resolve(HfCheckpoint.CONFIG));
        CheckpointException shape = assertThrows(CheckpointException.class, () -> HfCheckpoint.load(dir));
        assertTrue(shape.getMessage().contains("model.layers.0.mlp.gate_proj.weight") && shape.getMessage().contains("shape"),
                shape.getMessage());

        ModelConfig deeper = new ModelConfig(ModelConfig.LLAMA, 32, 4, 4, 2, 48, 40, 64, 10000, 1e-5, false, false);
        new HfConfigFile(deeper, 1, 2).write(dir.resolve(HfCheckpoint.CONFIG));
        CheckpointException missing = assertThrows(CheckpointException.class, () -> HfCheckpoint.load(dir));
        assertTrue(missing.getMessage().contains("missing tensor model.layers.3."), missing.getMessage());

        Files.writeString(dir.resolve(HfCheckpoint.CONFIG), Files.readString(dir.resolve(HfCheckpoint.CONFIG))
                .replace("LlamaForCausalLM", "MistralForCausalLM"));
        CheckpointException arch = assertThrows(CheckpointException.class, () -> HfCheckpoint.load(dir));
        assertTrue(arch.getMessage().contains("config.json") && arch.getMessage().contains("unsupported architecture MistralForCausalLM"),
                arch.getMessage());
    }

    private CheckpointException refusedWith(String field, String value) throws IOException {
        Path config = dir.resolve(HfCheckpoint.CONFIG);
        String original = Files.readString(config);
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(original);
        root.set(field, new com.fasterxml.jackson.databind.ObjectMapper().readTree(value));
        Files.writeString(config, root.toString());
        try {
            return assertThrows(CheckpointException.class, () -> HfCheckpoint.load(dir), field + " = " + value);
        } finally {
            Files.writeString(config, original);
        }
    }

    @Test
    void wrongValuesInConfigJsonAreRefusedNamingFileAndField() throws IOException {
        HfCheckpoint.write(RandomWeights.of(LLAMA, 5, 0.08), 1, 2, dir);
        String[][] cases = {
                {"hidden_size", "64.5", "field hidden_size: expected an integer, found 64.5"},
                {"rope_theta", "\"abc\"", "field rope_theta: expected a number, found \"abc\""},
                {"rms_norm_eps", "\"tiny\"", "field rms_norm_eps: expected a number"},
                {"tie_word_embeddings", "\"yes\"", "field tie_word_embeddings: expected true or false, found \"yes\""},
                {"attention_bias", "1", "field attention_bias: expected true or false"},
                {"eos_token_id", "-7", "field eos_token_id: token id -7 outside 0..39 (vocab_size 40)"},
                {"eos_token_id", "[2, 99]", "field eos_token_id[1]: token id 99 outside 0..39"},
                {"bos_token_id", "40", "field bos_token_id: token id 40 outside 0..39"},
                {"bos_token_id", "1.5", "field bos_token_id: expected a token id (an integer), found 1.5"},
        };
        for (String[] c : cases) {
            CheckpointException e = refusedWith(c[0], c[1]);
            assertTrue(e.getMessage().contains(HfCheckpoint.CONFIG) && e.getMessage().contains(c[2]),
                    c[0] + " = " + c[1] + ": " + e.getMessage());
        }
        assertEquals(40, HfCheckpoint.load(dir).config().config().vocabSize(), "the untouched file still loads");
    }

    @Test
    void nanWeightsAreRefusedNamingTheTensor() throws IOException {
        ModelWeights w = RandomWeights.of(LLAMA, 5, 0.08);
        w.layers().get(1).wq().putScalar(3, Float.NaN);
        HfCheckpoint.write(w, 1, 2, dir);
        CheckpointException e = assertThrows(CheckpointException.class, () -> HfCheckpoint.load(dir));
        assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("model.layers.1.self_attn.q_proj.weight")
                && e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void unreadableModelFilesAreNamedWithTheReason() throws IOException {
        HfCheckpoint.write(RandomWeights.of(LLAMA, 5, 0.08), 1, 2, dir);
        Path weights = dir.resolve(HfCheckpoint.WEIGHTS);
        Files.delete(weights);
        Files.createDirectory(weights); // a folder where the weights should be: the OS says why it cannot be read
        CheckpointException folder = assertThrows(CheckpointException.class, () -> HfCheckpoint.load(dir));
        assertTrue(folder.getMessage().contains("model.safetensors") && folder.getMessage().contains("not a regular file"),
                folder.getMessage());
        Files.delete(weights);

        Path config = dir.resolve(HfCheckpoint.CONFIG);
        Files.delete(config);
        Files.createDirectory(config);
        CheckpointException configFolder = assertThrows(CheckpointException.class, () -> HfCheckpoint.load(dir));
        assertTrue(configFolder.getMessage().contains("config.json") && configFolder.getMessage().contains("not a regular file"),
                configFolder.getMessage());

        // permissions bind everyone but root (CI may run as root)
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root reads anything");
        Files.delete(config);
        HfCheckpoint.write(RandomWeights.of(LLAMA, 5, 0.08), 1, 2, dir);
        Files.setPosixFilePermissions(dir.resolve(HfCheckpoint.WEIGHTS), java.util.Set.of());
        CheckpointException denied = assertThrows(CheckpointException.class, () -> HfCheckpoint.load(dir));
        assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
        Files.setPosixFilePermissions(dir, java.util.Set.of());
        try {
            CheckpointException dirDenied = assertThrows(CheckpointException.class, () -> HfCheckpoint.load(dir));
            assertTrue(dirDenied.getMessage().contains("cannot read the model directory"), dirDenied.getMessage());
        } finally {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(dir.resolve(HfCheckpoint.WEIGHTS),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void aTokenizerThatDecodesFewerIdsThanTheModelGeneratesIsWarnedAbout() throws IOException {
        Path tokenizer = Path.of("../../models/reference/tokenizer.json");
        assertEquals(140, dev.litestage.model.tokenizer.HfTokenizer.idCount(tokenizer));
        Path config = Path.of("../../models/reference/config.json");
        assertTrue(dev.litestage.model.load.ModelLoader.vocabularyGap(tokenizer, 140, config, 140).isEmpty());
        String warning = dev.litestage.model.load.ModelLoader.vocabularyGap(tokenizer, 140, config, 160).orElseThrow();
        assertTrue(warning.contains("tokenizer.json") && warning.contains("config.json") && warning.contains("vocab_size 160")
                && warning.contains("140..159"), warning);
    }
}
