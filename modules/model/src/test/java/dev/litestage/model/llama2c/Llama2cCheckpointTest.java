package dev.litestage.model.llama2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.CheckpointException;
import dev.litestage.model.SharedFiles;
import dev.litestage.model.weights.ModelWeights;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Llama2cCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void readsTheStories260kHeader() {
        Path bin = SharedFiles.require("models/stories260K/stories260K.bin");
        ModelWeights w = Llama2cCheckpoint.load(bin);
        assertEquals(64, w.config().hiddenSize());
        assertEquals(5, w.config().layers());
        assertEquals(8, w.config().heads());
        assertEquals(4, w.config().kvHeads());
        assertEquals(172, w.config().intermediateSize());
        assertEquals(512, w.config().vocabSize());
    }

    @Test
    void truncatedCheckpointNamesTheFileAndTheMissingBytes() throws IOException {
        Path bin = SharedFiles.require("models/stories260K/stories260K.bin");
        byte[] bytes = Files.readAllBytes(bin);
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Llama2cCheckpoint.load(cut));
        assertTrue(e.getMessage().startsWith(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void corruptHeaderIsRefused() throws IOException {
        Path bad = dir.resolve("bad.bin");
        ByteBuffer b = ByteBuffer.allocate(28 + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(63).putInt(10).putInt(2).putInt(8).putInt(3).putInt(10).putInt(16);
        Files.write(bad, b.array());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Llama2cCheckpoint.load(bad));
        assertTrue(e.getMessage().contains("corrupt llama2.c header"), e.getMessage());
        Path tiny = dir.resolve("tiny.bin");
        Files.write(tiny, new byte[5]);
        assertTrue(assertThrows(CheckpointException.class, () -> Llama2cCheckpoint.load(tiny)).getMessage().contains("truncated"));
    }

    @Test
    void rotateHalfPermutationMovesEvenFeaturesFirst() {
        var w = org.nd4j.linalg.factory.Nd4j.arange(8).reshape(8, 1).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        var p = Llama2cCheckpoint.toRotateHalf(w, 2, 4);
        assertEquals("[0.0, 2.0, 1.0, 3.0, 4.0, 6.0, 5.0, 7.0]", Arrays.toString(p.toFloatVector()));
    }
}
