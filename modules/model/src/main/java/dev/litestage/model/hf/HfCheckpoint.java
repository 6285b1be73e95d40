package dev.litestage.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litestage.model.CheckpointException;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.weights.LayerWeights;
import dev.litestage.model.weights.ModelWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Hugging Face model directory: {@code config.json} plus {@code model.safetensors} or a sharded
 * {@code model.safetensors.index.json}, for Llama and Qwen2. The project saves its own models in
 * this layout so other tools can open them.
 *
 * <p>Hugging Face stores Linear weights as {@code [out, in]}; {@link ModelWeights} holds them
 * transposed, {@code [in, out]}.
 */
public final class HfCheckpoint {

    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";
    public static final String TOKENIZER = "tokenizer.json";

    private HfCheckpoint() {
    }

    /** Whether {@code dir} looks like a Hugging Face model directory. */
    public static boolean isModelDirectory(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(CONFIG));
    }

    /** The loaded config (with BOS/EOS ids) and weights of {@code dir}. */
    public record Loaded(HfConfigFile config, ModelWeights weights) {}

    /** Loads config and weights from {@code dir}, checking every tensor's presence and shape. */
    public static Loaded load(Path dir) {
        Path configFile = dir.resolve(CONFIG);
        if (!Files.isReadable(dir)) {
            throw new CheckpointException(dir, "cannot read the model directory (permission denied)");
        }
        if (!Files.exists(configFile)) {
            throw new CheckpointException(dir, "not a Hugging Face model directory: " + CONFIG + " is missing");
        }
        if (!Files.isRegularFile(configFile) || !Files.isReadable(configFile)) {
            throw new CheckpointException(configFile, Files.isRegularFile(configFile)
                    ? "cannot read the file (permission denied)" : "not a regular file");
        }
        HfConfigFile hf = HfConfigFile.read(configFile);
        TensorSource source = TensorSource.open(dir);
        return new Loaded(hf, readWeights(hf.config(), source));
    }

    private static ModelWeights readWeights(ModelConfig c, TensorSource src) {
        int d = c.hiddenSize();
        int q = c.heads() * c.headDim();
        int kv = c.kvDim();
        int ff = c.intermediateSize();
        INDArray embedding = src.matrix("model.embed_tokens.weight", c.vocabSize(), d, false);
        List<LayerWeights> layers = new ArrayList<>();
        for (int i = 0; i < c.layers(); i++) {
            String p = "model.layers." + i + ".";
            boolean bias = c.attentionBias();
            layers.add(new LayerWeights(
                    src.vector(p + "input_layernorm.weight", d),
                    src.matrix(p + "self_attn.q_proj.weight", q, d, true),
                    src.matrix(p + "self_attn.k_proj.weight", kv, d, true),
                    src.matrix(p + "self_attn.v_proj.weight", kv, d, true),
                    src.matrix(p + "self_attn.o_proj.weight", d, q, true),
                    bias ? src.vector(p + "self_attn.q_proj.bias", q) : null,
                    bias ? src.vector(p + "self_attn.k_proj.bias", kv) : null,
                    bias ? src.vector(p + "self_attn.v_proj.bias", kv) : null,
                    src.vector(p + "post_attention_layernorm.weight", d),
                    src.matrix(p + "mlp.gate_proj.weight", ff, d, true),
                    src.matrix(p + "mlp.up_proj.weight", ff, d, true),
                    src.matrix(p + "mlp.down_proj.weight", d, ff, true)));
        }
        INDArray norm = src.vector("model.norm.weight", d);
        INDArray head = c.tiedEmbeddings() && !src.has("lm_head.weight")
                ? embedding.transpose().dup('c')
                : src.matrix("lm_head.weight", c.vocabSize(), d, true);
        return new ModelWeights(c, embedding, layers, norm, head);
    }

    /**
     * Writes {@code weights} to {@code dir} as {@code config.json} and {@code model.safetensors}
     * (fp32). The tokenizer is the caller's to write.
     */
    public static void write(ModelWeights weights, int bosId, int eosId, Path dir) throws IOException {
        write(weights, bosId, eosId, dir, SafetensorsWriter.Dtype.F32);
    }

    /** As {@link #write(ModelWeights, int, int, Path)}, storing tensors as {@code dtype}. */
    public static void write(ModelWeights weights, int bosId, int eosId, Path dir, SafetensorsWriter.Dtype dtype)
            throws IOException {
        Files.createDirectories(dir);
        ModelConfig c = weights.config();
        new HfConfigFile(c, bosId, eosId).write(dir.resolve(CONFIG));
        SafetensorsWriter out = new SafetensorsWriter(dtype).metadata("format", "pt");
        for (Map.Entry<String, INDArray> e : hfTensors(weights).entrySet()) {
            INDArray a = e.getValue();
            out.add(e.getKey(), a.dup('c').data().asFloat(), a.shape());
        }
        out.write(dir.resolve(WEIGHTS));
    }

    /** The weights under their Hugging Face names, in Hugging Face layout ({@code [out, in]}). */
    public static Map<String, INDArray> hfTensors(ModelWeights w) {
        Map<String, INDArray> t = new java.util.LinkedHashMap<>();
        t.put("model.embed_tokens.weight", w.embedding());
        for (int i = 0; i < w.layers().size(); i++) {
            LayerWeights l = w.layers().get(i);
            String p = "model.layers." + i + ".";
            t.put(p + "input_layernorm.weight", l.attnNorm());
            t.put(p + "self_attn.q_proj.weight", l.wq().transpose());
            t.put(p + "self_attn.k_proj.weight", l.wk().transpose());
            t.put(p + "self_attn.v_proj.weight", l.wv().transpose());
            t.put(p + "self_attn.o_proj.weight", l.wo().transpose());
            if (l.bq() != null) {
                t.put(p + "self_attn.q_proj.bias", l.bq());
                t.put(p + "self_attn.k_proj.bias", l.bk());
                t.put(p + "self_attn.v_proj.bias", l.bv());
            }
            t.put(p + "post_attention_layernorm.weight", l.mlpNorm());
            t.put(p + "mlp.gate_proj.weight", l.wGate().transpose());
            t.put(p + "mlp.up_proj.weight", l.wUp().transpose());
            t.put(p + "mlp.down_proj.weight", l.wDown().transpose());
        }
        t.put("model.norm.weight", w.finalNorm());
        if (!w.config().tiedEmbeddings()) {
            t.put("lm_head.weight", w.lmHead().transpose());
        }
        return t;
    }

    /** Tensors of a single or sharded checkpoint, by name. */
    private static final class TensorSource {
        private final Path dir;
        private final Map<String, SafetensorsFile> byName;

        private TensorSource(Path dir, Map<String, SafetensorsFile> byName) {
            this.dir = dir;
            this.byName = byName;
        }

        static TensorSource open(Path dir) {
            Map<String, SafetensorsFile> byName = new HashMap<>();
            Path single = dir.resolve(WEIGHTS);
            Path index = dir.resolve(INDEX);
            for (Path p : new Path[] {single, index}) {
                if (Files.exists(p) && !Files.isRegularFile(p)) {
                    throw new CheckpointException(p, "not a regular file (a directory or device where the weights should be)");
                }
            }
            if (Files.isRegularFile(single)) {
                SafetensorsFile f = SafetensorsFile.open(single);
                f.names().forEach(n -> byName.put(n, f));
            } else if (Files.isRegularFile(index)) {
                JsonNode map;
                try {
                    map = new ObjectMapper().readTree(index.toFile()).get("weight_map");
                } catch (IOException e) {
                    throw new CheckpointException(index, "not valid JSON: " + e.getMessage(), e);
                }
                if (map == null || !map.isObject()) {
                    throw new CheckpointException(index, "field weight_map: missing");
                }
                Map<String, SafetensorsFile> shards = new HashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String shardName = e.getValue().asText();
                    Path shard = dir.resolve(shardName);
                    if (!Files.isRegularFile(shard)) {
                        throw new CheckpointException(index, "tensor " + e.getKey() + ": shard " + shardName + " is missing");
                    }
                    SafetensorsFile f = shards.computeIfAbsent(shardName, s -> SafetensorsFile.open(shard));
                    if (f.info(e.getKey()) == null) {
                        throw new CheckpointException(shard, "missing tensor " + e.getKey() + " (named in " + INDEX + ")");
                    }
                    byName.put(e.getKey(), f);
                }
            } else {
                throw new CheckpointException(dir, "neither " + WEIGHTS + " nor " + INDEX + " is present");
            }
            return new TensorSource(dir, byName);
        }

        boolean has(String name) {
            return byName.containsKey(name);
        }

        private SafetensorsFile fileOf(String name) {
            SafetensorsFile f = byName.get(name);
            if (f == null) {
                throw new CheckpointException(dir.resolve(WEIGHTS), "missing tensor " + name);
            }
            return f;
        }

        INDArray vector(String name, int n) {
            SafetensorsFile f = fileOf(name);
            checkShape(f, name, n);
            return Nd4j.createFromArray(finite(f, name, f.floats(name)));
        }

        /** A matrix stored {@code [rows, cols]}; transposed to {@code [cols, rows]} when asked. */
        INDArray matrix(String name, int rows, int cols, boolean transpose) {
            SafetensorsFile f = fileOf(name);
            checkShape(f, name, rows, cols);
            INDArray m = Nd4j.create(finite(f, name, f.floats(name)), new long[] {rows, cols}, 'c');
            return transpose ? m.transpose().dup('c') : m;
        }

        /** A model with NaN or infinite weights generates garbage ({@code <unk>} forever): refused here. */
        private static float[] finite(SafetensorsFile f, String name, float[] values) {
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw new CheckpointException(f.file(), "tensor " + name + ": element " + i + " is " + values[i]
                            + " (weights must be finite numbers)");
                }
            }
            return values;
        }

        private static void checkShape(SafetensorsFile f, String name, long... expected) {
            long[] actual = f.info(name).shape();
            if (!Arrays.equals(actual, expected)) {
                throw new CheckpointException(f.file(), "tensor " + name + ": shape mismatch, expected "
                        + Arrays.toString(expected) + " but found " + Arrays.toString(actual));
            }
        }
    }
}
