package dev.litestage.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Synthetic but plausible report data: a 22-layer model, three stages, a few hundred trials from
 * three search strategies and three baselines, and an importance matrix. Deterministic.
 */
final class SyntheticReports {

    static final List<String> STAGES = List.of("recall", "analysis", "answer");
    static final int LAYERS = 22;

    private SyntheticReports() {
    }

    /** Full model 1000 ms / 72.5 %, profile 400 ms / 71.0 %: speedup 2.50x, loss 1.5 points. */
    static ReportData sample() {
        return sample(STAGES, trials(), Optional.of(importance(STAGES)));
    }

    static ReportData sample(List<String> stages, List<TrialPoint> trials, Optional<ImportanceMatrix> importance) {
        SummaryRow full = new SummaryRow("full model", 72.5,
                perStage(stages, 250.0, 500.0, 250.0), perStage(stages, 60.0, 180.0, 40.0), Map.of(), 1000.0);
        Map<String, Integer> exits = new LinkedHashMap<>();
        exits.put(stages.get(1), 37);
        exits.put(stages.get(2), 5);
        SummaryRow profile = new SummaryRow("LiteStage profile", 71.0,
                perStage(stages, 110.0, 190.0, 100.0), perStage(stages, 66.0, 120.0, 41.0), exits, 400.0);
        List<StageSkips> chosen = List.of(
                new StageSkips(stages.get(0), List.of(3, 5, 6, 7, 11), List.of(9), "off"),
                new StageSkips(stages.get(1), List.of(12, 13), List.of(), "window 8, threshold 0.55"),
                new StageSkips(stages.get(2), List.of(), List.of(), "window 4, threshold 0.40"));
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("git commit", "3d4ad58");
        provenance.put("MLflow run id", "0f1e2d3c4b5a");
        provenance.put("tracking URI", "file:./mlruns");
        List<ReportTable> tables = List.of(new ReportTable("Strategy comparison",
                "Best profile per strategy meeting the accuracy target.",
                List.of("strategy", "accuracy", "latency", "speedup"),
                List.of(List.of("greedy", "70.8%", "431.0 ms", "2.32\u00d7"),
                        List.of("genetic", "71.0%", "400.0 ms", "2.50\u00d7"),
                        List.of("uniform", "70.1%", "780.0 ms", "1.28\u00d7"))));
        return new ReportData("obqa-tinyllama", "TinyLlama-1.1B-Chat-v1.0", "OpenBookQA", "test", "2025-06-01",
                full, profile, 70.0, trials, stages, chosen, importance, tables, provenance);
    }

    private static Map<String, Double> perStage(List<String> stages, double... values) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            map.put(stages.get(i), values[i]);
        }
        return map;
    }

    /** Trials whose accuracy falls as more sublayers are skipped; Pareto flags computed exactly. */
    static List<TrialPoint> trials() {
        Random random = new Random(42);
        List<double[]> raw = new ArrayList<>();
        List<String> strategies = new ArrayList<>();
        String[] search = {"greedy", "genetic", "pareto"};
        int[] counts = {40, 90, 50};
        for (int s = 0; s < search.length; s++) {
            for (int i = 0; i < counts[s]; i++) {
                double skipped = random.nextDouble() * 0.75;
                double latency = 1000 * (1 - skipped) + random.nextGaussian() * 25;
                double accuracy = 72.5 - 18 * Math.pow(skipped, 2.2) - Math.abs(random.nextGaussian()) * (s == 0 ? 2.0 : 1.2);
                raw.add(new double[] {latency, Math.max(0, accuracy)});
                strategies.add(search[s]);
            }
        }
        raw.add(new double[] {1000, 72.5});
        strategies.add("none");
        for (int i = 1; i <= 5; i++) {
            raw.add(new double[] {1000 - i * 110, 72.5 - 3.2 * i * i / 2.0});
            strategies.add("uniform");
            raw.add(new double[] {1000 - i * 90, 72.5 - 1.4 * i * i / 2.0});
            strategies.add("adaskip");
        }
        raw.add(new double[] {400, 71.0});
        strategies.add("genetic");
        int chosenIndex = raw.size() - 1;

        List<TrialPoint> trials = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            boolean dominated = false;
            for (double[] other : raw) {
                if (other[0] <= raw.get(i)[0] && other[1] >= raw.get(i)[1]
                        && (other[0] < raw.get(i)[0] || other[1] > raw.get(i)[1])) {
                    dominated = true;
                    break;
                }
            }
            trials.add(new TrialPoint(strategies.get(i) + "-" + i, strategies.get(i), raw.get(i)[0], raw.get(i)[1],
                    !dominated, i == chosenIndex));
        }
        return trials;
    }

    /** Similarities near 1 in the middle layers, lower at the first and last layers and for attention. */
    static ImportanceMatrix importance(List<String> stages) {
        List<String> rows = new ArrayList<>(stages);
        rows.add("all stages");
        double[][] values = new double[rows.size()][2 * LAYERS];
        for (int r = 0; r < stages.size(); r++) {
            for (int layer = 0; layer < LAYERS; layer++) {
                double edge = Math.min(layer, LAYERS - 1 - layer);
                double base = 0.80 + 0.18 * (1 - Math.exp(-edge / 2.5)) - 0.01 * r;
                values[r][2 * layer] = Math.min(0.995, base + 0.01);
                values[r][2 * layer + 1] = Math.min(0.995, base - 0.03);
            }
        }
        for (int c = 0; c < 2 * LAYERS; c++) {
            double sum = 0;
            for (int r = 0; r < stages.size(); r++) {
                sum += values[r][c];
            }
            values[stages.size()][c] = sum / stages.size();
        }
        return ImportanceMatrix.ofLayers(rows, LAYERS, values);
    }
}
