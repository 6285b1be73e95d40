package dev.litestage.experiment.config;

import dev.litestage.benchmark.data.Benchmark;
import dev.litestage.benchmark.data.Dataset;
import dev.litestage.benchmark.data.DatasetFormat;
import dev.litestage.benchmark.data.DatasetLoader;
import dev.litestage.benchmark.data.DatasetSpec;
import dev.litestage.benchmark.data.Split;
import dev.litestage.reasoning.Question;
import java.util.List;

/** Loads an experiment's questions for a split, sampled as its data plan says. */
public final class ExperimentData {

    private ExperimentData() {
    }

    /** The selection split's questions (the search's dev set). */
    public static Dataset selection(Experiment.DataPlan plan) {
        return load(plan, plan.selectSplit(), plan.selectSample());
    }

    /** The evaluation split's questions (reported accuracy). */
    public static Dataset evaluation(Experiment.DataPlan plan) {
        return load(plan, plan.evalSplit(), plan.evalSample());
    }

    /** {@code split}'s questions, {@code sample} of them (0 = all), sampled with the plan's seed. */
    public static Dataset load(Experiment.DataPlan plan, Split split, int sample) {
        DatasetSpec spec;
        if (plan.root() != null) {
            spec = Benchmark.parse(plan.benchmark()).spec(plan.root(), split);
        } else {
            DatasetFormat format = DatasetFormat.parse(plan.benchmark());
            spec = (format == DatasetFormat.CSV ? DatasetSpec.csv(plan.files().get(split), plan.mapping())
                    : DatasetSpec.jsonl(plan.files().get(split), plan.mapping()))
                    .withExpectedOptions(plan.options());
        }
        Dataset data = DatasetLoader.load(spec.withPolicy(plan.onBadRecord()));
        return sample > 0 && sample < data.size() ? data.sample(sample, plan.sampleSeed()) : data;
    }

    /** The questions of {@code data}, failing clearly when a split is empty. */
    public static List<Question> questions(Dataset data) {
        if (data.questions().isEmpty()) {
            throw new IllegalArgumentException("dataset " + data.name() + " has no usable questions");
        }
        return data.questions();
    }
}
