package dev.litestage.reasoning;

import dev.litestage.model.GenerationSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One question part-way through a {@link MultiStagePipeline}: the document so far (question block
 * and every finished stage's line), the stages' outcomes, and the session whose keys and values the
 * next stage may reuse. A scheduler that batches many such questions advances every one waiting at
 * the same stage together ({@link MultiStagePipeline#runNextStage}); questions that joined later
 * can be at an earlier stage meanwhile.
 *
 * <p>Not thread-safe: one question is advanced by one thread at a time.
 */
public final class AnswerInProgress {

    private final MultiStagePipeline.Asked asked;
    private final GenerationSession session;
    private final List<StageOutcome> outcomes = new ArrayList<>();
    private final long startNanos;
    private String document;

    AnswerInProgress(MultiStagePipeline.Asked asked, GenerationSession session, long startNanos) {
        this.asked = Objects.requireNonNull(asked, "asked");
        this.session = session;
        this.startNanos = startNanos;
        this.document = PromptFormat.questionBlock(asked.stem(), asked.options());
    }

    /** The question being answered. */
    public MultiStagePipeline.Asked asked() {
        return asked;
    }

    /** The index of the stage that runs next; the pipeline's stage count once every stage ran. */
    public int nextStage() {
        return outcomes.size();
    }

    /** The question block and every finished stage's line. */
    public String document() {
        return document;
    }

    /** The finished stages' outcomes, in order. */
    public List<StageOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** When this question was started ({@link System#nanoTime()}). */
    public long startNanos() {
        return startNanos;
    }

    GenerationSession session() {
        return session;
    }

    void finishStage(StageSpec stage, StageOutcome outcome) {
        outcomes.add(outcome);
        document = PromptFormat.withStage(document, stage, outcome.text());
    }
}
