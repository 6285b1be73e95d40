/**
 * Stage-wise layer-allocation search, the offline half of LiteStage: which sublayers each
 * reasoning stage skips for the lowest end-to-end latency within an accuracy target.
 *
 * <p>Entry points: {@link dev.litestage.search.strategy.LayerAllocationSearch#run} on the dev split,
 * {@link dev.litestage.search.FinalEvaluation} on the test split, and
 * {@link dev.litestage.search.TrialTable} for {@code trials.csv} and {@code pareto.csv}.
 */
package dev.litestage.search;
