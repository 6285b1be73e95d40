package dev.litestage.model.engine;

import dev.litestage.model.ModelConfig;
import dev.litestage.model.SkipMask;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;

/**
 * The keys and values of a batch of rows, per layer whose attention runs:
 * {@code [row capacity, kvHeads, headDim, column capacity]}, of which the first {@link #rows()}
 * rows and the first {@link #columns()} columns are in use. The graphs read views of what is in
 * use; new columns and rows are written in place.
 *
 * <p>Both axes are preallocated because copying is what made batched decoding slow: appending one
 * column per step by concatenation copied the whole cache and allocated it afresh (for 300 rows of
 * 100 positions, four times the cost of the attention itself), and removing a finished row by
 * gathering the others copies it again. Here a step writes one column, and a finished row is
 * replaced by the last row in use, one row's copy.
 *
 * <p>Arrays are zeroed when allocated: padding columns are masked, but a masked column still
 * enters the attention sum with weight 0, which would turn uninitialized NaNs into NaN outputs.
 */
final class KvCache {

    private final ModelConfig config;
    private final INDArray[] keys;
    private final INDArray[] values;
    private int rows;
    private int columns;

    private KvCache(ModelConfig config, INDArray[] keys, INDArray[] values, int rows, int columns) {
        this.config = config;
        this.keys = keys;
        this.values = values;
        this.rows = rows;
        this.columns = columns;
    }

    /**
     * An empty cache with room for {@code rowCapacity} rows of {@code columnCapacity} columns, for
     * every layer {@code mask} attends in; {@code rows} of them are in use from the start.
     */
    static KvCache allocate(ModelConfig config, SkipMask mask, int rows, int rowCapacity, int columnCapacity) {
        INDArray[] k = new INDArray[config.layers()];
        INDArray[] v = new INDArray[config.layers()];
        for (int i = 0; i < config.layers(); i++) {
            if (!mask.skipsAttention(i)) {
                k[i] = zeros(config, rowCapacity, columnCapacity);
                v[i] = zeros(config, rowCapacity, columnCapacity);
            }
        }
        return new KvCache(config, k, v, rows, 0);
    }

    private static INDArray zeros(ModelConfig c, long rows, long columns) {
        return Nd4j.zeros(DataType.FLOAT, Math.max(1, rows), c.kvHeads(), c.headDim(), Math.max(1, columns));
    }

    /**
     * Rows {@code from..to-1} of this cache, columns from {@code columnOffset} on, as a cache of
     * their own that shares these arrays (views): writes to it land here. Nothing is in use in it
     * yet; the caller advances this cache's columns once every region is written.
     */
    KvCache region(int from, int to, int columnOffset) {
        INDArray[] k = new INDArray[keys.length];
        INDArray[] v = new INDArray[values.length];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                long capacity = keys[i].size(3);
                k[i] = keys[i].get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(columnOffset, capacity));
                v[i] = values[i].get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(columnOffset, capacity));
            }
        }
        return new KvCache(config, k, v, to - from, 0);
    }

    /** Rows in use. */
    int rows() {
        return rows;
    }

    /** Columns in use. */
    int columns() {
        return columns;
    }

    private INDArray any() {
        for (INDArray k : keys) {
            if (k != null) {
                return k;
            }
        }
        return null;
    }

    int rowCapacity() {
        INDArray a = any();
        return a == null ? Integer.MAX_VALUE : (int) a.size(0);
    }

    int columnCapacity() {
        INDArray a = any();
        return a == null ? Integer.MAX_VALUE : (int) a.size(3);
    }

    /** Layer {@code layer}'s keys of the rows in use over the first {@code n} columns (a view). */
    INDArray keys(int layer, int n) {
        return inUse(keys[layer], rows, n);
    }

    /** Layer {@code layer}'s values of the rows in use over the first {@code n} columns (a view). */
    INDArray values(int layer, int n) {
        return inUse(values[layer], rows, n);
    }

    private static INDArray inUse(INDArray a, int rows, int n) {
        if (a.size(0) == rows && a.size(3) == n) {
            return a;
        }
        return a.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, n));
    }

    /** Writes {@code k} and {@code v} ({@code [rows, kvh, hd, T]}) of the rows in use into columns {@code column..column+T-1}. */
    void write(int layer, int column, INDArray k, INDArray v) {
        long t = k.size(3);
        INDArrayIndex r = NDArrayIndex.interval(0, rows);
        INDArrayIndex at = NDArrayIndex.interval(column, column + t);
        keys[layer].get(r, NDArrayIndex.all(), NDArrayIndex.all(), at).assign(k);
        values[layer].get(r, NDArrayIndex.all(), NDArrayIndex.all(), at).assign(v);
    }

    /** Marks {@code n} more columns as in use (written by {@link #write}). */
    void advance(int n) {
        columns += n;
    }

    /** Makes room for at least {@code needed} columns, growing by half again at least, keeping what is in use. */
    void ensureColumns(int needed) {
        int capacity = columnCapacity();
        if (needed > capacity) {
            reallocate(rowCapacity(), Math.max(needed, capacity + capacity / 2 + 1), 0);
        }
    }

    /** New arrays of the given capacities holding what is in use, its columns shifted right by {@code shift}. */
    private void reallocate(int rowCapacity, int columnCapacity, int shift) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                keys[i] = copied(keys[i], rowCapacity, columnCapacity, shift);
                values[i] = copied(values[i], rowCapacity, columnCapacity, shift);
            }
        }
    }

    private INDArray copied(INDArray a, int rowCapacity, int columnCapacity, int shift) {
        INDArray out = zeros(config, rowCapacity, columnCapacity);
        if (rows > 0 && columns > 0) {
            out.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(shift, shift + columns)).assign(inUse(a, rows, columns));
        }
        return out;
    }

    /** Removes row {@code row}: the last row in use moves into its place (the caller mirrors the move). */
    void removeRow(int row) {
        int last = rows - 1;
        if (row != last) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != null) {
                    keys[i].get(NDArrayIndex.point(row)).assign(keys[i].get(NDArrayIndex.point(last)));
                    values[i].get(NDArrayIndex.point(row)).assign(values[i].get(NDArrayIndex.point(last)));
                }
            }
        }
        rows--;
        if (rows == 0) {
            columns = 0;
        }
    }

    /**
     * Appends {@code other}'s rows after this cache's, the columns in use of both right-aligned to
     * the wider of the two; grows either capacity as needed (to at least {@code columnsNeeded}
     * columns), otherwise writes in place.
     */
    void append(KvCache other, int columnsNeeded) {
        int width = Math.max(columns, other.columns);
        int shift = width - columns;
        int rowsNeeded = rows + other.rows;
        int columnCapacity = Math.max(columnsNeeded, width);
        if (shift > 0 || rowsNeeded > rowCapacity() || columnCapacity > columnCapacity()) {
            reallocate(Math.max(rowsNeeded, rowCapacity()), Math.max(columnCapacity, columnCapacity()), shift);
            columns = width;
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                place(keys[i], rows, other.keys(i, other.columns), width);
                place(values[i], rows, other.values(i, other.columns), width);
            }
        }
        rows = rowsNeeded;
    }

    /** Copies {@code part} ({@code [r, kvh, hd, c]}) to rows {@code row..}, its columns ending at {@code width}. */
    private static void place(INDArray into, int row, INDArray part, int width) {
        long r = part.size(0);
        long c = part.size(3);
        if (c == 0 || r == 0) {
            return;
        }
        into.get(NDArrayIndex.interval(row, row + r), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(width - c, width)).assign(part);
    }

    /** Drops the first {@code leading} columns in use (no row uses them any more). */
    void dropLeading(int leading) {
        if (leading <= 0) {
            return;
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                INDArray kept = keys(i, columns).get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(leading, columns)).dup();
                INDArray keptValues = values(i, columns).get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(leading, columns)).dup();
                INDArrayIndex r = NDArrayIndex.interval(0, rows);
                INDArrayIndex at = NDArrayIndex.interval(0, columns - leading);
                keys[i].get(r, NDArrayIndex.all(), NDArrayIndex.all(), at).assign(kept);
                values[i].get(r, NDArrayIndex.all(), NDArrayIndex.all(), at).assign(keptValues);
            }
        }
        columns -= leading;
    }

    /**
     * One row's keys and values over the columns {@code used} (ascending), per layer
     * {@code [kvh, hd, used.length]} (null where attention is skipped): what a session keeps.
     */
    INDArray[][] rowColumns(int row, long[] used) {
        int n = used.length;
        boolean contiguous = n > 0 && used[n - 1] - used[0] == n - 1;
        INDArrayIndex pick = contiguous ? NDArrayIndex.interval(used[0], used[n - 1] + 1) : new SpecifiedIndex(used);
        INDArray[][] out = new INDArray[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                out[i] = new INDArray[] {
                        keys[i].get(NDArrayIndex.point(row), NDArrayIndex.all(), NDArrayIndex.all(), pick).dup(),
                        values[i].get(NDArrayIndex.point(row), NDArrayIndex.all(), NDArrayIndex.all(), pick).dup()};
            }
        }
        return out;
    }
}
