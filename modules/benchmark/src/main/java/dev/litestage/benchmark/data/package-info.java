/**
 * Multiple-choice datasets as lists of {@link dev.litestage.reasoning.Question}s: OpenBookQA,
 * CommonsenseQA, StrategyQA, the project's reference benchmark, and user data in CSV or JSON Lines.
 *
 * <p>Entry points: {@link dev.litestage.benchmark.data.DatasetLoader#load(DatasetSpec)} for one
 * file, {@link dev.litestage.benchmark.data.Benchmark#load(java.nio.file.Path, Split)} for a known
 * benchmark under a dataset root. Every record is validated; a bad one is reported by file,
 * line (or array index) and field, and either fails the load or is skipped and counted
 * ({@link dev.litestage.benchmark.data.BadRecordPolicy}).
 */
package dev.litestage.benchmark.data;
