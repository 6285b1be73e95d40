package dev.litestage.training;

import dev.litestage.benchmark.reference.BenchmarkSize;
import dev.litestage.benchmark.reference.ReferenceBenchmark;
import dev.litestage.benchmark.reference.ReferenceDocument;
import dev.litestage.benchmark.reference.ReferenceQuestion;
import dev.litestage.benchmark.reference.ReferenceWorld;
import dev.litestage.benchmark.reference.WorldSize;
import dev.litestage.reasoning.Question;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The reference benchmark a {@link TrainingConfig} describes, and what a model learns it from.
 *
 * @param benchmark the generated benchmark (world, train, dev and test questions)
 */
public record ReferenceCorpus(ReferenceBenchmark benchmark) {

    public ReferenceCorpus {
        Objects.requireNonNull(benchmark, "benchmark");
    }

    /** Generates the world and benchmark of {@code config} (a pure function of its seeds and sizes). */
    public static ReferenceCorpus of(TrainingConfig config) {
        ReferenceWorld world = ReferenceWorld.generate(config.worldSeed(),
                new WorldSize(config.animals(), config.foods(), config.places()));
        return new ReferenceCorpus(ReferenceBenchmark.generate(world,
                new BenchmarkSize(config.trainQuestions(), config.devQuestions(), config.testQuestions()),
                config.benchmarkSeed()));
    }

    /**
     * The training corpus: the benchmark's training texts (fact sentences and training documents),
     * with the dev and test question blocks added to the vocabulary only.
     */
    public TrainingCorpus corpus() {
        List<String> extra = new ArrayList<>();
        for (List<ReferenceQuestion> split : List.of(benchmark.dev(), benchmark.test())) {
            split.forEach(q -> extra.add(ReferenceDocument.questionBlock(q.question())));
        }
        return new TrainingCorpus(benchmark.trainingTexts(), extra, devQuestions());
    }

    /** The development questions, gold stages included. */
    public List<Question> devQuestions() {
        return benchmark.dev().stream().map(ReferenceQuestion::question).toList();
    }

    /** The test questions, gold stages included. */
    public List<Question> testQuestions() {
        return benchmark.test().stream().map(ReferenceQuestion::question).toList();
    }
}
