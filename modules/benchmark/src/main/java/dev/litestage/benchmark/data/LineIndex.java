package dev.litestage.benchmark.data;

import java.util.Arrays;

/** Maps character offsets of a text to 1-based line numbers (a CSV record may span lines). */
final class LineIndex {

    private final int[] lineStarts;

    LineIndex(String text) {
        int[] starts = new int[16];
        int count = 0;
        starts[count++] = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineBreak = c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'));
            if (lineBreak) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    /** The 1-based line holding the character at {@code offset}. */
    int lineOf(long offset) {
        int at = Arrays.binarySearch(lineStarts, (int) Math.min(offset, Integer.MAX_VALUE));
        return (at >= 0 ? at : -at - 2) + 1;
    }
}
