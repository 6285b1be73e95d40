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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The embeddable runtime: a model running one profile. Each stage decodes under the profile's
 * skip mask, early exit and token budget.
 *
 * <p>Thread-safe, and made to be called concurrently: calls are queued and batched by a
 * {@link BatchScheduler} on one decoding thread, so concurrent questions waiting at the same stage
 * are generated together (each gets what it would get alone). The blocking methods wait for their
 * answer; the {@code ...Async} ones return at once. Questions that cannot fit the model's context
 * are refused before they are queued ({@link InputTooLongException}), and a call beyond
 * {@link BatchingOptions#maxOutstanding()} is refused with {@link OverloadedException}.
 * {@link #close()} stops the decoding thread (a daemon, so an unclosed decoder never holds a JVM).
 */
public final class RuntimeDecoder implements AutoCloseable {

    private final LanguageModel model;
    private final ProfileDocument profile;
    private final MultiStagePipeline pipeline;
    private final ReasoningProfile reasoning;
    private final Optional<String> warning;
    /** One per worker, each over its own model replica; calls stay with the one that admitted them. */
    private final List<BatchScheduler> schedulers;
    private final BatchingOptions batching;

    private RuntimeDecoder(LanguageModel model, ProfileDocument profile, MultiStagePipeline pipeline,
                           ReasoningProfile reasoning, Optional<String> warning, BatchingOptions batching) {
        this.model = model;
        this.profile = profile;
        this.pipeline = pipeline;
        this.reasoning = reasoning;
        this.warning = warning;
        this.batching = batching;
        List<BatchScheduler> workers = new ArrayList<>();
        for (int i = 0; i < batching.workers(); i++) {
            MultiStagePipeline own = i == 0 ? pipeline : pipeline.on(model.replica());
            workers.add(new BatchScheduler(own, reasoning, batching));
        }
        this.schedulers = List.copyOf(workers);
    }

    /**
     * Opens {@code profile} on {@code model}: the stages run exactly as the profile says (its
     * prompt formats, budgets, masks, early exits and answer pattern); a version-1 profile, which
     * carries no prompt formats, runs the standard ones ({@link MultiStagePipeline#standardStages()}).
     * Calls are batched with {@link BatchingOptions#defaults()}.
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
        return open(model, profile, catalogue, allowMismatch, BatchingOptions.defaults());
    }

    /** As {@link #open(LanguageModel, ProfileDocument, List, boolean)}, batching calls as {@code batching} says. */
    public static RuntimeDecoder open(LanguageModel model, ProfileDocument profile, List<StageSpec> catalogue,
                                      boolean allowMismatch, BatchingOptions batching) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(batching, "batching");
        Optional<String> warning = ProfileCompatibility.check(profile, model, allowMismatch);
        List<StageSpec> stages = profile.stageSpecs(catalogue);
        ReasoningProfile reasoning = profile.toReasoningProfile(model.config().layers());
        return new RuntimeDecoder(model, profile, new MultiStagePipeline(model, stages, profile.answerParser()), reasoning,
                warning, batching);
    }

    /**
     * One generation of {@code stage} from a ready-made {@code prompt}, under the stage's setting.
     *
     * @throws IllegalArgumentException naming the stage and the known stages when it is unknown
     * @throws InputTooLongException    when the prompt does not fit the model's context
     * @throws OverloadedException      when the decoder holds its limit of outstanding calls
     */
    public StageOutcome generate(String stage, String prompt) {
        return join(generateAsync(stage, prompt));
    }

    /** {@link #generate}, answered later; refusals are thrown at once. */
    public CompletableFuture<StageOutcome> generateAsync(String stage, String prompt) {
        StageSpec spec = pipeline.stage(stage);
        int tokens = pipeline.promptTokens(prompt);
        if (!pipeline.fits(tokens)) {
            throw new InputTooLongException("the prompt", tokens, pipeline.contextTokens());
        }
        synchronized (schedulers) {
            return leastBusy().generate(spec, prompt);
        }
    }

    /**
     * Runs every stage on a question whose options are labelled {@code A}, {@code B}, ... in order.
     *
     * @throws IllegalArgumentException when there are no options or more than 26
     * @throws InputTooLongException    when the question and its options do not fit the model's context
     * @throws OverloadedException      when the decoder holds its limit of outstanding calls
     */
    public ReasonedAnswer reason(String question, List<String> options) {
        return join(reasonAsync(question, options));
    }

    /** {@link #reason(String, List)}, answered later; refusals are thrown at once. */
    public CompletableFuture<ReasonedAnswer> reasonAsync(String question, List<String> options) {
        return reasonAsync(new MultiStagePipeline.Asked(question, Question.labelled(options)));
    }

    private CompletableFuture<ReasonedAnswer> reasonAsync(MultiStagePipeline.Asked asked) {
        int tokens = pipeline.firstPromptTokens(asked);
        if (!pipeline.fits(tokens)) {
            throw new InputTooLongException("the question with its options and the first stage's opening", tokens,
                    pipeline.contextTokens());
        }
        synchronized (schedulers) {
            return leastBusy().reason(asked);
        }
    }

    /** Runs every stage on {@code question} and grades the answer against its gold label. */
    public ReasoningResult reason(Question question) {
        return join(reasonAsync(new MultiStagePipeline.Asked(question.stem(), question.options()))).against(question);
    }

    /** The worker with the fewest outstanding calls, or overload when all of them together hold the limit. */
    private BatchScheduler leastBusy() {
        int total = 0;
        int fewest = Integer.MAX_VALUE;
        BatchScheduler best = null;
        for (BatchScheduler s : schedulers) {
            int n = s.outstanding();
            total += n;
            if (n < fewest) {
                fewest = n;
                best = s;
            }
        }
        if (total >= batching.maxOutstanding()) {
            throw new OverloadedException(batching.maxOutstanding());
        }
        return best;
    }

    /** Calls queued and not yet in a step. */
    public int waiting() {
        return schedulers.stream().mapToInt(BatchScheduler::waiting).sum();
    }

    /** Calls admitted and not yet answered. */
    public int outstanding() {
        return schedulers.stream().mapToInt(BatchScheduler::outstanding).sum();
    }

    /** Per stage, how many calls its batched steps advanced together so far. */
    public java.util.Map<String, Histogram.Snapshot> stepSizes() {
        java.util.Map<String, Histogram.Snapshot> merged = new java.util.TreeMap<>();
        for (BatchScheduler s : schedulers) {
            s.stepSizes().forEach((stage, h) -> merged.merge(stage, h, Histogram.Snapshot::plus));
        }
        return merged;
    }

    /** How calls are batched. */
    public BatchingOptions batching() {
        return batching;
    }

    /** Stops the decoding thread; calls still queued fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        schedulers.forEach(BatchScheduler::close);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
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
