package dev.litestage.benchmark.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The benchmarks the project knows, with their conventional layout under a dataset root:
 *
 * <table>
 *   <caption>files per split, relative to the root</caption>
 *   <tr><th>benchmark</th><th>train</th><th>dev</th><th>test</th></tr>
 *   <tr><td>obqa</td><td>obqa/train.jsonl</td><td>obqa/dev.jsonl</td><td>obqa/test.jsonl</td></tr>
 *   <tr><td>csqa</td><td>csqa/train_rand_split.jsonl</td><td>csqa/dev_rand_split.jsonl</td><td>csqa/dev_rand_split.jsonl</td></tr>
 *   <tr><td>strategyqa</td><td>strategyqa/train.json</td><td>strategyqa/dev.json</td><td>strategyqa/dev.json</td></tr>
 *   <tr><td>reference</td><td>reference/train.jsonl</td><td>reference/dev.jsonl</td><td>reference/test.jsonl</td></tr>
 * </table>
 *
 * CommonsenseQA's test labels are not public and StrategyQA's labelled release has no test part,
 * so for both the dev file is the test set, as in the literature; their DEV and TEST splits are
 * the same file.
 */
public enum Benchmark {

    OBQA("obqa", DatasetFormat.OBQA, "train.jsonl", "dev.jsonl", "test.jsonl"),
    CSQA("csqa", DatasetFormat.CSQA, "train_rand_split.jsonl", "dev_rand_split.jsonl", "dev_rand_split.jsonl"),
    STRATEGYQA("strategyqa", DatasetFormat.STRATEGYQA, "train.json", "dev.json", "dev.json"),
    REFERENCE("reference", DatasetFormat.REFERENCE, "train.jsonl", "dev.jsonl", "test.jsonl");

    private final String id;
    private final DatasetFormat format;
    private final String train;
    private final String dev;
    private final String test;

    Benchmark(String id, DatasetFormat format, String train, String dev, String test) {
        this.id = id;
        this.format = format;
        this.train = train;
        this.dev = dev;
        this.test = test;
    }

    /** The benchmark's name and directory under a dataset root ({@code obqa}). */
    public String id() {
        return id;
    }

    public DatasetFormat format() {
        return format;
    }

    /** The file name of {@code split} inside the benchmark's directory. */
    public String fileName(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case DEV -> dev;
            case TEST -> test;
        };
    }

    /** The file of {@code split} under the dataset root {@code root}: {@code root/obqa/test.jsonl}. */
    public Path file(Path root, Split split) {
        return root.resolve(id).resolve(fileName(split));
    }

    /** The spec of {@code split} under {@code root}, named {@code obqa/test}, failing on bad records. */
    public DatasetSpec spec(Path root, Split split) {
        return DatasetSpec.of(format, file(root, split)).withName(id + "/" + split.id());
    }

    /** Loads {@code split} from under {@code root}. */
    public Dataset load(Path root, Split split) {
        return DatasetLoader.load(spec(root, split));
    }

    /** Parses a benchmark name ({@code obqa}, {@code CSQA}, ...). */
    public static Benchmark parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(b -> b.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown benchmark '" + text + "': expected one of "
                        + Arrays.stream(values()).map(Benchmark::id).toList()));
    }
}
