/**
 * Evaluation: running the multi-stage pipeline over a dataset under one
 * {@link dev.litestage.reasoning.ReasoningProfile}, and summarizing accuracy and per-stage cost
 * ({@link dev.litestage.benchmark.eval.Evaluator}, {@link dev.litestage.benchmark.eval.EvaluationSummary},
 * {@link dev.litestage.benchmark.eval.QuestionResultsCsv}).
 */
package dev.litestage.benchmark.eval;
