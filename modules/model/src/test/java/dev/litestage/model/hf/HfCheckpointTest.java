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
}
