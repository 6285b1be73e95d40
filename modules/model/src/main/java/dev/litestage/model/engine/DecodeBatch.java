package dev.litestage.model.engine;

import dev.litestage.model.BatchLimits;
import dev.litestage.model.Generation;
import dev.litestage.model.GenerationBatch;
import dev.litestage.model.GenerationRequest;
import dev.litestage.model.GenerationResult;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.SkipMask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The rows decoding together under one skip mask, and their shared KV cache.
 *
 * <p>Layout: the rows share one {@link KvCache}; a row's tokens occupy some of its columns, in
 * order, ending at the last column in use, and {@code valid[row][column]} says which. Rows of different lengths are right-aligned (shorter ones have invalid columns on
 * the left); prompts prefilled together are left-padded to the longest; a reused prefix followed
 * by fresh tokens can leave a gap. Each row carries its own positions for RoPE, so where its tokens
 * sit on the column axis changes nothing but padding, which the masks exclude exactly.
 *
 * <p>A step first prefills the joined requests (in groups bounded by
 * {@link BatchLimits#maxPrefillTokens()} rows x tokens, longer prompts in chunks), merges the rows
 * that did not stop at their first token, then decodes one token for every row. Rows that stop
 * leave at once (the last row takes the place of a finished one), and leading columns no row
 * uses any more are dropped once they are a quarter of the columns.
 */
final class DecodeBatch implements GenerationBatch {

    /** One sequence: its request, what it has generated, where it stands. */
    private static final class Row {
        final int index;
        final GenerationRequest request;
        final Consumer<GenerationResult> done;
        final SkippableDecoder.PrefixSession session;
        final int[] ids;
        final float[] confidences;
        int tokens;
        int reused;
        int position;
        int feed;
        boolean[] valid;
        long prefillNanos;
        long decodeStart;
        Generation.StopReason reason;

        Row(int index, GenerationRequest request, Consumer<GenerationResult> done,
            SkippableDecoder.PrefixSession session) {
            this.index = index;
            this.request = request;
            this.done = done;
            this.session = session;
            this.ids = new int[request.maxNewTokens()];
            this.confidences = new float[request.maxNewTokens()];
        }

        int promptLength() {
            return request.promptIds().length;
        }
    }

    private final SkippableDecoder decoder;
    private final ForwardPass pass;
    private final ModelConfig config;
    private final SkipMask mask;
    private final BatchLimits limits;
    private final int eos;
    private final List<Row> joined = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    /** The rows' keys and values, rows in the order of {@link #rows}; null while there are none. */
    private KvCache cache;

    DecodeBatch(SkippableDecoder decoder, ForwardPass pass, SkipMask mask, BatchLimits limits) {
        this.decoder = decoder;
        this.pass = pass;
        this.config = pass.config();
        this.mask = mask;
        this.limits = limits;
        this.eos = decoder.tokenizer().eosId();
    }

    private int columns() {
        return cache == null ? 0 : cache.columns();
    }

    @Override
    public SkipMask mask() {
        return mask;
    }

    @Override
    public int rows() {
        return rows.size();
    }

    @Override
    public int waiting() {
        return joined.size();
    }

    @Override
    public boolean hasRoomFor(GenerationRequest request) {
        if (isIdle()) {
            return true;
        }
        int count = rows.size() + joined.size() + 1;
        if (count > limits.maxRows()) {
            return false;
        }
        // estimated peak: every row at the longest prompt plus the largest remaining budget
        int longest = Math.max(columns(), request.promptIds().length);
        int budget = request.maxNewTokens();
        for (Row r : rows) {
            budget = Math.max(budget, r.request.maxNewTokens() - r.tokens);
        }
        for (Row r : joined) {
            longest = Math.max(longest, r.promptLength());
            budget = Math.max(budget, r.request.maxNewTokens());
        }
        long peak = (long) count * (longest + budget) * bytesPerColumn();
        return peak <= limits.maxCacheBytes();
    }

    /** Bytes one row's column takes over all layers whose attention runs. */
    private long bytesPerColumn() {
        long attending = config.layers() - mask.skippedAttentionLayers().size();
        return attending * 2L * config.kvDim() * Float.BYTES;
    }

    @Override
    public void join(int index, GenerationRequest request, Consumer<GenerationResult> done) {
        String problem = request.problem(config);
        if (problem != null) {
            done.accept(GenerationResult.refused(index, "request " + index + ": " + problem));
            return;
        }
        SkippableDecoder.PrefixSession session = request.session() instanceof SkippableDecoder.PrefixSession s
                && s.belongsTo(decoder) ? s : null;
        joined.add(new Row(index, request, done, session));
    }

    @Override
    public void step() {
        synchronized (decoder) {
            if (!joined.isEmpty()) {
                List<Row> admitted = new ArrayList<>(joined);
                joined.clear();
                admit(admitted);
            }
            if (!rows.isEmpty()) {
                decodeStep();
            }
        }
    }

    // ---- prefill ----

    /**
     * Prefills the joined rows in groups of at most {@link BatchLimits#maxPrefillTokens()} rows x
     * tokens, all into one cache allocated for them (each group's columns right-aligned to the
     * widest), takes every row's first token, and adds the rows that go on to the batch.
     */
    private void admit(List<Row> admitted) {
        long start = System.nanoTime();
        for (Row r : admitted) {
            r.reused = r.session == null ? 0 : r.session.reusablePrefix(r.request.promptIds(), mask);
        }
        List<int[]> groups = new ArrayList<>(); // [from, to, past, fresh]
        int width = 0;
        int budget = 0;
        for (int i = 0; i < admitted.size(); ) {
            int past = admitted.get(i).reused;
            int fresh = freshLength(admitted.get(i));
            int end = i + 1;
            while (end < admitted.size()
                    && (long) (end - i + 1) * Math.max(fresh, freshLength(admitted.get(end))) <= limits.maxPrefillTokens()) {
                past = Math.max(past, admitted.get(end).reused);
                fresh = Math.max(fresh, freshLength(admitted.get(end)));
                end++;
            }
            groups.add(new int[] {i, end, past, fresh});
            width = Math.max(width, past + fresh);
            i = end;
        }
        for (Row r : admitted) {
            budget = Math.max(budget, r.request.maxNewTokens());
        }
        KvCache admittedCache = KvCache.allocate(config, mask, admitted.size(), admitted.size(), width + budget);
        for (int[] group : groups) {
            List<Row> rowsOfGroup = admitted.subList(group[0], group[1]);
            int groupWidth = group[2] + group[3];
            prefillGroup(rowsOfGroup, group[2], group[3], admittedCache.region(group[0], group[1], width - groupWidth), width);
        }
        admittedCache.advance(width);
        long prefillNanos = System.nanoTime() - start;
        for (Row r : admitted) {
            r.prefillNanos = prefillNanos;
        }
        List<Row> staying = new ArrayList<>(admitted);
        removeFinished(staying, admittedCache);
        if (staying.isEmpty()) {
            return;
        }
        if (cache == null) {
            rows.addAll(staying);
            cache = admittedCache;
            return;
        }
        int remaining = 0;
        for (Row r : rows) {
            remaining = Math.max(remaining, r.request.maxNewTokens() - r.tokens);
        }
        for (Row r : staying) {
            remaining = Math.max(remaining, r.request.maxNewTokens() - r.tokens);
        }
        cache.append(admittedCache, Math.max(cache.columns(), admittedCache.columns()) + remaining);
        rows.addAll(staying);
        for (Row r : rows) {
            r.valid = leftPad(r.valid, cache.columns());
        }
    }

    /** Prompt tokens a row must prefill: those after the prefix its session supplies. */
    private static int freshLength(Row row) {
        return row.promptLength() - row.reused;
    }

    /**
     * Prefills one group into {@code into} (its rows of the admitted cache, from the column where
     * the group's {@code past + fresh} columns end at {@code width}): reused prefixes first, then
     * the fresh tokens, left-padded, in chunks; then each row's first token.
     */
    private void prefillGroup(List<Row> group, int past, int fresh, KvCache into, int width) {
        int g = group.size();
        boolean[][] valid = new boolean[g][past + fresh];
        int[][] tokens = new int[g][fresh];
        int[][] positions = new int[g][fresh];
        for (int b = 0; b < g; b++) {
            Row r = group.get(b);
            int[] prompt = r.request.promptIds();
            int n = prompt.length - r.reused;
            for (int s = past - r.reused; s < past; s++) {
                valid[b][s] = true;
            }
            for (int t = fresh - n; t < fresh; t++) {
                int p = r.reused + t - (fresh - n);
                tokens[b][t] = prompt[p];
                positions[b][t] = p;
                valid[b][past + t] = true;
            }
        }
        if (past > 0) {
            for (int i = 0; i < config.layers(); i++) {
                if (!mask.skipsAttention(i)) {
                    into.write(i, 0, pastColumns(group, past, i, true), pastColumns(group, past, i, false));
                }
            }
            into.advance(past);
        }
        int chunk = Math.max(1, Math.min(fresh, limits.maxPrefillTokens() / g));
        INDArray x = null;
        int last = 0;
        for (int c0 = 0; c0 < fresh; c0 += chunk) {
            int c1 = Math.min(fresh, c0 + chunk);
            last = c1 - c0;
            int[] flatTokens = new int[g * last];
            int[] flatPositions = new int[g * last];
            boolean[][] visible = new boolean[g][];
            for (int b = 0; b < g; b++) {
                System.arraycopy(tokens[b], c0, flatTokens, b * last, last);
                System.arraycopy(positions[b], c0, flatPositions, b * last, last);
                visible[b] = Arrays.copyOf(valid[b], past + c1);
            }
            INDArray additive = Nd4j.create(pass.additiveMask(visible, past + c1, last),
                    new long[] {g, 1, (long) config.groupSize() * last, past + c1}, 'c');
            x = pass.prefill(g, flatTokens, flatPositions, additive, mask, into, null);
        }
        int[] lastTokens = new int[g];
        for (int b = 0; b < g; b++) {
            lastTokens[b] = b * last + last - 1;
        }
        SublayerGraphs.NextTokens next = pass.next(x.getRows(lastTokens));
        for (int b = 0; b < g; b++) {
            Row r = group.get(b);
            r.valid = leftPad(valid[b], width);
            r.position = r.promptLength();
            r.decodeStart = System.nanoTime();
            if (r.request.maxNewTokens() == 0) {
                r.reason = Generation.StopReason.MAX_TOKENS;
            } else {
                take(r, next.ids()[b], next.confidences()[b]);
            }
        }
    }

    /** The group's reused prefixes for layer {@code i}, left-padded to {@code past} columns: {@code [rows, kvh, hd, past]}. */
    private INDArray pastColumns(List<Row> group, int past, int layer, boolean keys) {
        INDArray[] rowsOut = new INDArray[group.size()];
        int kvh = config.kvHeads();
        int hd = config.headDim();
        for (int b = 0; b < group.size(); b++) {
            Row r = group.get(b);
            INDArray prefix = r.reused == 0 ? null : r.session.cachedColumns(layer, keys, r.reused); // [kvh, hd, reused]
            INDArray padded;
            if (prefix == null) {
                padded = Nd4j.zeros(DataType.FLOAT, kvh, hd, past);
            } else if (r.reused == past) {
                padded = prefix;
            } else {
                padded = Nd4j.concat(2, Nd4j.zeros(DataType.FLOAT, kvh, hd, past - r.reused), prefix);
            }
            rowsOut[b] = padded.reshape(1, kvh, hd, past);
        }
        return rowsOut.length == 1 ? rowsOut[0] : Nd4j.concat(0, rowsOut);
    }

    // ---- decode ----

    private void decodeStep() {
        int b = rows.size();
        int columns = cache.columns();
        cache.ensureColumns(columns + 1);
        int[] tokens = new int[b];
        int[] positions = new int[b];
        float[] valid = new float[b * (columns + 1)];
        for (int i = 0; i < b; i++) {
            Row r = rows.get(i);
            tokens[i] = r.feed;
            positions[i] = r.position;
            int base = i * (columns + 1);
            for (int s = 0; s < columns; s++) {
                valid[base + s] = r.valid[s] ? 1f : 0f;
            }
            valid[base + columns] = 1f;
        }
        INDArray validity = Nd4j.create(valid, new long[] {b, columns + 1}, 'c');
        INDArray x = pass.decode(tokens, positions, validity, mask, cache);
        SublayerGraphs.NextTokens next = pass.next(x);
        for (int i = 0; i < b; i++) {
            Row r = rows.get(i);
            r.valid = Arrays.copyOf(r.valid, columns + 1);
            r.valid[columns] = true;
            r.position++;
            take(r, next.ids()[i], next.confidences()[i]);
        }
        int before = rows.size();
        removeFinished(rows, cache);
        if (rows.isEmpty()) {
            cache = null;
        } else if (rows.size() < before) {
            trimLeadingColumns();
        }
    }

    /**
     * Delivers and removes the rows of {@code list} that stopped; {@code list} mirrors the rows of
     * {@code from}, and a removed row's place is taken by the last row, in both.
     */
    private void removeFinished(List<Row> list, KvCache from) {
        for (int i = list.size() - 1; i >= 0; i--) {
            Row r = list.get(i);
            if (r.reason == null) {
                continue;
            }
            finish(r, from, i);
            from.removeRow(i);
            int last = list.size() - 1;
            if (i != last) {
                list.set(i, list.get(last));
            }
            list.remove(last);
        }
    }

    /**
     * Greedy decoding's rule for one sampled token, as for a single sequence: EOS ends the row
     * before the token; otherwise it is appended, then the stop condition, the budget and the
     * context may end the row; else the token is fed at the next step.
     */
    private void take(Row r, int id, float confidence) {
        if (id == eos && !r.request.ignoreEos()) {
            r.reason = Generation.StopReason.EOS;
            return;
        }
        r.ids[r.tokens] = id;
        r.confidences[r.tokens] = confidence;
        r.tokens++;
        if (r.request.stop().shouldStop(id, confidence)) {
            r.reason = Generation.StopReason.CONDITION;
        } else if (r.tokens == r.request.maxNewTokens()) {
            r.reason = Generation.StopReason.MAX_TOKENS;
        } else if (r.position >= config.maxSeqLen()) {
            r.reason = Generation.StopReason.CONTEXT_FULL;
        } else {
            r.feed = id;
        }
    }

    /** Delivers a stopped row; its session keeps the row's keys and values for a next prompt. */
    private void finish(Row r, KvCache from, int index) {
        long decodeNanos = r.tokens == 0 ? 0 : System.nanoTime() - r.decodeStart;
        if (r.session != null) {
            int[] prompt = r.request.promptIds();
            int[] ran = Arrays.copyOf(prompt, r.position); // the prompt and the tokens fed back
            System.arraycopy(r.ids, 0, ran, prompt.length, r.position - prompt.length);
            r.session.keep(mask, ran, from.rowColumns(index, usedColumns(r.valid)));
        }
        Generation g = new Generation(r.request.promptIds().clone(), Arrays.copyOf(r.ids, r.tokens),
                Arrays.copyOf(r.confidences, r.tokens), r.reason, r.prefillNanos, decodeNanos, r.reused);
        r.done.accept(GenerationResult.ran(r.index, g));
    }

    private static long[] usedColumns(boolean[] valid) {
        long[] used = new long[valid.length];
        int n = 0;
        for (int s = 0; s < valid.length; s++) {
            if (valid[s]) {
                used[n++] = s;
            }
        }
        return Arrays.copyOf(used, n);
    }

    private static boolean[] leftPad(boolean[] valid, int width) {
        if (valid.length == width) {
            return valid;
        }
        boolean[] out = new boolean[width];
        System.arraycopy(valid, 0, out, width - valid.length, valid.length);
        return out;
    }

    /**
     * Drops leading columns that no row uses any more (their rows have left), once they are a
     * quarter of the columns or more: each drop copies the cache.
     */
    private void trimLeadingColumns() {
        int columns = cache.columns();
        int trim = columns;
        for (Row r : rows) {
            int first = 0;
            while (first < columns && !r.valid[first]) {
                first++;
            }
            trim = Math.min(trim, first);
        }
        if (trim == 0 || trim < columns / 4) {
            return;
        }
        for (Row r : rows) {
            r.valid = Arrays.copyOfRange(r.valid, trim, columns);
        }
        cache.dropLeading(trim);
    }
}
