package dev.litestage.cli.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litestage.benchmark.eval.Evaluator;
import dev.litestage.cli.experiment.Experiment;
import dev.litestage.model.LanguageModel;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.PromptFormat;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.StageProfile;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.reasoning.StageSpec;
import dev.litestage.runtime.ProfileDocument;
import dev.litestage.search.FinalEvaluation;
import dev.litestage.search.LayerAllocationSearch;
import dev.litestage.search.SearchConfig;
import dev.litestage.search.SearchOutcome;
import dev.litestage.search.WilsonScore;
import dev.litestage.search.Strategy;
import dev.litestage.search.TrialTable;
import dev.litestage.search.cost.CostModel;
import dev.litestage.search.strategy.SearchRun;
import dev.litestage.search.importance.ImportanceCsv;
import dev.litestage.search.importance.SublayerImportance;
import dev.litestage.search.trial.BenchmarkTrialEvaluator;
import dev.litestage.search.trial.LatencyMeasurement;
import dev.litestage.search.trial.TrialCache;
import dev.litestage.search.trial.TrialEvaluator;
import dev.litestage.search.trial.TrialJournal;
import dev.litestage.search.trial.TrialResult;
import dev.litestage.tracking.SearchTracker;
import dev.litestage.tracking.TrackingUri;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;

/**
 * The whole job of {@code ./litestage run}: importance, search, final measurement on the test
 * split, export, MLflow logging and the report. Every expensive intermediate is kept in the
 * experiment's work folder (importance, cost model, trial journal), so re-running the same command
 * resumes instead of starting over.
 */
public final class ExperimentRun {

    /** Everything a finished run produced. */
    public record Result(SearchOutcome outcome, List<SearchOutcome> comparisons, FinalEvaluation finalEvaluation,
                         Path profile, Path reportDir, Optional<String> mlflowRunId, String trackingUri,
                         long wallMillis) {}

    private final LoadedExperiment loaded;
    private final Experiment exp;
    private final TrackingUri trackingUri;
    private final Progress progress;

    public ExperimentRun(LoadedExperiment loaded, TrackingUri trackingUri, Progress progress) {
        this.loaded = loaded;
        this.exp = loaded.experiment();
        this.trackingUri = trackingUri;
        this.progress = progress;
    }

    public Result run() throws IOException {
        long start = System.currentTimeMillis();
        LanguageModel model = loaded.model();
        Files.createDirectories(exp.workDir());
        Files.createDirectories(exp.outputDir());
        String fingerprint = model.fingerprint();
        List<String> stageNames = exp.stages().stream().map(StageSpec::name).toList();
        List<Question> dev = loaded.selection().questions();
        List<Question> test = loaded.evaluation().questions();
        progress.say(String.format(Locale.ROOT, "litestage run %s: model %s (%d layers, %d sublayers), %s: %d %s + %d %s questions",
                exp.name(), exp.model().path().getFileName(), model.config().layers(), model.config().sublayers(),
                exp.data().benchmark(), dev.size(), exp.data().selectSplit().id(), test.size(), exp.data().evalSplit().id()));

        // With a cost model, latency is recomputed from tokens, so identical generations can be
        // remembered: a search varying one stage reruns only that stage and the ones after it, and
        // the questions can be answered by parallel workers, each on its own model replica.
        MultiStagePipeline searchPipeline = exp.measurement().costModel() ? loaded.pipeline().memoized() : loaded.pipeline();
        Evaluator searchEvaluator = new Evaluator(searchPipeline).withWorkers(exp.measurement().workers());
        SublayerImportance importance = importance(fingerprint, dev, searchEvaluator);
        CostModel costModel = exp.measurement().costModel() ? costModel(fingerprint, dev) : null;

        try (SearchTracker tracker = SearchTracker.open(trackingUri, exp.workDir());
             TrialJournal journal = TrialJournal.open(exp.workDir().resolve("trials.jsonl"))) {
            journal.discardedTail().ifPresent(t -> progress.say("warning: ignored a torn last journal line: " + t));
            String searchKey = searchKey(fingerprint);
            tracker.startSearch(exp.tracking().experimentName(), searchKey, exp.name() + " " + exp.search().strategy().name().toLowerCase(),
                    searchParams(model, fingerprint), searchTags());
            Map<String, String> trialParams = new LinkedHashMap<>();
            trialParams.put("model.fingerprint", fingerprint.substring(0, 16));
            trialParams.put("dataset", exp.data().benchmark());
            trialParams.put("split", exp.data().selectSplit().id());

            SearchBars bars = new SearchBars(progress, "search " + exp.search().strategy().name().toLowerCase());
            TrialEvaluator measured = BenchmarkTrialEvaluator.of(searchEvaluator, dev);
            measured = LatencyMeasurement.of(exp.measurement().warmup(), exp.measurement().repetitions()).measuring(measured);
            if (costModel != null) {
                measured = costModel.estimating(measured);
            }
            TrialCache cache = TrialCache.journaled(measured, journal);
            TrackedEvaluator tracked = new TrackedEvaluator(cache, tracker, trialParams, bars::trialDone);
            tracked.strategy(exp.search().strategy().name().toLowerCase());
            SearchOutcome outcome;
            try (bars) {
                outcome = LayerAllocationSearch.run(exp.search(), stageNames, importance, tracked, bars);
            }
            uncertifiableTarget(outcome).ifPresent(progress::say);

            List<SearchOutcome> comparisons = new ArrayList<>();
            for (Strategy other : exp.measurement().compare()) {
                SearchConfig config = exp.search().toBuilder().strategy(other)
                        .maxEvaluations(Math.min(exp.search().maxEvaluations(), outcome.evaluations())).build();
                try (SearchBars compareBars = new SearchBars(progress, "compare " + other.name().toLowerCase())) {
                    TrackedEvaluator counting = new TrackedEvaluator(cache, tracker, trialParams, compareBars::trialDone);
                    counting.strategy(other.name().toLowerCase());
                    comparisons.add(LayerAllocationSearch.run(config, stageNames, importance, counting, compareBars));
                }
            }
            List<SearchOutcome> all = new ArrayList<>();
            all.add(outcome);
            all.addAll(comparisons);
            TrialTable.writeTrials(exp.workDir().resolve("trials.csv"), all);
            TrialTable.writePareto(exp.workDir().resolve("pareto.csv"), all);

            FinalEvaluation fin = finalEvaluation(outcome, test);
            ReasoningProfile noEarlyExit = withoutEarlyExit(outcome.chosenProfile());
            TrialResult chosenWithoutExit;
            try (bars) {
                bars.phaseStarted("ablation: early exit off", 1);
                chosenWithoutExit = tracked.evaluate(TrialConfig.of(noEarlyExit));
            }

            Path profile = exportProfile(model, outcome, fin, tracker, test.size());
            tracker.logSearchMetrics(Map.of(
                    "full_accuracy", fin.fullModel().accuracy(),
                    "profile_accuracy", fin.chosen().accuracy(),
                    "accuracy_loss", fin.accuracyLoss(),
                    "speedup", fin.speedup().speedup(),
                    "speedup_min", fin.speedup().roundRange().getMin(),
                    "speedup_max", fin.speedup().roundRange().getMax(),
                    "evaluations", (double) outcome.evaluations()));
            Path reportDir = exp.outputDir();
            List<Path> reportFiles = new ReportAssembly(exp, model, importance, outcome, comparisons, fin,
                    chosenWithoutExit, provenance(tracker)).write(reportDir);
            List<Path> artifacts = new ArrayList<>(List.of(profile, exp.workDir().resolve("trials.csv"),
                    exp.workDir().resolve("pareto.csv"), exp.workDir().resolve("importance.csv")));
            artifacts.addAll(reportFiles);
            tracker.logArtifacts(artifacts);
            tracker.finishSearch(true);
            if (tracker.pendingCount() > 0) {
                progress.say("warning: " + tracker.pendingCount() + " tracking records are queued in " + tracker.outboxFile()
                        + "; they are replayed on the next run");
            }
            return new Result(outcome, comparisons, fin, profile, reportDir, tracker.parentRunId(),
                    tracker.trackingUriDescription(), System.currentTimeMillis() - start);
        }
    }

    /**
     * A warning when a target confidence is set and the selection split is too small for any
     * trial to be certified: even one as accurate as the full model has a bound below the target.
     */
    private Optional<String> uncertifiableTarget(SearchOutcome outcome) {
        double level = exp.search().targetConfidence();
        TrialResult full = outcome.fullModel();
        if (level == 0 || SearchRun.feasible(exp.search(), full, outcome.targetAccuracy())) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "warning: search.target_confidence %s: with %d %s questions even a trial as accurate as the full model"
                        + " (%.1f%%) has a lower bound of %.1f%%, below the target %.1f%%; no skipping can be certified."
                        + " Select on more questions, lower the level, or raise epsilon.",
                level, full.questions(), exp.data().selectSplit().id(), 100 * full.accuracy(),
                100 * WilsonScore.lowerBound(full.accuracy(), full.questions(), level),
                100 * outcome.targetAccuracy()));
    }

    private SublayerImportance importance(String fingerprint, List<Question> dev, Evaluator evaluator) throws IOException {
        Path csv = exp.workDir().resolve("importance.csv");
        Path stamp = exp.workDir().resolve("importance.model");
        if (Files.isRegularFile(csv) && Files.isRegularFile(stamp) && Files.readString(stamp).trim().equals(fingerprint)) {
            progress.say("importance: reusing " + csv);
            return ImportanceCsv.read(csv);
        }
        List<Question> calibration = dev.subList(0, Math.min(exp.measurement().calibrationQuestions(), dev.size()));
        List<ReasoningResult> runs;
        try (ProgressBar bar = progress.bar("importance", calibration.size(), "q")) {
            runs = evaluator.evaluate(calibration,
                    ReasoningProfile.full(exp.stages(), loaded.model().config().layers()),
                    (done, total, r) -> bar.stepTo(done)).results();
        }
        SublayerImportance importance = SublayerImportance.measure(loaded.model(), runs);
        ImportanceCsv.write(importance, csv);
        Files.writeString(stamp, fingerprint + "\n");
        return importance;
    }

    private CostModel costModel(String fingerprint, List<Question> dev) throws IOException {
        Path file = exp.workDir().resolve("cost-model.json");
        ObjectMapper json = new ObjectMapper();
        if (Files.isRegularFile(file)) {
            Map<?, ?> stored = json.readValue(file.toFile(), Map.class);
            if (fingerprint.equals(stored.get("model"))) {
                progress.say("cost model: reusing " + file + " (deterministic across resumes)");
                return json.convertValue(stored.get("cost"), CostModel.class);
            }
        }
        progress.say("cost model: calibrating per-sublayer costs on this machine ...");
        Question q = dev.get(0);
        String prompt = PromptFormat.questionBlock(q) + "\n" + exp.stages().get(0).prefix();
        int[] ids = loaded.model().tokenizer().encode(prompt, true);
        CostModel cost = CostModel.calibrate(loaded.model(), ids, 16, LatencyMeasurement.of(2, 5));
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("model", fingerprint);
        stored.put("cost", cost);
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), stored);
        return cost;
    }

    private FinalEvaluation finalEvaluation(SearchOutcome outcome, List<Question> test) {
        int rounds = exp.measurement().speedupRounds();
        try (ProgressBar bar = progress.bar("final " + exp.data().evalSplit().id() + " (full vs profile, interleaved)",
                (long) 2 * rounds * test.size(), "q")) {
            TrialEvaluator evaluator = BenchmarkTrialEvaluator.of(new Evaluator(loaded.pipeline()), test)
                    .withListener((done, total, r) -> bar.step());
            return FinalEvaluation.measure(outcome, evaluator, rounds);
        }
    }

    private static ReasoningProfile withoutEarlyExit(ReasoningProfile profile) {
        return new ReasoningProfile(profile.stages().stream()
                .map(s -> new StageProfile(s.stage(), s.mask(), EarlyExit.OFF))
                .toList());
    }

    private Path exportProfile(LanguageModel model, SearchOutcome outcome, FinalEvaluation fin, SearchTracker tracker,
                               int n) throws IOException {
        ProfileDocument doc = ProfileDocument.of(model, exp.stages(), outcome.chosenProfile(),
                new ProfileDocument.Results(fin.fullModel().accuracy(), fin.chosen().accuracy(), fin.speedup().speedup(),
                        exp.data().benchmark(), exp.data().evalSplit().id(), n, Instant.now()),
                provenanceDoc(outcome, tracker));
        Path file = exp.outputDir().resolve("profile.json");
        doc.write(file);
        return file;
    }

    private ProfileDocument.Provenance provenanceDoc(SearchOutcome outcome, SearchTracker tracker) {
        return new ProfileDocument.Provenance(exp.name(), outcome.strategy(), tracker.parentRunId().orElse(null),
                tracker.trackingUriDescription(), GitCommit.of(exp.file()).orElse(null), "litestage 0.1.0");
    }

    private Map<String, String> provenance(SearchTracker tracker) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("experiment file", exp.file().toString());
        GitCommit.of(exp.file()).ifPresent(c -> p.put("git commit", c));
        tracker.parentRunId().ifPresent(id -> p.put("MLflow run", id));
        p.put("tracking", tracker.trackingUriDescription());
        return p;
    }

    private Map<String, String> searchParams(LanguageModel model, String fingerprint) {
        SearchConfig s = exp.search();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("strategy", s.strategy().name().toLowerCase());
        p.put("epsilon", String.valueOf(s.epsilon()));
        p.put("target_confidence", s.targetConfidence() == 0 ? "off" : String.valueOf(s.targetConfidence()));
        p.put("kmax", String.valueOf(s.kmax()));
        p.put("ranking", s.ranking().token());
        p.put("early_exit", s.earlyExit().enabled()
                ? "window " + s.earlyExit().window() + ", threshold " + s.earlyExit().threshold() : "off");
        p.put("seed", String.valueOf(exp.seed()));
        p.put("model.path", exp.model().path().toString());
        p.put("model.architecture", model.config().architecture());
        p.put("model.layers", String.valueOf(model.config().layers()));
        p.put("model.fingerprint", fingerprint);
        p.put("dataset", exp.data().benchmark());
        p.put("select_split", exp.data().selectSplit().id());
        p.put("eval_split", exp.data().evalSplit().id());
        p.put("select_questions", String.valueOf(loaded.selection().size()));
        p.put("eval_questions", String.valueOf(loaded.evaluation().size()));
        p.put("latency", exp.measurement().costModel() ? "cost-model" : "wall-clock");
        return p;
    }

    private Map<String, String> searchTags() {
        Map<String, String> t = new LinkedHashMap<>();
        GitCommit.of(exp.file()).ifPresent(c -> t.put("git_commit", c));
        try {
            t.put("host", InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            t.put("host", "unknown");
        }
        t.put("litestage.version", "0.1.0");
        return t;
    }

    /** Identifies this search across resumes: the experiment file's content, the model and the output folder. */
    private String searchKey(String fingerprint) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(exp.file()));
            sha.update(fingerprint.getBytes(StandardCharsets.UTF_8));
            sha.update(exp.workDir().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
