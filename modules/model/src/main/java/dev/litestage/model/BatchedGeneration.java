package dev.litestage.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Generates a list of requests through one {@link GenerationBatch}: the default of
 * {@link LanguageModel#generateAll}. Requests are taken longest prompt first, so that sequences
 * prefilled together have similar lengths and little padding; the batch is filled up to its
 * limits and topped up from the queue whenever a quarter of its rows has left (or it is idle), so
 * that each prefill call serves several sequences instead of one.
 */
final class BatchedGeneration {

    private BatchedGeneration() {
    }

    static List<GenerationResult> run(LanguageModel model, List<GenerationRequest> requests, SkipMask mask) {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("no requests to generate: the list is empty");
        }
        if (mask.layers() != model.config().layers()) {
            throw new IllegalArgumentException("the skip mask covers " + mask.layers() + " layers but the model has "
                    + model.config().layers());
        }
        GenerationResult[] results = new GenerationResult[requests.size()];
        List<Integer> runnable = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            String problem = requests.get(i).problem(model.config());
            if (problem != null) {
                results[i] = GenerationResult.refused(i, "request " + i + " of " + requests.size() + ": " + problem);
            } else {
                runnable.add(i);
            }
        }
        runnable.sort(Comparator.comparingInt((Integer i) -> -requests.get(i).promptIds().length));
        Deque<Integer> queue = new ArrayDeque<>(runnable);
        GenerationBatch batch = model.batch(mask);
        int topUpBelow = Math.max(1, model.batchLimits().maxRows() - model.batchLimits().maxRows() / 4);
        while (!queue.isEmpty() || !batch.isIdle()) {
            if (batch.isIdle() || batch.rows() + batch.waiting() <= topUpBelow) {
                while (!queue.isEmpty() && batch.hasRoomFor(requests.get(queue.peek()))) {
                    int i = queue.poll();
                    batch.join(i, requests.get(i), r -> results[r.index()] = r);
                }
            }
            batch.step();
        }
        return Arrays.asList(results);
    }
}
