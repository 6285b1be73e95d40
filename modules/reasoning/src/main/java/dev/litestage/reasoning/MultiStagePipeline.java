package dev.litestage.reasoning;

import dev.litestage.model.Generation;
import dev.litestage.model.GenerationRequest;
import dev.litestage.model.GenerationResult;
import dev.litestage.model.GenerationSession;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the stages of multi-stage reasoning over one model: each stage generates greedily from a
 * prompt holding the question and every earlier stage's text ({@link PromptFormat}), under the
 * stage's skip mask, until EOS, its token budget, one of its stop strings, or its confidence early
 * exit. The final stage's text is read by an {@link AnswerParser}.
 *
 * <p>Questions can be answered many at a time ({@link #answerAll}): each stage's generations for all
 * of them go to the model in one batched call. Immutable and thread-safe: all per-generation state
 * lives in the stop conditions created for each generation, and {@link LanguageModel} serializes
 * calls itself.
 */
public final class MultiStagePipeline {

    /**
     * Changes when what a trial measures through this pipeline changes for the same generated
     * tokens (prefill counts, early-exit counts): measured trials are keyed by it. 2: a memoized
     * pipeline's counts no longer depend on which generations it remembered before.
     */
    public static final String MEASUREMENT_VERSION = "2";

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
     * Answers every question under {@code profile} and grades each against its gold label: stage by
     * stage, every question's generation of a stage in one batched call ({@link #answerAll}).
     *
     * @return one result per question, in order
     */
    public List<ReasoningResult> reasonAll(List<Question> questions, ReasoningProfile profile) {
        List<ReasonedAnswer> answers = answerAll(questions.stream().map(q -> new Asked(q.stem(), q.options())).toList(),
                profile);
        List<ReasoningResult> out = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            out.add(answers.get(i).against(questions.get(i)));
        }
        return out;
    }

    /** A question to answer: its stem and labelled options (its gold label, if any, is not needed). */
    public record Asked(String stem, List<Question.Option> options) {
        public Asked {
            Objects.requireNonNull(stem, "stem");
            options = List.copyOf(options);
            if (options.isEmpty()) {
                throw new IllegalArgumentException("a question needs at least one option");
            }
        }
    }

    /**
     * Runs every stage on a question whose answer is unknown.
     *
     * @throws IllegalArgumentException when {@code profile} lacks one of the stages or its masks
     *                                  do not fit the model
     */
    public ReasonedAnswer answer(String stem, List<Question.Option> options, ReasoningProfile profile) {
        return answerAll(List.of(new Asked(stem, options)), profile).get(0);
    }

    /**
     * Runs every stage on many questions together: a stage's prompts for all questions are generated
     * in one {@link LanguageModel#generateAll} call under the stage's mask (the model batches them
     * within its limits), then the next stage's; a per-option stage generates option k of every
     * question that has one together, each question in its own session so that option k reuses
     * what option k-1 ran; the same session carries on into the next stage, which reuses the
     * prefix when its mask is the same (the full model's stages, say). Each question's texts are exactly what {@link #answer} gives it alone,
     * up to float rounding in near-ties; its stage timings are the wall time its generations took
     * inside their batches, and its {@link ReasonedAnswer#wallNanos()} its share of the whole
     * call's (the call's wall time over the number of questions).
     *
     * @return one answer per question, in order
     */
    public List<ReasonedAnswer> answerAll(List<Asked> questions, ReasoningProfile profile) {
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("no questions to answer");
        }
        long start = System.nanoTime();
        List<AnswerInProgress> answering = questions.stream().map(q -> start(q, start)).toList();
        for (int s = 0; s < stages.size(); s++) {
            runNextStage(answering, profile);
        }
        // alone, a question's wall time is its own; in a batch, its share of the batch's
        long wallPerQuestion = (System.nanoTime() - start) / questions.size();
        return answering.stream().map(a -> finish(a, wallPerQuestion)).toList();
    }

    /**
     * A question about to be answered stage by stage ({@link #runNextStage}), started now. It has
     * its own session for all its stages: a stage whose prompt extends what the stage before ran,
     * under the same mask (the full model's stages, say), prefills only its new tokens.
     */
    public AnswerInProgress start(Asked question) {
        return start(question, System.nanoTime());
    }

    private AnswerInProgress start(Asked question, long startNanos) {
        // remembered generations leave the model's session behind; a recalling session catches up
        GenerationSession session = memo != null ? new RecallingSession(model) : model.session();
        return new AnswerInProgress(question, session, startNanos);
    }

    /**
     * Runs the next stage of every question in {@code answering}, all of which must be waiting at
     * the same stage: one batched call under that stage's setting in {@code profile} (a per-option
     * stage: one call per option round). Each question's texts are what it would get alone, up to
     * float rounding in near-ties.
     *
     * @throws IllegalArgumentException when the questions wait at different stages, one has run
     *                                  every stage, or {@code profile} lacks the stage
     */
    public void runNextStage(List<AnswerInProgress> answering, ReasoningProfile profile) {
        if (answering.isEmpty()) {
            return;
        }
        int s = answering.get(0).nextStage();
        if (answering.stream().anyMatch(a -> a.nextStage() != s)) {
            throw new IllegalArgumentException("questions advanced together must wait at the same stage, were at "
                    + answering.stream().map(AnswerInProgress::nextStage).distinct().sorted().toList());
        }
        if (s >= stages.size()) {
            throw new IllegalArgumentException("every stage has already run");
        }
        StageSpec stage = stages.get(s);
        StageProfile setting = setting(profile, stage);
        List<GenerationSession> sessions = answering.stream().map(AnswerInProgress::session).toList();
        List<StageOutcome> stageOutcomes = stage.perOption()
                ? runPerOption(stage, answering, setting, sessions)
                : generate(stage, answering.stream().map(a -> PromptFormat.stagePrompt(a.document(), stage)).toList(),
                        setting, sessions);
        for (int i = 0; i < answering.size(); i++) {
            answering.get(i).finishStage(stage, stageOutcomes.get(i));
        }
    }

    /** Whether every stage of {@code answering} has run. */
    public boolean finished(AnswerInProgress answering) {
        return answering.nextStage() == stages.size();
    }

    /**
     * The answer of a question whose stages have all run, read from its final stage; its wall time
     * is from its start to now.
     *
     * @throws IllegalStateException when a stage has not run yet
     */
    public ReasonedAnswer finish(AnswerInProgress answering) {
        return finish(answering, System.nanoTime() - answering.startNanos());
    }

    private ReasonedAnswer finish(AnswerInProgress answering, long wallNanos) {
        if (!finished(answering)) {
            throw new IllegalStateException("stage " + stages.get(answering.nextStage()).name() + " has not run yet");
        }
        List<String> labels = answering.asked().options().stream().map(Question.Option::label).toList();
        List<StageOutcome> own = answering.outcomes();
        String answer = parser.parse(own.get(own.size() - 1).text(), labels).orElse(null);
        return new ReasonedAnswer(answer, own, answering.document(), wallNanos);
    }

    /**
     * The number of tokens the first stage's prompt for {@code question} takes (with BOS): a
     * question is answerable only when it {@link #fits}.
     */
    public int firstPromptTokens(Asked question) {
        String block = PromptFormat.questionBlock(question.stem(), question.options());
        StageSpec first = stages.get(0);
        List<String> labels = question.options().stream().map(Question.Option::label).toList();
        return promptTokens(first.perOption() ? PromptFormat.optionPrompt(block, first, labels, List.of())
                : PromptFormat.stagePrompt(block, first));
    }

    /** The number of tokens {@code prompt} takes, encoded as a generation encodes it (with BOS). */
    public int promptTokens(String prompt) {
        return model.tokenizer().encode(prompt, true).length;
    }

    /**
     * Whether a prompt of {@code promptTokens} tokens leaves room in the model's context for a
     * generation; a stage whose prompt does not produces nothing.
     */
    public boolean fits(int promptTokens) {
        return promptTokens < model.config().maxSeqLen();
    }

    /** The model's context, in tokens. */
    public int contextTokens() {
        return model.config().maxSeqLen();
    }

    /**
     * The per-option stage of every question: round k generates option k of each question that has
     * one, every question in its own session (option k's prompt is option k-1's prompt, its text
     * and the next opening, so the session reuses the keys and values already computed).
     */
    private List<StageOutcome> runPerOption(StageSpec stage, List<AnswerInProgress> answering,
                                            StageProfile setting, List<GenerationSession> sessions) {
        int n = answering.size();
        List<List<String>> pieces = new ArrayList<>(n);
        List<List<StageOutcome>> generated = new ArrayList<>(n);
        int rounds = 0;
        for (int i = 0; i < n; i++) {
            pieces.add(new ArrayList<>());
            generated.add(new ArrayList<>());
            rounds = Math.max(rounds, answering.get(i).asked().options().size());
        }
        for (int k = 0; k < rounds; k++) {
            List<Integer> asking = new ArrayList<>();
            List<String> prompts = new ArrayList<>();
            List<GenerationSession> roundSessions = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<String> labels = answering.get(i).asked().options().stream().map(Question.Option::label).toList();
                if (k < labels.size()) {
                    asking.add(i);
                    prompts.add(PromptFormat.optionPrompt(answering.get(i).document(), stage, labels, pieces.get(i)));
                    roundSessions.add(sessions.get(i));
                }
            }
            List<StageOutcome> round = generate(stage, prompts, setting, roundSessions);
            for (int j = 0; j < asking.size(); j++) {
                int i = asking.get(j);
                pieces.get(i).add(round.get(j).text());
                generated.get(i).add(round.get(j));
            }
        }
        List<StageOutcome> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<String> labels = answering.get(i).asked().options().stream().map(Question.Option::label).toList();
            List<StageOutcome> parts = generated.get(i);
            out.add(new StageOutcome(stage.name(), parts.get(0).prompt(), PromptFormat.optionText(stage, labels, pieces.get(i)),
                    parts.stream().mapToInt(StageOutcome::tokens).sum(), labels.size(),
                    parts.stream().mapToInt(StageOutcome::earlyExits).sum(),
                    parts.stream().mapToLong(StageOutcome::prefillNanos).sum(),
                    parts.stream().mapToLong(StageOutcome::decodeNanos).sum(),
                    parts.stream().mapToInt(StageOutcome::prefillTokens).sum()));
        }
        return out;
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
        return generate(stage, List.of(prompt), setting, null).get(0); // alone: nothing to reuse
    }

    /**
     * One generation of {@code stage} per prompt, all in one batched call under {@code setting}'s
     * mask, none in a session: each is what {@link #generate(StageSpec, String, StageProfile)} gives
     * it alone, up to float rounding in near-ties.
     */
    public List<StageOutcome> generateAll(StageSpec stage, List<String> prompts, StageProfile setting) {
        return generate(stage, prompts, setting, null);
    }

    /**
     * One generation of {@code stage} per prompt, all in one batched call under {@code setting}'s
     * mask, each in its session ({@code sessions.get(i)}, or none when {@code sessions} is null).
     * Remembered outcomes (a {@link #memoized()} pipeline) are not generated again.
     */
    private List<StageOutcome> generate(StageSpec stage, List<String> prompts, StageProfile setting,
                                        List<GenerationSession> sessions) {
        int layers = model.config().layers();
        if (setting.mask().layers() != layers) {
            throw new IllegalArgumentException("stage " + stage.name() + ": skip mask covers "
                    + setting.mask().layers() + " layers but the model has " + layers);
        }
        Tokenizer tokenizer = model.tokenizer();
        StageOutcome[] out = new StageOutcome[prompts.size()];
        List<Integer> pending = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<GenerationRequest> requests = new ArrayList<>();
        List<StopStrings> stops = new ArrayList<>();
        List<ConfidenceEarlyExit> exits = new ArrayList<>();
        List<GenerationRequest> owed = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            String prompt = prompts.get(i);
            GenerationSession session = sessions == null ? null : sessions.get(i);
            String key = memo == null ? null : memoKey(stage, setting, prompt)
                    + (session instanceof RecallingSession recalling ? "\u0000" + recalling.previousMask() : "");
            StageOutcome known = memo == null ? null : memo.get(key);
            if (known != null) {
                out[i] = known;
                if (session instanceof RecallingSession recalling) {
                    recalling.recalled(new RecallingSession.Owed(stage, prompt, setting));
                }
                continue;
            }
            int[] ids = tokenizer.encode(prompt, true);
            if (!fits(ids.length)) {
                // Earlier stages rambled past the context window (skipping can do that): this stage
                // cannot run, produces nothing, and the question ends unanswered instead of failing the run.
                out[i] = new StageOutcome(stage.name(), prompt, "", 0, 1, 0, 0, 0, 0);
                continue;
            }
            if (session instanceof RecallingSession recalling) {
                recalling.settle(setting.mask()).ifPresent(due -> owed.add(request(tokenizer, due.stage(), due.prompt(),
                        due.setting()).inSession(recalling.real())));
                session = recalling.real();
            }
            StopStrings stopStrings = new StopStrings(tokenizer, stage.stopStrings());
            ConfidenceEarlyExit exit = new ConfidenceEarlyExit(setting.earlyExit());
            GenerationRequest request = GenerationRequest.of(ids, stage.maxNewTokens(), AnyStopCondition.of(stopStrings, exit));
            requests.add(session == null ? request : request.inSession(session));
            keys.add(key);
            stops.add(stopStrings);
            exits.add(exit);
            pending.add(i);
        }
        if (!owed.isEmpty()) {
            // what the sessions would hold had the remembered generations run (outcomes known already)
            for (GenerationResult r : model.generateAll(owed, setting.mask())) {
                r.orThrow();
            }
        }
        if (!requests.isEmpty()) {
            List<GenerationResult> results = model.generateAll(requests, setting.mask());
            for (int j = 0; j < pending.size(); j++) {
                int i = pending.get(j);
                Generation g = results.get(j).orThrow();
                String text = StopStrings.cut(tokenizer.decode(g.generatedIds()), stage.stopStrings()).trim();
                boolean exitedEarly = exits.get(j).fired() && !stops.get(j).matched();
                out[i] = new StageOutcome(stage.name(), prompts.get(i), text, g.tokens(), 1, exitedEarly ? 1 : 0,
                        g.prefillNanos(), g.decodeNanos(), g.prefilledTokens());
                if (memo != null) {
                    memo.put(keys.get(j), out[i]);
                }
            }
        }
        return Arrays.asList(out);
    }

    /** The request of a generation of {@code stage} from {@code prompt} under {@code setting}, as run above. */
    private static GenerationRequest request(Tokenizer tokenizer, StageSpec stage, String prompt, StageProfile setting) {
        return GenerationRequest.of(tokenizer.encode(prompt, true), stage.maxNewTokens(),
                AnyStopCondition.of(new StopStrings(tokenizer, stage.stopStrings()), new ConfidenceEarlyExit(setting.earlyExit())));
    }

    private static String memoKey(StageSpec stage, StageProfile setting, String prompt) {
        return stage + "\u0000" + setting.mask().toSpec() + "\u0000" + setting.earlyExit() + "\u0000" + prompt;
    }

    private static StageProfile setting(ReasoningProfile profile, StageSpec stage) {
        return profile.stages().stream().filter(s -> s.stage().equals(stage.name())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("profile has no setting for stage '"
                        + stage.name() + "'; it covers " + profile.stages().stream().map(StageProfile::stage).toList()));
    }
}
