package dev.litestage.model.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@code .safetensors} file from fp32 tensors, stored as F32 or rounded to BF16. Tensors
 * are added in order; {@link #write(Path)} writes atomically (temporary file, then move).
 */
public final class SafetensorsWriter {

    /** Storage type of the written tensors. */
    public enum Dtype { F32, BF16 }

    private record Entry(long[] shape, float[] values) {}

    private final Dtype dtype;
    private final Map<String, Entry> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsWriter(Dtype dtype) {
        this.dtype = dtype;
    }

    /** Adds a tensor with the given row-major values and shape. */
    public SafetensorsWriter add(String name, float[] values, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("tensor " + name + ": shape holds " + n + " values, " + values.length + " given");
        }
        tensors.put(name, new Entry(shape.clone(), values));
        return this;
    }

    /** Adds a {@code __metadata__} entry (HF uses {@code format: pt}). */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public void write(Path file) throws IOException {
        int width = dtype == Dtype.F32 ? 4 : 2;
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", dtype.name());
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long bytes = (long) e.getValue().values().length * width;
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        // The data section must start 8-byte aligned; pad the header with spaces as HF does.
        int padded = (headerBytes.length + 7) / 8 * 8;
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(headerBytes);
            for (int i = headerBytes.length; i < padded; i++) {
                out.write(' ');
            }
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : tensors.values()) {
                for (float v : e.values()) {
                    if (buf.remaining() < 4) {
                        out.write(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    if (dtype == Dtype.F32) {
                        buf.putFloat(v);
                    } else {
                        buf.putShort(toBf16(v));
                    }
                }
            }
            out.write(buf.array(), 0, buf.position());
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** fp32 to bfloat16, round to nearest even. */
    static short toBf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
