package dev.litestage.search.importance;

import dev.litestage.model.LanguageModel;
import dev.litestage.model.SublayerSimilarity;
import dev.litestage.model.Sublayer;
import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.reasoning.StageOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;

/**
 * How much each sublayer changes the residual stream, per stage: the cosine similarity between a
 * sublayer's input and output, averaged over the tokens of the stage's prefills on a calibration
 * set. High similarity means the sublayer does little, so it is skipped first.
 *
 * <p>Per-stage similarities are token-weighted means over the stage's prompts; the
 * {@link #accumulated() accumulated} similarity is the plain mean over stages, so every stage
 * counts alike whatever its prompt length.
 *
 * @param stages per stage name, in pipeline order, the stage's mean similarity; all cover the
 *               same number of layers
 */
public record SublayerImportance(Map<String, SublayerSimilarity> stages) {

    /** The stage name under which the accumulated ranking appears in tables. */
    public static final String ACCUMULATED = "all";

    public SublayerImportance {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("sublayer importance needs at least one stage");
        }
        int layers = -1;
        for (Map.Entry<String, SublayerSimilarity> e : stages.entrySet()) {
            if (e.getKey().equals(ACCUMULATED)) {
                throw new IllegalArgumentException("stage name '" + ACCUMULATED + "' is reserved for the accumulated ranking");
            }
            SublayerSimilarity s = e.getValue();
            if (layers >= 0 && s.layers() != layers) {
                throw new IllegalArgumentException("stage '" + e.getKey() + "': similarity covers " + s.layers()
                        + " layers, earlier stages cover " + layers);
            }
            layers = s.layers();
            for (int i = 0; i < 2 * layers; i++) {
                Sublayer sub = Sublayer.ofIndex(i);
                if (!Double.isFinite(s.of(sub))) {
                    throw new IllegalArgumentException("stage '" + e.getKey() + "': similarity of " + sub
                            + " is " + s.of(sub) + ", expected a finite number");
                }
            }
        }
        stages = Collections.unmodifiableMap(new LinkedHashMap<>(stages));
    }

    /**
     * Measures importance on calibration prompts: each prompt is encoded with BOS and prefilled by
     * the full model ({@link LanguageModel#similarity}).
     *
     * @param stagePrompts per stage name, in pipeline order, its prompts (non-empty)
     */
    public static SublayerImportance measure(LanguageModel model, Map<String, List<String>> stagePrompts) {
        Map<String, SublayerSimilarity> stages = new LinkedHashMap<>();
        stagePrompts.forEach((stage, prompts) -> {
            if (prompts.isEmpty()) {
                throw new IllegalArgumentException("stage '" + stage + "': no calibration prompts");
            }
            List<SublayerSimilarity> perPrompt = new ArrayList<>(prompts.size());
            for (String prompt : prompts) {
                perPrompt.add(model.similarity(model.tokenizer().encode(prompt, true)));
            }
            stages.put(stage, tokenWeightedMean(perPrompt));
        });
        return new SublayerImportance(stages);
    }

    /**
     * Measures importance on the stage prompts of full-model pipeline runs over calibration
     * questions: every {@link StageOutcome#prompt()} of every run, grouped by stage in the order
     * stages first appear.
     */
    public static SublayerImportance measure(LanguageModel model, List<ReasoningResult> fullModelRuns) {
        Map<String, List<String>> prompts = new LinkedHashMap<>();
        for (ReasoningResult run : fullModelRuns) {
            for (StageOutcome outcome : run.stages()) {
                prompts.computeIfAbsent(outcome.stage(), s -> new ArrayList<>()).add(outcome.prompt());
            }
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no calibration runs to measure sublayer importance on");
        }
        return measure(model, prompts);
    }

    /** Number of layers covered. */
    public int layers() {
        return stages.values().iterator().next().layers();
    }

    /** The stage names, in pipeline order. */
    public List<String> stageNames() {
        return List.copyOf(stages.keySet());
    }

    /** The mean similarity of one stage. */
    public SublayerSimilarity similarity(String stage) {
        SublayerSimilarity s = stages.get(stage);
        if (s == null) {
            throw new NoSuchElementException("sublayer importance has no stage '" + stage + "' (stages are "
                    + stages.keySet() + ")");
        }
        return s;
    }

    /** The similarity accumulated over stages: per sublayer, the mean over stages. */
    public SublayerSimilarity accumulated() {
        int layers = layers();
        double[] attention = new double[layers];
        double[] mlp = new double[layers];
        int tokens = 0;
        for (SublayerSimilarity s : stages.values()) {
            for (int l = 0; l < layers; l++) {
                attention[l] += s.attention()[l];
                mlp[l] += s.mlp()[l];
            }
            tokens += s.tokens();
        }
        for (int l = 0; l < layers; l++) {
            attention[l] /= stages.size();
            mlp[l] /= stages.size();
        }
        return new SublayerSimilarity(attention, mlp, tokens);
    }

    /** The sublayers of {@code stage}, most skippable (highest similarity) first. */
    public List<Sublayer> ranking(String stage) {
        return rank(similarity(stage));
    }

    /** The sublayers by accumulated similarity, most skippable first. */
    public List<Sublayer> ranking() {
        return rank(accumulated());
    }

    /** Sublayers by descending similarity; ties keep execution order, so rankings are deterministic. */
    static List<Sublayer> rank(SublayerSimilarity similarity) {
        return IntStream.range(0, 2 * similarity.layers()).mapToObj(Sublayer::ofIndex)
                .sorted(Comparator.comparingDouble((Sublayer s) -> -similarity.of(s)).thenComparing(s -> s))
                .toList();
    }

    /** Per-sublayer mean over prompts, each weighted by its token count (plain mean if none has tokens). */
    static SublayerSimilarity tokenWeightedMean(List<SublayerSimilarity> parts) {
        int layers = parts.get(0).layers();
        long tokens = parts.stream().mapToLong(SublayerSimilarity::tokens).sum();
        double[] attention = new double[layers];
        double[] mlp = new double[layers];
        for (SublayerSimilarity p : parts) {
            if (p.layers() != layers) {
                throw new IllegalArgumentException("similarities cover " + layers + " and " + p.layers() + " layers");
            }
            double weight = tokens > 0 ? (double) p.tokens() / tokens : 1.0 / parts.size();
            for (int l = 0; l < layers; l++) {
                attention[l] += weight * p.attention()[l];
                mlp[l] += weight * p.mlp()[l];
            }
        }
        return new SublayerSimilarity(attention, mlp, (int) Math.min(Integer.MAX_VALUE, tokens));
    }
}
