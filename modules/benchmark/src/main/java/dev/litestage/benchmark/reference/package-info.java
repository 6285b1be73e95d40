/**
 * The reference benchmark: a seeded, procedurally generated closed-book world of animals, the
 * foods they eat and the places those foods grow, with multiple-choice questions over it whose
 * gold Recall, Analyze and Summarize texts follow the multi-stage prompt format exactly. A small
 * language model trained on {@link dev.litestage.benchmark.reference.ReferenceBenchmark#trainingTexts()}
 * can learn it, which the public benchmarks do not allow without a downloadable model.
 *
 * <p>Start at {@link dev.litestage.benchmark.reference.ReferenceWorld#generate(long, WorldSize)},
 * then {@link dev.litestage.benchmark.reference.ReferenceBenchmark#generate(ReferenceWorld, BenchmarkSize, long)}
 * and {@link dev.litestage.benchmark.reference.ReferenceBenchmarkWriter#write(ReferenceBenchmark, java.nio.file.Path)}.
 */
package dev.litestage.benchmark.reference;
