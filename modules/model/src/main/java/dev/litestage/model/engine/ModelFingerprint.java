package dev.litestage.model.engine;

import dev.litestage.model.hf.HfCheckpoint;
import dev.litestage.model.weights.ModelWeights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The sha256 identity of a model: its config and every weight, in Hugging Face tensor order and
 * layout, so the same model loaded from llama2.c or Hugging Face files has the same fingerprint.
 */
final class ModelFingerprint {

    private ModelFingerprint() {
    }

    static String of(ModelWeights weights) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(weights.config().toString().getBytes(StandardCharsets.UTF_8));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, INDArray> e : HfCheckpoint.hfTensors(weights).entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                for (float v : e.getValue().dup('c').data().asFloat()) {
                    if (buf.remaining() < 4) {
                        sha.update(buf.flip());
                        buf.clear();
                    }
                    buf.putFloat(v);
                }
            }
            sha.update(buf.flip());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
