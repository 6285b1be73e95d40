/**
 * Trials: one configuration measured on a question set. The {@link dev.litestage.search.trial.TrialEvaluator}
 * seam, caching and the append-only journal that makes searches resumable, the trial budget, and
 * robust latency measurement.
 */
package dev.litestage.search.trial;
