package dev.litestage.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.ModelConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentStreamTest {

    private static final ModelConfig MODEL = new ModelConfig(ModelConfig.LLAMA, 8, 1, 2, 1, 8, 40, 16, 10_000, 1e-5,
            false, false);

    /** Documents 0..n-1, document i holding token 4+i (i%5)+2 times between BOS and EOS. */
    private static List<int[]> documents(int n) {
        List<int[]> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] d = new int[i % 5 + 4];
            java.util.Arrays.fill(d, 4 + i);
            d[0] = 1;
            d[d.length - 1] = 2;
            docs.add(d);
        }
        return docs;
    }

    @Test
    void everyEpochReadsEveryDocumentOnceInItsOwnOrder() {
        DocumentStream stream = new DocumentStream(documents(30), 7, MODEL, 2, 3);
        Map<Integer, Integer> seen = new HashMap<>();
        List<Integer> firstEpoch = new ArrayList<>();
        DataPosition position = DataPosition.START;
        while (position.epoch() == 0) {
            DocumentStream.Next next = stream.next(position);
            for (int[] row : next.batch().tokens()) {
                for (int i = 0; i < row.length; i++) {
                    if (row[i] == 1) {
                        int doc = row[i + 1] - 4;
                        seen.merge(doc, 1, Integer::sum);
                        firstEpoch.add(doc);
                    }
                }
            }
            position = next.position();
        }
        for (int d = 0; d < 30; d++) {
            assertTrue(seen.getOrDefault(d, 0) >= 1, "document " + d + " read in epoch 0");
        }
        assertTrue(seen.values().stream().allMatch(c -> c <= 2), "at most the spill-over into epoch 1 repeats");
        assertTrue(!firstEpoch.subList(0, 10).equals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), "shuffled");
    }

    @Test
    void aBatchIsAFunctionOfItsPosition() {
        DocumentStream a = new DocumentStream(documents(30), 7, MODEL, 3, 3);
        DocumentStream b = new DocumentStream(documents(30), 7, MODEL, 3, 3);
        DataPosition p = DataPosition.START;
        for (int i = 0; i < 25; i++) {
            p = a.next(p).position();
        }
        DocumentStream.Next fromA = a.next(p);
        DocumentStream.Next fromB = b.next(new DataPosition(p.epoch(), p.document()));
        assertArrayEquals(fromA.batch().tokens(), fromB.batch().tokens());
        assertEquals(fromA.position(), fromB.position());
        assertTrue(p.epoch() >= 1, "the test crossed an epoch boundary");
    }

    @Test
    void rowsAreFilledNextFitAndStepsForEpochsMatchTheStream() {
        DocumentStream stream = new DocumentStream(documents(30), 7, MODEL, 2, 3);
        int steps = stream.stepsFor(2);
        DataPosition p = DataPosition.START;
        for (int i = 0; i < steps; i++) {
            DocumentStream.Next next = stream.next(p);
            for (int[] row : next.batch().tokens()) {
                assertEquals(16, row.length);
                assertTrue(row[0] == 1, "a row starts with a document");
            }
            p = next.position();
        }
        assertEquals(2, p.epoch());
        DataPosition before = DataPosition.START;
        for (int i = 0; i < steps - 1; i++) {
            before = stream.next(before).position();
        }
        assertTrue(before.epoch() < 2, "one step fewer does not finish two epochs");
    }

    @Test
    void aDocumentLongerThanARowIsRejected() {
        List<int[]> docs = List.of(new int[17]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DocumentStream(docs, 1, MODEL, 2, 3));
        assertTrue(e.getMessage().contains("training document 0 has 17 tokens"), e.getMessage());
    }
}
