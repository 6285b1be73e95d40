package dev.litestage.benchmark.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litestage.benchmark.data.Dataset;
import dev.litestage.benchmark.data.DatasetFormat;
import dev.litestage.benchmark.data.DatasetLoader;
import dev.litestage.benchmark.data.DatasetSpec;
import dev.litestage.benchmark.data.Split;
import dev.litestage.reasoning.Question;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default-size benchmark, checked from its files with the dataset loader and independent
 * parsing of the gold texts (not with the generator's own bookkeeping).
 */
class ReferenceBenchmarkTest {

    private static final Pattern PIECE = Pattern.compile(
            "For option ([A-Z]), the ([a-z]+) eats ([a-z]+)(?:, which grow in the ([a-z]+))?, so (yes|no)\\.");
    private static final Pattern ONE_HOP_STEM = Pattern.compile("Which animal eats ([a-z]+)\\?");
    private static final Pattern TWO_HOP_STEM = Pattern.compile("Which animal eats food from the ([a-z]+)\\?");
    private static final Pattern ANSWER = Pattern.compile("the answer is option ([A-Z])\\.");

    @TempDir
    static Path dir;

    static ReferenceWorld world;
    static ReferenceBenchmark benchmark;
    static Map<Split, List<Question>> loaded = new EnumMap<>(Split.class);
    static Map<Split, List<String>> levels = new EnumMap<>(Split.class);

    @BeforeAll
    static void writeDefaultBenchmark() throws IOException {
        world = ReferenceWorld.generate(2024, WorldSize.DEFAULT);
        benchmark = ReferenceBenchmark.generate(world, BenchmarkSize.DEFAULT, 99);
        ReferenceBenchmarkWriter.write(benchmark, dir);
        ObjectMapper mapper = new ObjectMapper();
        for (Split split : Split.values()) {
            Path file = dir.resolve(split.id() + ".jsonl");
            Dataset dataset = DatasetLoader.load(DatasetSpec.of(DatasetFormat.REFERENCE, file));
            assertEquals(0, dataset.skippedCount());
            loaded.put(split, dataset.questions());
            List<String> splitLevels = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                splitLevels.add(mapper.readTree(line).get("level").asText());
            }
            levels.put(split, splitLevels);
        }
    }

    @Test
    void everyFileLoadsWithTheDatasetLoaderAsGenerated() {
        assertEquals(4000, loaded.get(Split.TRAIN).size());
        assertEquals(200, loaded.get(Split.DEV).size());
        assertEquals(300, loaded.get(Split.TEST).size());
        for (Split split : Split.values()) {
            assertEquals(benchmark.split(split).stream().map(ReferenceQuestion::question).toList(), loaded.get(split));
            assertEquals(benchmark.split(split).stream().map(q -> q.level().id()).toList(), levels.get(split));
        }
    }

    @Test
    void goldTextsAgreeWithEachOtherAndWithTheWorld() {
        for (Split split : Split.values()) {
            for (Question q : loaded.get(split)) {
                assertEquals(4, q.options().size(), q.id());
                Matcher oneHop = ONE_HOP_STEM.matcher(q.stem());
                Matcher twoHop = TWO_HOP_STEM.matcher(q.stem());
                boolean isOneHop = oneHop.matches();
                assertTrue(isOneHop || twoHop.matches(), q.stem());
                String subject = isOneHop ? oneHop.group(1) : twoHop.group(1);

                List<Matcher> pieces = pieces(q.goldStages().get("analyze"));
                assertEquals(4, pieces.size(), q.id());
                List<String> yes = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Matcher piece = pieces.get(i);
                    String animal = piece.group(2);
                    String food = piece.group(3);
                    assertEquals(q.options().get(i).label(), piece.group(1));
                    assertEquals(q.options().get(i).text(), animal);
                    assertEquals(world.foodOf(animal), food, q.id());
                    assertEquals(isOneHop, piece.group(4) == null, q.id());
                    if (!isOneHop) {
                        assertEquals(world.placeOf(food), piece.group(4), q.id());
                    }
                    boolean correct = isOneHop ? food.equals(subject) : world.placeOf(food).equals(subject);
                    assertEquals(correct ? "yes" : "no", piece.group(5), q.id());
                    if (correct) {
                        yes.add(piece.group(1));
                    }
                }
                assertEquals(List.of(q.answerKey()), yes, q.id() + ": exactly one option says 'so yes', the gold one");

                Matcher answer = ANSWER.matcher(q.goldStages().get("summarize"));
                assertTrue(answer.find(), q.id());
                assertEquals(q.answerKey(), answer.group(1));
                assertEquals("So the answer is option " + q.answerKey() + ".", q.goldStages().get("summarize"));

                String expectedRecall = isOneHop
                        ? String.join(" and ", world.eatersOf(subject).stream().map(a -> "the " + a).toList())
                                + (world.eatersOf(subject).size() == 1 ? " eats " : " eat ") + subject + "."
                        : String.join(" and ", world.foodsOf(subject)) + " grow in the " + subject + ".";
                assertEquals(expectedRecall, q.goldStages().get("recall"), q.id());
            }
        }
    }

    @Test
    void splitsAreDisjointByNormalizedQuestionAndOptionSet() {
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (Split split : Split.values()) {
            for (Question q : loaded.get(split)) {
                total++;
                assertTrue(seen.add(key(q)), split + " " + q.id() + " repeats an earlier question: " + key(q));
            }
        }
        assertEquals(4500, total);
    }

    @Test
    void everyFactADevOrTestQuestionNeedsIsStatedInTraining() throws IOException {
        Set<String> trainingQuestionFacts = new HashSet<>();
        loaded.get(Split.TRAIN).forEach(q -> trainingQuestionFacts.addAll(statedFacts(q)));
        Set<String> factSentences = new HashSet<>(Files.readAllLines(dir.resolve("facts.txt")));

        assertEquals(world.facts().size(), factSentences.size());
        for (Split split : List.of(Split.DEV, Split.TEST)) {
            for (Question q : loaded.get(split)) {
                for (String fact : statedFacts(q)) {
                    assertTrue(trainingQuestionFacts.contains(fact), q.id() + ": '" + fact + "' is in no training question");
                    assertTrue(factSentences.contains(fact), q.id() + ": '" + fact + "' is not in facts.txt");
                }
            }
        }
        assertTrue(benchmark.trainingTexts().containsAll(factSentences));
    }

    @Test
    void answerPositionsAreBalancedPerSplitAndPerLevel() {
        for (Split split : Split.values()) {
            List<Question> questions = loaded.get(split);
            assertBalanced(split.toString(), questions);
            for (String level : List.of("one-hop", "two-hop")) {
                List<Question> ofLevel = new ArrayList<>();
                for (int i = 0; i < questions.size(); i++) {
                    if (levels.get(split).get(i).equals(level)) {
                        ofLevel.add(questions.get(i));
                    }
                }
                assertBalanced(split + " " + level, ofLevel);
            }
        }
    }

    @Test
    void eachSplitIsHalfOneHopHalfTwoHop() {
        for (Split split : Split.values()) {
            List<String> splitLevels = levels.get(split);
            long oneHop = splitLevels.stream().filter("one-hop"::equals).count();
            assertEquals((splitLevels.size() + 1) / 2, oneHop, split.toString());
            assertEquals(splitLevels.size() - oneHop, splitLevels.stream().filter("two-hop"::equals).count());
        }
    }

    @Test
    void trainingTextsAreTheFactsThenTheTrainingDocuments() {
        List<String> texts = benchmark.trainingTexts();
        List<String> facts = benchmark.factSentences();

        assertEquals(facts.size() + 4000, texts.size());
        assertEquals(facts, texts.subList(0, facts.size()));
        Question first = loaded.get(Split.TRAIN).get(0);
        String document = texts.get(facts.size());
        assertEquals(ReferenceDocument.render(first), document);
        assertTrue(document.startsWith(first.stem() + "\n(A) " + first.options().get(0).text() + " (B) "));
        assertTrue(document.contains("\nRecall: " + first.goldStages().get("recall") + "\nAnalyze: For option A, "));
        assertTrue(document.endsWith("\nSummarize: So the answer is option " + first.answerKey() + "."));
        assertFalse(document.contains("  "), "single spaces only");
    }

    @Test
    void worldJsonDescribesTheWorld() throws IOException {
        JsonNode json = new ObjectMapper().readTree(dir.resolve("world.json").toFile());

        assertEquals(2024, json.get("seed").asLong());
        assertEquals(world.animals().size(), json.get("animals").size());
        assertEquals(world.foodOf("" + world.animals().get(5)), json.get("eats").get(world.animals().get(5)).asText());
        assertEquals(world.placeOf(world.foods().get(2)), json.get("grows_in").get(world.foods().get(2)).asText());
        assertEquals(99, json.get("benchmark").get("seed").asLong());
        assertEquals(300, json.get("benchmark").get("test").asInt());
    }

    private static void assertBalanced(String what, List<Question> questions) {
        Map<String, Integer> counts = new TreeMap<>(Map.of("A", 0, "B", 0, "C", 0, "D", 0));
        questions.forEach(q -> counts.merge(q.answerKey(), 1, Integer::sum));
        int max = counts.values().stream().max(Integer::compare).orElseThrow();
        int min = counts.values().stream().min(Integer::compare).orElseThrow();
        assertTrue(max - min <= 1, what + " answer positions are unbalanced: " + counts);
    }

    private static List<Matcher> pieces(String analyze) {
        List<Matcher> pieces = new ArrayList<>();
        Matcher m = PIECE.matcher(analyze);
        StringBuilder rebuilt = new StringBuilder();
        while (m.find()) {
            pieces.add(PIECE.matcher(m.group()));
            pieces.get(pieces.size() - 1).matches();
            rebuilt.append(rebuilt.length() == 0 ? "" : " ").append(m.group());
        }
        assertEquals(analyze, rebuilt.toString(), "the analysis is exactly its option pieces");
        return pieces;
    }

    /** The facts a question's gold texts state, as fact sentences, read from the text alone. */
    private static Set<String> statedFacts(Question q) {
        Set<String> facts = new LinkedHashSet<>();
        for (Matcher piece : pieces(q.goldStages().get("analyze"))) {
            facts.add("the " + piece.group(2) + " eats " + piece.group(3) + ".");
            if (piece.group(4) != null) {
                facts.add(piece.group(3) + " grow in the " + piece.group(4) + ".");
            }
        }
        String recall = q.goldStages().get("recall");
        Matcher eaters = Pattern.compile("(.+) eats? ([a-z]+)\\.").matcher(recall);
        Matcher grows = Pattern.compile("(.+) grow in the ([a-z]+)\\.").matcher(recall);
        if (grows.matches()) {
            for (String food : grows.group(1).split(" and ")) {
                facts.add(food + " grow in the " + grows.group(2) + ".");
            }
        } else {
            assertTrue(eaters.matches(), recall);
            for (String animal : eaters.group(1).split(" and ")) {
                facts.add(animal + " eats " + eaters.group(2) + ".");
            }
        }
        return facts;
    }

    private static String key(Question q) {
        return q.stem().trim().toLowerCase(Locale.ROOT) + " | "
                + q.options().stream().map(o -> o.text().trim().toLowerCase(Locale.ROOT)).sorted().toList();
    }

    @Test
    void byteForByteReproducible() throws IOException {
        Path again = Files.createTempDirectory(dir, "again");
        ReferenceBenchmarkWriter.write(ReferenceBenchmark.generate(ReferenceWorld.generate(2024, WorldSize.DEFAULT),
                BenchmarkSize.DEFAULT, 99), again);

        for (String file : List.of("train.jsonl", "dev.jsonl", "test.jsonl", "facts.txt", "world.json")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(file)), Files.readAllBytes(again.resolve(file)), file);
        }
    }
}
