package dev.litestage.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litestage.model.CheckpointException;
import dev.litestage.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes a Hugging Face {@code config.json} for {@code LlamaForCausalLM} and
 * {@code Qwen2ForCausalLM}.
 *
 * @param config the model shape
 * @param bosId  {@code bos_token_id}, or -1 when absent
 * @param eosId  {@code eos_token_id} (the first, when a list), or -1 when absent
 */
public record HfConfigFile(ModelConfig config, int bosId, int eosId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses {@code file}; unknown architectures and unsupported RoPE scaling are refused. */
    public static HfConfigFile read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException(file, "not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file, "expected a JSON object");
        }
        JsonNode archs = root.get("architectures");
        String arch = archs != null && archs.isArray() && archs.size() > 0 ? archs.get(0).asText() : null;
        if (arch == null) {
            throw new CheckpointException(file, "field architectures: missing");
        }
        if (!arch.equals(ModelConfig.LLAMA) && !arch.equals(ModelConfig.QWEN2)) {
            throw new CheckpointException(file, "field architectures: unsupported architecture " + arch
                    + " (supported: " + ModelConfig.LLAMA + ", " + ModelConfig.QWEN2 + ")");
        }
        JsonNode scaling = root.get("rope_scaling");
        if (scaling != null && !scaling.isNull()) {
            throw new CheckpointException(file, "field rope_scaling: RoPE scaling " + scaling + " is not supported");
        }
        String act = text(root, "hidden_act", "silu");
        if (!act.equals("silu")) {
            throw new CheckpointException(file, "field hidden_act: only silu (SwiGLU) is supported, found " + act);
        }
        int hidden = integer(file, root, "hidden_size");
        int heads = integer(file, root, "num_attention_heads");
        boolean qwen = arch.equals(ModelConfig.QWEN2);
        try {
            ModelConfig config = new ModelConfig(
                    arch,
                    hidden,
                    integer(file, root, "num_hidden_layers"),
                    heads,
                    root.has("num_key_value_heads") ? integer(file, root, "num_key_value_heads") : heads,
                    integer(file, root, "intermediate_size"),
                    integer(file, root, "vocab_size"),
                    root.has("max_position_embeddings") ? integer(file, root, "max_position_embeddings") : 2048,
                    number(file, root, "rope_theta", 10000.0),
                    number(file, root, "rms_norm_eps", 1e-6),
                    bool(file, root, "tie_word_embeddings", qwen),
                    bool(file, root, "attention_bias", qwen));
            int vocab = config.vocabSize();
            return new HfConfigFile(config, tokenId(file, root.get("bos_token_id"), "bos_token_id", vocab),
                    firstTokenId(file, root.get("eos_token_id"), vocab));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, e.getMessage(), e);
        }
    }

    /** {@code eos_token_id}: one id or a list of them (the first is used), each checked. */
    private static int firstTokenId(Path file, JsonNode node, int vocab) {
        if (node != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                tokenId(file, node.get(i), "eos_token_id[" + i + "]", vocab);
            }
            return node.size() == 0 ? -1 : node.get(0).asInt();
        }
        return tokenId(file, node, "eos_token_id", vocab);
    }

    /** A token id in {@code 0..vocab-1}, or -1 when absent or null. */
    private static int tokenId(Path file, JsonNode node, String field, int vocab) {
        if (node == null || node.isNull()) {
            return -1;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new CheckpointException(file, "field " + field + ": expected a token id (an integer), found " + node);
        }
        int id = node.asInt();
        if (id < 0 || id >= vocab) {
            throw new CheckpointException(file, "field " + field + ": token id " + id + " outside 0.." + (vocab - 1)
                    + " (vocab_size " + vocab + ")");
        }
        return id;
    }

    private static double number(Path file, JsonNode root, String field, double fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
            throw new CheckpointException(file, "field " + field + ": expected a number, found " + n);
        }
        return n.asDouble();
    }

    private static boolean bool(Path file, JsonNode root, String field, boolean fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw new CheckpointException(file, "field " + field + ": expected true or false, found " + n);
        }
        return n.booleanValue();
    }

    private static String text(JsonNode root, String field, String fallback) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? fallback : n.asText();
    }

    private static int integer(Path file, JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new CheckpointException(file, "field " + field + ": missing");
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new CheckpointException(file, "field " + field + ": expected an integer, found " + n);
        }
        return n.asInt();
    }

    /** Writes this config as a Hugging Face {@code config.json}. */
    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        boolean qwen = config.architecture().equals(ModelConfig.QWEN2);
        root.putArray("architectures").add(config.architecture());
        root.put("model_type", qwen ? "qwen2" : "llama");
        root.put("hidden_size", config.hiddenSize());
        root.put("intermediate_size", config.intermediateSize());
        root.put("num_hidden_layers", config.layers());
        root.put("num_attention_heads", config.heads());
        root.put("num_key_value_heads", config.kvHeads());
        root.put("vocab_size", config.vocabSize());
        root.put("max_position_embeddings", config.maxSeqLen());
        root.put("rope_theta", config.ropeTheta());
        root.put("rms_norm_eps", config.rmsNormEps());
        root.put("tie_word_embeddings", config.tiedEmbeddings());
        root.put("attention_bias", config.attentionBias());
        root.put("hidden_act", "silu");
        root.put("torch_dtype", "float32");
        if (bosId >= 0) {
            root.put("bos_token_id", bosId);
        }
        if (eosId >= 0) {
            root.put("eos_token_id", eosId);
        }
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }
}
