package dev.litestage.benchmark.reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litestage.benchmark.data.Split;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.StageSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Writes a reference benchmark to a directory:
 * <ul>
 *   <li>{@code train.jsonl}, {@code dev.jsonl}, {@code test.jsonl}: one question per line in the
 *       OpenBookQA layout ({@code id}, {@code question.stem}, {@code question.choices[{text,label}]},
 *       {@code answerKey}) plus {@code level} ({@code one-hop}/{@code two-hop}) and {@code stages}
 *       ({@code recall}, {@code analyze}, {@code summarize}), readable with
 *       {@link dev.litestage.benchmark.data.DatasetFormat#REFERENCE} (or {@code OBQA});</li>
 *   <li>{@code facts.txt}: every fact sentence, one per line;</li>
 *   <li>{@code world.json}: the world (seed, entities, {@code eats}, {@code grows_in}) and the
 *       benchmark's seed and split sizes.</li>
 * </ul>
 * Output is byte-for-byte a function of the benchmark: fixed key order, {@code \n} line ends,
 * UTF-8. Each file is written beside its target and moved into place, so a file is either the old
 * one or complete.
 */
public final class ReferenceBenchmarkWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReferenceBenchmarkWriter() {
    }

    /**
     * Writes {@code benchmark} into {@code dir} (created when absent), replacing earlier files.
     *
     * @return {@code dir}
     */
    public static Path write(ReferenceBenchmark benchmark, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Split split : Split.values()) {
            StringBuilder lines = new StringBuilder();
            for (ReferenceQuestion question : benchmark.split(split)) {
                lines.append(jsonLine(question)).append('\n');
            }
            replace(dir.resolve(split.id() + ".jsonl"), lines.toString());
        }
        replace(dir.resolve("facts.txt"), String.join("\n", benchmark.factSentences()) + "\n");
        replace(dir.resolve("world.json"), worldJson(benchmark) + "\n");
        return dir;
    }

    /** The file line of one question. */
    static String jsonLine(ReferenceQuestion reference) {
        Question q = reference.question();
        ObjectNode record = MAPPER.createObjectNode();
        record.put("id", q.id());
        ObjectNode question = record.putObject("question");
        question.put("stem", q.stem());
        ArrayNode choices = question.putArray("choices");
        for (Question.Option option : q.options()) {
            choices.addObject().put("text", option.text()).put("label", option.label());
        }
        record.put("answerKey", q.answerKey());
        record.put("level", reference.level().id());
        ObjectNode stages = record.putObject("stages");
        stages.put(StageSpec.RECALL, reference.recall());
        stages.put(StageSpec.ANALYZE, reference.analyze());
        stages.put(StageSpec.SUMMARIZE, reference.summarize());
        return toJson(record, false);
    }

    private static String worldJson(ReferenceBenchmark benchmark) {
        ReferenceWorld world = benchmark.world();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("seed", world.seed());
        strings(root.putArray("animals"), world.animals());
        strings(root.putArray("foods"), world.foods());
        strings(root.putArray("places"), world.places());
        pairs(root.putObject("eats"), world.eats());
        pairs(root.putObject("grows_in"), world.growsIn());
        ObjectNode questions = root.putObject("benchmark");
        questions.put("seed", benchmark.seed());
        questions.put("train", benchmark.train().size());
        questions.put("dev", benchmark.dev().size());
        questions.put("test", benchmark.test().size());
        return toJson(root, true);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void pairs(ObjectNode object, Map<String, String> map) {
        map.forEach(object::put);
    }

    private static String toJson(ObjectNode node, boolean pretty) {
        try {
            if (!pretty) {
                return MAPPER.writeValueAsString(node);
            }
            // The default pretty printer ends lines with the platform's separator; files must not depend on it.
            DefaultIndenter newlines = new DefaultIndenter("  ", "\n");
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(newlines).withArrayIndenter(newlines);
            return MAPPER.writer(printer).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings and numbers could not be written", e);
        }
    }

    private static void replace(Path target, String content) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.writeString(partial, content, StandardCharsets.UTF_8);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
