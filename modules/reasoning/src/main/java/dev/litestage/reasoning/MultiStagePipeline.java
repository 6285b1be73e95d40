package dev.litestage.reasoning;

import dev.litestage.model.Generation;
import dev.litestage.model.GenerationSession;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the stages of multi-stage reasoning over one model: each stage generates greedily from a
 * prompt holding the question and every earlier stage's text ({@link PromptFormat}), under the
 * stage's skip mask, until EOS, its token budget, one of its stop strings, or its confidence early
 * exit. The final stage's text is read by an {@link AnswerParser}.
 *
 * <p>Immutable and thread-safe: all per-generation state lives in the stop conditions created for
 * each generation, and {@link LanguageModel} serializes calls itself.
 */
public final class MultiStagePipeline {

    private final LanguageModel model;
    private final List<StageSpec> stages;
    private final AnswerParser parser;
    /** Outcomes of earlier identical generations, or null when every generation runs. */
    private final Map<String, StageOutcome> memo;

    /** A pipeline running {@code stages} on {@code model}, reading answers in the standard format. */
    public MultiStagePipeline(LanguageModel model, List<StageSpec> stages) {
        this(model, stages, AnswerParser.standard());
    }

    /**
     * A pipeline running {@code stages} on {@code model}, reading the final stage with {@code parser}.
     *
     * @throws IllegalArgumentException when there are no stages or two share a name
     */
    public MultiStagePipeline(LanguageModel model, List<StageSpec> stages, AnswerParser parser) {
        this(model, stages, parser, null);
    }

    private MultiStagePipeline(LanguageModel model, List<StageSpec> stages, AnswerParser parser,
                               Map<String, StageOutcome> memo) {
        this.memo = memo;
        this.model = Objects.requireNonNull(model, "model");
        this.stages = List.copyOf(stages);
        this.parser = Objects.requireNonNull(parser, "parser");
        if (this.stages.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one stage");
        }
        if (this.stages.stream().map(StageSpec::name).distinct().count() != this.stages.size()) {
            throw new IllegalArgumentException("stage names must be unique, were "
                    + this.stages.stream().map(StageSpec::name).toList());
        }
    }

    /**
     * The three stages of the literature's format: {@code recall} (prefix {@code Recall:}, 96
     * tokens, stops at a newline or {@code Analyze:}), {@code analyze} (prefix {@code Analyze:},
     * one generation per option opened by {@code For option X,}, 64 tokens each, stops at a newline,
     * {@code For option} or {@code Summarize:}) and {@code summarize} (prefix {@code Summarize:},
     * 24 tokens, stops at a newline).
     */
    public static List<StageSpec> standardStages() {
        return List.of(
                StageSpec.single(StageSpec.RECALL, "Recall:", 96, List.of("\n", "Analyze:")),
                StageSpec.perOption(StageSpec.ANALYZE, "Analyze:", "For option " + StageSpec.LABEL + ",", 64,
                        List.of("\n", "For option", "Summarize:")),
                StageSpec.single(StageSpec.SUMMARIZE, "Summarize:", 24, List.of("\n")));
    }

    /** The stages in order. */
    public List<StageSpec> stages() {
        return stages;
    }

    /** The model the stages run on. */
    public LanguageModel model() {
        return model;
    }

    /** The parser that reads the final stage. */
    public AnswerParser parser() {
        return parser;
    }

    /** The stage named {@code name}. */
    public StageSpec stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown stage '" + name + "'; known stages: "
                        + stages.stream().map(StageSpec::name).toList()));
    }

    /**
     * Answers {@code question} under {@code profile} and grades the answer against its gold label.
     * A missing or unparseable answer counts as wrong ({@link ReasoningResult#unparseable()}).
     */
    public ReasoningResult reason(Question question, ReasoningProfile profile) {
        return answer(question.stem(), question.options(), profile).against(question);
    }

    /**
     * Runs every stage on a question whose answer is unknown.
     *
     * @throws IllegalArgumentException when {@code profile} lacks one of the stages or its masks
     *                                  do not fit the model
     */
    public ReasonedAnswer answer(String stem, List<Question.Option> options, ReasoningProfile profile) {
        if (options.isEmpty()) {
            throw new IllegalArgumentException("a question needs at least one option");
        }
        List<StageProfile> settings = stages.stream().map(s -> setting(profile, s)).toList();
        long start = System.nanoTime();
        List<String> labels = options.stream().map(Question.Option::label).toList();
        String context = PromptFormat.questionBlock(stem, options);
        List<StageOutcome> outcomes = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            StageSpec stage = stages.get(i);
            StageOutcome outcome = stage.perOption()
                    ? runPerOption(stage, context, labels, settings.get(i))
                    : generate(stage, PromptFormat.stagePrompt(context, stage), settings.get(i));
            outcomes.add(outcome);
            context = PromptFormat.withStage(context, stage, outcome.text());
        }
        String answer = parser.parse(outcomes.get(outcomes.size() - 1).text(), labels).orElse(null);
        return new ReasonedAnswer(answer, outcomes, context, System.nanoTime() - start);
    }

    private StageOutcome runPerOption(StageSpec stage, String context, List<String> labels, StageProfile setting) {
        List<String> pieces = new ArrayList<>(labels.size());
        String firstPrompt = null;
        int tokens = 0;
        int earlyExits = 0;
        long prefill = 0;
        long decode = 0;
        int prefillTokens = 0;
        // option k's prompt is option k-1's prompt, its text and the next opening: one session
        // reuses the keys and values already computed (the mask is the stage's, the same for all)
        GenerationSession session = model.session();
        for (int k = 0; k < labels.size(); k++) {
            String prompt = PromptFormat.optionPrompt(context, stage, labels, pieces);
            StageOutcome piece = generate(stage, prompt, setting, session);
            firstPrompt = firstPrompt == null ? prompt : firstPrompt;
            pieces.add(piece.text());
            tokens += piece.tokens();
            earlyExits += piece.earlyExits();
            prefill += piece.prefillNanos();
            decode += piece.decodeNanos();
            prefillTokens += piece.prefillTokens();
        }
        return new StageOutcome(stage.name(), firstPrompt, PromptFormat.optionText(stage, labels, pieces),
                tokens, labels.size(), earlyExits, prefill, decode, prefillTokens);
    }

    /**
     * This pipeline, remembering every generation's outcome: a generation with the same stage,
     * prompt, mask and early exit as an earlier one returns the earlier outcome (greedy decoding is
     * deterministic), timings included. A search that varies one stage at a time then reruns only
     * that stage and those after it. Use it where latency comes from a cost model over tokens, not
     * where wall-clock time is measured.
     */
    public MultiStagePipeline memoized() {
        return new MultiStagePipeline(model, stages, parser, new java.util.concurrent.ConcurrentHashMap<>());
    }

    /**
     * This pipeline's stages, parser and remembered generations over {@code replica}, a model with
     * the same weights ({@link LanguageModel#replica()}): pipelines over replicas answer questions
     * in parallel and share what any of them has generated.
     *
     * @throws IllegalArgumentException when {@code replica} is not the same model (fingerprint)
     */
    public MultiStagePipeline on(LanguageModel replica) {
        if (replica != model && !replica.fingerprint().equals(model.fingerprint())) {
            throw new IllegalArgumentException("a pipeline can move only to a replica of its model (same fingerprint)");
        }
        return new MultiStagePipeline(replica, stages, parser, memo);
    }

    /**
     * One generation of {@code stage} from {@code prompt} (encoded with BOS) under {@code setting}'s
     * mask and early exit. The continuation is cut before the first stop string and trimmed.
     *
     * <p>A generation counts as an early exit only when the confidence exit ended it: if a stop
     * string appears on the same token, the stage ended on its own.
     *
     * @throws IllegalArgumentException when the mask does not cover the model's layers
     */
    public StageOutcome generate(StageSpec stage, String prompt, StageProfile setting) {
        return generate(stage, prompt, setting, model::generate); // alone: nothing to reuse
    }

    /** {@link #generate(StageSpec, String, StageProfile)} in {@code session}, reusing its last generation's prefix. */
    private StageOutcome generate(StageSpec stage, String prompt, StageProfile setting, GenerationSession session) {
        if (memo == null) {
            return run(stage, prompt, setting, session);
        }
        String key = stage + "\u0000" + setting.mask().toSpec() + "\u0000" + setting.earlyExit() + "\u0000" + prompt;
        StageOutcome known = memo.get(key);
        if (known != null) {
            return known;
        }
        StageOutcome outcome = run(stage, prompt, setting, session);
        memo.put(key, outcome);
        return outcome;
    }

    private StageOutcome run(StageSpec stage, String prompt, StageProfile setting, GenerationSession session) {
        int layers = model.config().layers();
        if (setting.mask().layers() != layers) {
            throw new IllegalArgumentException("stage " + stage.name() + ": skip mask covers "
                    + setting.mask().layers() + " layers but the model has " + layers);
        }
        Tokenizer tokenizer = model.tokenizer();
        int[] ids = tokenizer.encode(prompt, true);
        if (ids.length >= model.config().maxSeqLen()) {
            // Earlier stages rambled past the context window (skipping can do that): this stage
            // cannot run, produces nothing, and the question ends unanswered instead of failing the run.
            return new StageOutcome(stage.name(), prompt, "", 0, 1, 0, 0, 0, 0);
        }
        StopStrings stops = new StopStrings(tokenizer, stage.stopStrings());
        ConfidenceEarlyExit exit = new ConfidenceEarlyExit(setting.earlyExit());
        Generation g = session.generate(ids, setting.mask(), stage.maxNewTokens(), AnyStopCondition.of(stops, exit));
        String text = StopStrings.cut(tokenizer.decode(g.generatedIds()), stage.stopStrings()).trim();
        boolean exitedEarly = exit.fired() && !stops.matched();
        return new StageOutcome(stage.name(), prompt, text, g.tokens(), 1, exitedEarly ? 1 : 0,
                g.prefillNanos(), g.decodeNanos(), g.prefilledTokens());
    }

    private static StageProfile setting(ReasoningProfile profile, StageSpec stage) {
        return profile.stages().stream().filter(s -> s.stage().equals(stage.name())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("profile has no setting for stage '"
                        + stage.name() + "'; it covers " + profile.stages().stream().map(StageProfile::stage).toList()));
    }
}
