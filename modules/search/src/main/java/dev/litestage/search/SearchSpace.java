package dev.litestage.search;

import dev.litestage.model.SkipMask;
import dev.litestage.model.Sublayer;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.search.importance.SublayerImportance;
import dev.litestage.search.trial.TrialConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The configurations a search can reach and how budgets become masks.
 *
 * <p>A budget {@code k} for stage {@code s} skips the {@code k} most skippable sublayers of the
 * stage's ranking ({@link BudgetRanking#PER_STAGE}) or of the ranking accumulated over stages
 * ({@link BudgetRanking#ACCUMULATED}). Searched configurations run with {@code earlyExit}; the
 * {@link #fullModel() full model} reference runs without.
 *
 * @param stages     the stage names in pipeline order
 * @param importance the sublayer importance measured on calibration prompts
 * @param ranking    which ranking budgets draw from
 * @param kmax       the most sublayers one stage may skip
 * @param earlyExit  the early exit of every searched configuration, unless tuned per stage
 * @param earlyExitCandidates the early exits a stage may be tuned to (empty: none)
 */
public record SearchSpace(List<String> stages, SublayerImportance importance, BudgetRanking ranking, int kmax,
                          EarlyExit earlyExit, List<EarlyExit> earlyExitCandidates) {

    /** A space whose configurations all run {@code earlyExit}. */
    public SearchSpace(List<String> stages, SublayerImportance importance, BudgetRanking ranking, int kmax,
                       EarlyExit earlyExit) {
        this(stages, importance, ranking, kmax, earlyExit, List.of());
    }

    public SearchSpace {
        stages = List.copyOf(stages);
        Objects.requireNonNull(importance, "importance");
        Objects.requireNonNull(ranking, "ranking");
        Objects.requireNonNull(earlyExit, "earlyExit");
        earlyExitCandidates = List.copyOf(earlyExitCandidates);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("search: the pipeline has no stages");
        }
        Set<String> seen = new HashSet<>();
        for (String stage : stages) {
            if (!seen.add(stage)) {
                throw new IllegalArgumentException("search: stage '" + stage + "' appears twice");
            }
            if (ranking == BudgetRanking.PER_STAGE && !importance.stages().containsKey(stage)) {
                throw new IllegalArgumentException("search.ranking: per-stage ranking needs the importance of stage '"
                        + stage + "', but it was measured for " + importance.stageNames());
            }
        }
        int sublayers = 2 * importance.layers();
        if (kmax < 0) {
            throw new IllegalArgumentException("search.kmax: must be >= 0, was " + kmax);
        }
        if (kmax > sublayers) {
            throw new IllegalArgumentException("search.kmax: " + kmax + " exceeds the model's " + sublayers
                    + " sublayers");
        }
    }

    /** The space a configuration searches; checks it against the model before any trial runs. */
    public static SearchSpace of(SearchConfig config, List<String> stages, SublayerImportance importance) {
        config.requireFits(2 * importance.layers());
        return new SearchSpace(stages, importance, config.ranking(), config.kmax(), config.earlyExit(),
                config.earlyExitCandidates());
    }

    /** The model's layer count. */
    public int layers() {
        return importance.layers();
    }

    /** The model's skippable sublayers, {@code 2 * layers}. */
    public int sublayers() {
        return 2 * layers();
    }

    /** The ranking stage {@code stage}'s budget draws from, most skippable first. */
    public List<Sublayer> ranking(String stage) {
        return ranking == BudgetRanking.PER_STAGE ? importance.ranking(stage) : importance.ranking();
    }

    /** The mask of stage {@code stage} under budget {@code k}: its ranking's top {@code k}. */
    public SkipMask budgetMask(String stage, int k) {
        return topOf(ranking(stage), k);
    }

    /** The configuration with budget {@code budgets[i]} for stage {@code i}. */
    public TrialConfig budgets(int... budgets) {
        if (budgets.length != stages.size()) {
            throw new IllegalArgumentException(budgets.length + " budgets for " + stages.size() + " stages");
        }
        List<SkipMask> masks = new ArrayList<>(stages.size());
        for (int i = 0; i < budgets.length; i++) {
            masks.add(budgetMask(stages.get(i), budgets[i]));
        }
        return masks(masks);
    }

    /** The configuration running {@code masks.get(i)} in stage {@code i}, with the space's early exit. */
    public TrialConfig masks(List<SkipMask> masks) {
        return TrialConfig.of(stages, masks, earlyExit);
    }

    /** The configuration running {@code mask} in every stage, with the space's early exit. */
    public TrialConfig shared(SkipMask mask) {
        return masks(Collections.nCopies(stages.size(), mask));
    }

    /** The reference: nothing skipped and no early exit in any stage. */
    public TrialConfig fullModel() {
        return TrialConfig.of(stages, Collections.nCopies(stages.size(), SkipMask.none(layers())), EarlyExit.OFF);
    }

    /**
     * The uniform ("unified") baseline's mask: {@code k} sublayers evenly spaced over depth,
     * ignoring importance. Sublayers are taken in execution order ({@code attn:0, mlp:0, attn:1,
     * ...}, index {@code 2*layer} or {@code 2*layer+1}); the {@code i}-th skipped one, for
     * {@code i = 0..k-1}, has index {@code floor((2i + 1) * n / (2k))} with {@code n = 2 * layers}:
     * the centre of the {@code i}-th of {@code k} equal slices.
     */
    public SkipMask uniformMask(int k) {
        int n = sublayers();
        checkCount(k, n);
        List<Sublayer> skipped = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            skipped.add(Sublayer.ofIndex((int) ((2L * i + 1) * n / (2L * k))));
        }
        return SkipMask.of(layers(), skipped);
    }

    /** The AdaSkip-style baseline's mask: the top {@code n} of the accumulated ranking. */
    public SkipMask globalTopMask(int n) {
        return topOf(importance.ranking(), n);
    }

    private SkipMask topOf(List<Sublayer> ranking, int k) {
        checkCount(k, ranking.size());
        return SkipMask.of(layers(), ranking.subList(0, k));
    }

    private static void checkCount(int k, int sublayers) {
        if (k < 0 || k > sublayers) {
            throw new IllegalArgumentException("cannot skip " + k + " of " + sublayers + " sublayers");
        }
    }
}
