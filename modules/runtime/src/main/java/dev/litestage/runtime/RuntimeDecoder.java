package dev.litestage.runtime;

import dev.litestage.model.LanguageModel;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.ReasonedAnswer;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.reasoning.StageOutcome;
import dev.litestage.reasoning.StageSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embeddable runtime: a model running one profile. Each stage decodes under the profile's
 * skip mask, early exit and token budget.
 *
 * <p>Thread-safe. Calls are served one at a time, in arrival order, by a fair lock: the model
 * decodes one sequence at a time anyway, and the lock keeps that true for any {@link LanguageModel}
 * implementation, so concurrent callers never interleave their generations.
 */
public final class RuntimeDecoder {

    private final LanguageModel model;
    private final ProfileDocument profile;
    private final MultiStagePipeline pipeline;
    private final ReasoningProfile reasoning;
    private final Optional<String> warning;
    private final ReentrantLock lock = new ReentrantLock(true);

    private RuntimeDecoder(LanguageModel model, ProfileDocument profile, MultiStagePipeline pipeline,
                           ReasoningProfile reasoning, Optional<String> warning) {
        this.model = model;
        this.profile = profile;
        this.pipeline = pipeline;
        this.reasoning = reasoning;
        this.warning = warning;
    }

    /**
     * Opens {@code profile} on {@code model}: the stages run exactly as the profile says (its
     * prompt formats, budgets, masks, early exits and answer pattern); a version-1 profile, which
     * carries no prompt formats, runs the standard ones ({@link MultiStagePipeline#standardStages()}).
     *
     * @throws ProfileMismatchException when the profile was made for another model and
     *                                  {@code allowMismatch} is false
     * @throws IllegalArgumentException when a version-1 profile names a stage the standard format
     *                                  lacks, or the profile skips a layer the model does not have
     */
    public static RuntimeDecoder open(LanguageModel model, ProfileDocument profile, boolean allowMismatch) {
        return open(model, profile, MultiStagePipeline.standardStages(), allowMismatch);
    }

    /**
     * Opens {@code profile} on {@code model}; a version-1 profile takes each stage's prompt format
     * from the spec of the same name in {@code catalogue}. The stages run in the profile's order
     * with the profile's token budgets.
     */
    public static RuntimeDecoder open(LanguageModel model, ProfileDocument profile, List<StageSpec> catalogue,
                                      boolean allowMismatch) {
        Objects.requireNonNull(model, "model");
        Optional<String> warning = ProfileCompatibility.check(profile, model, allowMismatch);
        List<StageSpec> stages = profile.stageSpecs(catalogue);
        ReasoningProfile reasoning = profile.toReasoningProfile(model.config().layers());
        return new RuntimeDecoder(model, profile, new MultiStagePipeline(model, stages, profile.answerParser()), reasoning,
                warning);
    }

    /**
     * One generation of {@code stage} from a ready-made {@code prompt}, under the stage's setting.
     *
     * @throws IllegalArgumentException naming the stage and the known stages when it is unknown
     */
    public StageOutcome generate(String stage, String prompt) {
        StageSpec spec = pipeline.stage(stage);
        lock.lock();
        try {
            return pipeline.generate(spec, prompt, reasoning.stage(stage));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs every stage on a question whose options are labelled {@code A}, {@code B}, ... in order.
     *
     * @throws IllegalArgumentException when there are no options or more than 26
     */
    public ReasonedAnswer reason(String question, List<String> options) {
        List<Question.Option> labelled = Question.labelled(options);
        lock.lock();
        try {
            return pipeline.answer(question, labelled, reasoning);
        } finally {
            lock.unlock();
        }
    }

    /** Runs every stage on {@code question} and grades the answer against its gold label. */
    public ReasoningResult reason(Question question) {
        lock.lock();
        try {
            return pipeline.reason(question, reasoning);
        } finally {
            lock.unlock();
        }
    }

    /** The stage names in the order they run. */
    public List<String> stages() {
        return pipeline.stages().stream().map(StageSpec::name).toList();
    }

    /** The profile being run. */
    public ProfileDocument profile() {
        return profile;
    }

    /** The model being run. */
    public LanguageModel model() {
        return model;
    }

    /** The mismatch warning when the profile was made for another model and that was allowed. */
    public Optional<String> warning() {
        return warning;
    }
}
