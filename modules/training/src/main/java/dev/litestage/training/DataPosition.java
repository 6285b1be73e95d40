package dev.litestage.training;

/**
 * Where the training stream stands: the next document to read is number {@code document} of
 * epoch {@code epoch}'s shuffled order. With the seed this is the data order's whole state.
 *
 * @param epoch    passes completed over the documents
 * @param document index into the epoch's shuffled order
 */
public record DataPosition(int epoch, int document) {

    /** The start of training. */
    public static final DataPosition START = new DataPosition(0, 0);

    public DataPosition {
        if (epoch < 0 || document < 0) {
            throw new IllegalArgumentException("epoch and document must be >= 0, were " + epoch + " and " + document);
        }
    }
}
