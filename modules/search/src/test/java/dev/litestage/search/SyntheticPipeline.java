package dev.litestage.search;

import dev.litestage.model.SublayerSimilarity;
import dev.litestage.model.Sublayer;
import dev.litestage.reasoning.StageProfile;
import dev.litestage.search.cost.CostModel;
import dev.litestage.search.cost.PhaseCost;
import dev.litestage.search.importance.SublayerImportance;
import dev.litestage.search.trial.StageMeasurement;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialEvaluator;
import dev.litestage.search.trial.TrialResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic stand-in for the benchmark evaluator. Each stage has a hidden sensitivity per
 * sublayer (accuracy lost when it is skipped), base token counts, and a token inflation factor per
 * number of skipped sublayers; latency comes from a {@link CostModel} over those tokens. Early exit
 * cuts a stage's generated tokens by 20% and costs 0.005 accuracy. Every call is counted and, when
 * asked, logged to a file ({@code start KEY} / {@code end KEY}, forced to disk).
 */
public final class SyntheticPipeline implements TrialEvaluator {

    /** One stage's hidden behaviour. */
    public record Stage(String name, double prefillTokens, double generatedTokens, double[] sensitivity,
                        double[] tokenFactorBySkipped) {
    }

    public static final CostModel COSTS = CostModel.of(4, PhaseCost.of(0, 0, 0), PhaseCost.of(0.01, 0.02, 0.03),
            PhaseCost.of(1.0, 0.5, 0.8));

    private final int layers;
    private final List<Stage> stages;
    private final double fullAccuracy;
    private final int questions;
    private final CostModel costs;
    private final long sleepMillis;
    private final Path invocationLog;
    private final List<String> calls = new ArrayList<>();

    public SyntheticPipeline(int layers, List<Stage> stages, double fullAccuracy, CostModel costs, long sleepMillis,
                             Path invocationLog) {
        this.layers = layers;
        this.stages = List.copyOf(stages);
        this.fullAccuracy = fullAccuracy;
        this.questions = 200;
        this.costs = costs;
        this.sleepMillis = sleepMillis;
        this.invocationLog = invocationLog;
    }

    /**
     * The case of the greedy test: 3 stages over 4 layers; analyze is the slowest and its latency
     * is non-monotonic in k (k=2 inflates its tokens), recall is next, summarize fastest.
     */
    public static SyntheticPipeline greedyCase(long sleepMillis, Path invocationLog) {
        // ranking by similarity = 1 - sensitivity: least sensitive first
        double[] analyze = sensitivities(Map.of("mlp:3", 0.005, "attn:3", 0.006, "attn:2", 0.009, "mlp:2", 0.05,
                "attn:1", 0.1, "mlp:1", 0.11, "attn:0", 0.2, "mlp:0", 0.3));
        double[] recall = sensitivities(Map.of("attn:3", 0.009, "mlp:3", 0.011, "attn:2", 0.02, "mlp:2", 0.04,
                "attn:1", 0.1, "mlp:1", 0.11, "attn:0", 0.2, "mlp:0", 0.3));
        double[] summarize = sensitivities(Map.of("attn:3", 0.01, "mlp:3", 0.02, "attn:2", 0.03, "mlp:2", 0.04,
                "attn:1", 0.1, "mlp:1", 0.11, "attn:0", 0.2, "mlp:0", 0.3));
        double[] flat = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        return new SyntheticPipeline(4, List.of(
                new Stage("recall", 60, 40, recall, flat),
                new Stage("analyze", 120, 100, analyze, new double[] {1.0, 0.95, 1.5, 0.7, 1.3, 1.3, 1.3, 1.3, 1.3}),
                new Stage("summarize", 200, 20, summarize, flat)),
                0.80, COSTS, sleepMillis, invocationLog);
    }

    /** A random but seeded case for the evolutionary strategies: 3 stages over 4 layers. */
    public static SyntheticPipeline randomCase(long seed) {
        Random random = new Random(seed);
        List<Stage> stages = new ArrayList<>();
        String[] names = {"recall", "analyze", "summarize"};
        double[] generated = {40, 100, 20};
        for (int s = 0; s < 3; s++) {
            double[] sensitivity = new double[8];
            for (int i = 0; i < 8; i++) {
                sensitivity[i] = 0.002 + 0.04 * random.nextDouble() * (1 + (7 - i) / 4.0);
            }
            double[] factor = new double[9];
            for (int k = 0; k < 9; k++) {
                factor[k] = k == 0 ? 1 : 0.8 + 0.6 * random.nextDouble();
            }
            stages.add(new Stage(names[s], 80, generated[s], sensitivity, factor));
        }
        return new SyntheticPipeline(4, stages, 0.80, COSTS, 0, null);
    }

    private static double[] sensitivities(Map<String, Double> bySublayer) {
        double[] s = new double[8];
        bySublayer.forEach((token, value) -> {
            String[] p = token.split(":");
            s[new Sublayer(Integer.parseInt(p[1]), Sublayer.Kind.parse(p[0])).index()] = value;
        });
        return s;
    }

    @Override
    public synchronized TrialResult evaluate(TrialConfig config) {
        long start = System.nanoTime();
        log("start " + config.key());
        calls.add(config.key());
        if (sleepMillis > 0) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        double accuracy = fullAccuracy;
        List<StageMeasurement> measured = new ArrayList<>();
        double total = 0;
        for (StageProfile profile : config.stages()) {
            Stage stage = stage(profile.stage());
            for (Sublayer s : profile.mask().skipped()) {
                accuracy -= stage.sensitivity()[s.index()];
            }
            double generated = stage.generatedTokens() * stage.tokenFactorBySkipped()[profile.mask().skippedCount()];
            int earlyExits = 0;
            if (profile.earlyExit().enabled()) {
                generated *= 0.8;
                earlyExits = questions / 5;
                accuracy -= 0.005;
            }
            double latency = costs.stageLatencyMs(profile.mask(), 1, stage.prefillTokens(), generated);
            measured.add(new StageMeasurement(stage.name(), latency, stage.prefillTokens(), generated, earlyExits, 1));
            total += latency;
        }
        TrialResult result = new TrialResult(config, Math.max(0, accuracy), questions, measured, total,
                (System.nanoTime() - start) / 1e6);
        log("end " + config.key());
        return result;
    }

    private Stage stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private void log(String line) {
        if (invocationLog == null) {
            return;
        }
        try (var channel = java.nio.channels.FileChannel.open(invocationLog, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keys of every call, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public List<String> stageNames() {
        return stages.stream().map(Stage::name).toList();
    }

    /** Importance consistent with the hidden sensitivities: similarity = 1 - sensitivity. */
    public SublayerImportance importance() {
        Map<String, SublayerSimilarity> byStage = new LinkedHashMap<>();
        for (Stage s : stages) {
            double[] attention = new double[layers];
            double[] mlp = new double[layers];
            for (int l = 0; l < layers; l++) {
                attention[l] = 1 - s.sensitivity()[2 * l];
                mlp[l] = 1 - s.sensitivity()[2 * l + 1];
            }
            byStage.put(s.name(), new SublayerSimilarity(attention, mlp, 100));
        }
        return new SublayerImportance(byStage);
    }

    /** Reads an invocation log written by this class. */
    public static List<String> readLog(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }
}
