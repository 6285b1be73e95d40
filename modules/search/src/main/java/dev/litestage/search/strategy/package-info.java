/**
 * Search strategies: LiteStage's greedy stage-wise search, a Jenetics genetic algorithm, Jenetics
 * NSGA-II, and the baselines (no skipping, uniform, AdaSkip-style).
 */
package dev.litestage.search.strategy;
