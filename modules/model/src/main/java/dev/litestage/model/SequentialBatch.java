package dev.litestage.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * A {@link GenerationBatch} for models that decode one sequence at a time: each step runs one
 * waiting request to its end with {@link LanguageModel#generate} (in its session, if it has one).
 * Results are those of batch-1 generation by construction.
 */
final class SequentialBatch implements GenerationBatch {

    private record Waiting(int index, GenerationRequest request, Consumer<GenerationResult> done) {}

    private final LanguageModel model;
    private final SkipMask mask;
    private final Deque<Waiting> waiting = new ArrayDeque<>();

    SequentialBatch(LanguageModel model, SkipMask mask) {
        this.model = model;
        this.mask = mask;
    }

    @Override
    public SkipMask mask() {
        return mask;
    }

    @Override
    public int rows() {
        return 0;
    }

    @Override
    public int waiting() {
        return waiting.size();
    }

    @Override
    public boolean hasRoomFor(GenerationRequest request) {
        return true;
    }

    @Override
    public void join(int index, GenerationRequest request, Consumer<GenerationResult> done) {
        waiting.add(new Waiting(index, request, done));
    }

    @Override
    public void step() {
        Waiting w = waiting.poll();
        if (w == null) {
            return;
        }
        GenerationRequest r = w.request();
        GenerationResult result;
        try {
            Generation g = r.session() != null
                    ? r.session().generate(r.promptIds(), mask, r.maxNewTokens(), r.stop())
                    : model.generate(r.promptIds(), mask, r.maxNewTokens(), r.stop());
            result = GenerationResult.ran(w.index(), g);
        } catch (IllegalArgumentException e) {
            result = GenerationResult.refused(w.index(), "request " + w.index() + ": " + e.getMessage());
        }
        w.done().accept(result);
    }
}
