package dev.litestage.training;

import dev.litestage.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training documents as an endless stream of packed batches: each epoch reads every
 * document once in an order shuffled from the seed and the epoch number, and documents are laid
 * into rows next-fit (a document that does not fit the current row starts the next one).
 *
 * <p>A batch is a pure function of the {@link DataPosition} it starts at, so a resumed run that
 * restores the position reads exactly the batches the uninterrupted run would have.
 */
final class DocumentStream {

    /** A batch and the position just after it. */
    record Next(PackedBatch batch, DataPosition position) {}

    private final List<int[]> documents;
    private final long seed;
    private final ModelConfig model;
    private final int rows;
    private final int padId;
    private int cachedEpoch = -1;
    private int[] cachedOrder;

    /**
     * @param documents token ids of each document, {@code BOS ... EOS}
     * @throws IllegalArgumentException when there are no documents or one is longer than a row
     */
    DocumentStream(List<int[]> documents, long seed, ModelConfig model, int rows, int padId) {
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("no training documents");
        }
        for (int i = 0; i < documents.size(); i++) {
            if (documents.get(i).length > model.maxSeqLen()) {
                throw new IllegalArgumentException("training document " + i + " has " + documents.get(i).length
                        + " tokens (BOS and EOS included), more than maxSeqLen " + model.maxSeqLen());
            }
        }
        this.documents = List.copyOf(documents);
        this.seed = seed;
        this.model = model;
        this.rows = rows;
        this.padId = padId;
    }

    /** The batch starting at {@code from}. */
    Next next(DataPosition from) {
        int seqLen = model.maxSeqLen();
        List<List<int[]>> batchRows = new ArrayList<>(rows);
        int epoch = from.epoch();
        int index = from.document();
        for (int r = 0; r < rows; r++) {
            List<int[]> row = new ArrayList<>();
            int used = 0;
            while (true) {
                if (index == documents.size()) {
                    epoch++;
                    index = 0;
                }
                int[] doc = documents.get(order(epoch)[index]);
                if (used + doc.length > seqLen) {
                    break;
                }
                row.add(doc);
                used += doc.length;
                index++;
            }
            batchRows.add(row);
        }
        return new Next(PackedBatch.of(batchRows, model, seqLen, padId), new DataPosition(epoch, index));
    }

    /** Number of batches until the stream has completed {@code epochs} passes. */
    int stepsFor(int epochs) {
        DataPosition position = DataPosition.START;
        int steps = 0;
        while (position.epoch() < epochs) {
            position = advance(position);
            steps++;
        }
        return steps;
    }

    /** The position after one batch, without building it. */
    private DataPosition advance(DataPosition from) {
        int epoch = from.epoch();
        int index = from.document();
        for (int r = 0; r < rows; r++) {
            int used = 0;
            while (true) {
                if (index == documents.size()) {
                    epoch++;
                    index = 0;
                }
                int length = documents.get(order(epoch)[index]).length;
                if (used + length > model.maxSeqLen()) {
                    break;
                }
                used += length;
                index++;
            }
        }
        return new DataPosition(epoch, index);
    }

    int documentCount() {
        return documents.size();
    }

    /** Epoch {@code epoch}'s permutation: Fisher-Yates from a generator seeded by seed and epoch. */
    private int[] order(int epoch) {
        if (epoch != cachedEpoch) {
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
            int[] order = new int[documents.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            cachedEpoch = epoch;
            cachedOrder = order;
        }
        return cachedOrder;
    }
}
