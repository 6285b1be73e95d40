package dev.litestage.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litestage.model.CheckpointException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads one {@code .safetensors} file: an 8-byte little-endian header length, a JSON header naming
 * each tensor's dtype, shape and byte range, then the raw data. F32, F16 and BF16 tensors are
 * widened to fp32 on read.
 */
public final class SafetensorsFile {

    /** One tensor's entry in the header. */
    public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, TensorInfo> tensors;
    private final ByteBuffer data;

    private SafetensorsFile(Path file, Map<String, TensorInfo> tensors, ByteBuffer data) {
        this.file = file;
        this.tensors = tensors;
        this.data = data;
    }

    /** Opens and validates the header of {@code file}; the data is memory-mapped. */
    public static SafetensorsFile open(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new CheckpointException(file, "truncated safetensors file: " + size + " bytes, no header");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > size - 8 || headerLength > 100_000_000) {
                throw new CheckpointException(file, "corrupt safetensors header length " + headerLength
                        + " (file has " + size + " bytes)");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8);
            JsonNode header;
            try {
                header = JSON.readTree(headerBytes.array());
            } catch (IOException e) {
                throw new CheckpointException(file, "corrupt safetensors header: not JSON (" + e.getMessage() + ")", e);
            }
            long dataStart = 8 + headerLength;
            long dataSize = size - dataStart;
            Map<String, TensorInfo> tensors = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                tensors.put(e.getKey(), parseInfo(file, e.getKey(), e.getValue(), dataSize));
            }
            ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, dataStart, dataSize).order(ByteOrder.LITTLE_ENDIAN);
            return new SafetensorsFile(file, tensors, data);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read safetensors file: " + reason(e), e);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static TensorInfo parseInfo(Path file, String name, JsonNode node, long dataSize) {
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || shape == null || offsets == null || !shape.isArray() || offsets.size() != 2) {
            throw new CheckpointException(file, "tensor " + name + ": header entry lacks dtype, shape or data_offsets");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asLong();
        }
        TensorInfo info = new TensorInfo(name, dtype.asText(), dims, offsets.get(0).asLong(), offsets.get(1).asLong());
        int width = switch (info.dtype()) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> throw new CheckpointException(file, "tensor " + name + ": unsupported dtype " + info.dtype()
                    + " (F32, F16 and BF16 are supported)");
        };
        if (info.end() - info.begin() != info.elements() * width || info.begin() < 0) {
            throw new CheckpointException(file, "tensor " + name + ": data_offsets " + info.begin() + ".." + info.end()
                    + " do not match shape and dtype");
        }
        if (info.end() > dataSize) {
            throw new CheckpointException(file, "truncated file: tensor " + name + " ends at byte " + info.end()
                    + " of the data section but only " + dataSize + " bytes are present");
        }
        return info;
    }

    public Path file() {
        return file;
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    public TensorInfo info(String name) {
        return tensors.get(name);
    }

    /** The tensor's values as fp32, in row-major order. */
    public float[] floats(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new CheckpointException(file, "missing tensor " + name);
        }
        int n = Math.toIntExact(info.elements());
        float[] out = new float[n];
        ByteBuffer view = data.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(Math.toIntExact(info.begin()));
        switch (info.dtype()) {
            case "F32" -> view.asFloatBuffer().get(out, 0, n);
            case "F16" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = halfToFloat(view.getShort());
                }
            }
            case "BF16" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((view.getShort() & 0xffff) << 16);
                }
            }
            default -> throw new IllegalStateException(info.dtype());
        }
        return out;
    }

    /** IEEE 754 binary16 to binary32 (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal: value = mantissa * 2^-24
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** Why an I/O call failed, in words: the JDK's message for these is only the path. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
