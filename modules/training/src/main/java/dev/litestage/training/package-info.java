/**
 * Training the project's reference model from scratch in SameDiff.
 *
 * <p>{@link dev.litestage.training.ReferenceModelTrainer} trains a Llama decoder (grouped-query
 * attention, RoPE, SwiGLU, RMSNorm) on the reference benchmark's training documents
 * ({@link dev.litestage.training.ReferenceCorpus}) with a closed word-level vocabulary
 * ({@link dev.litestage.training.WordLevelTokenizer}), and writes a Hugging Face model directory
 * that the inference engine loads. {@link dev.litestage.training.TrainingConfig} holds every
 * setting; {@link dev.litestage.training.ModelQualityCheck} measures the result on held-out
 * questions through the real multi-stage pipeline.
 *
 * <p>Runs are deterministic (seeded initialization and data order, ND4J on one thread) and
 * resumable: a killed run continues from its last checkpoint and ends exactly where an
 * uninterrupted run would.
 */
package dev.litestage.training;
