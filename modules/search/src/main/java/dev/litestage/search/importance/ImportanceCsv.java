package dev.litestage.search.importance;

import dev.litestage.model.Sublayer;
import dev.litestage.model.SublayerSimilarity;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The sublayer-importance table: columns {@code stage, sublayer, layer, kind, similarity, rank};
 * per stage (pipeline order) one row per sublayer in rank order (1 = skipped first), then the
 * accumulated ranking under stage {@value SublayerImportance#ACCUMULATED}.
 */
public final class ImportanceCsv {

    static final String[] HEADER = {"stage", "sublayer", "layer", "kind", "similarity", "rank"};

    private ImportanceCsv() {
    }

    /** Writes {@code importance} to {@code file} (parent directories created). */
    public static void write(SublayerImportance importance, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(HEADER).setRecordSeparator('\n').get();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, format)) {
            for (String stage : importance.stageNames()) {
                print(csv, stage, importance.similarity(stage), importance.ranking(stage));
            }
            print(csv, SublayerImportance.ACCUMULATED, importance.accumulated(), importance.ranking());
        }
    }

    private static void print(CSVPrinter csv, String stage, SublayerSimilarity similarity, List<Sublayer> ranking)
            throws IOException {
        int rank = 1;
        for (Sublayer s : ranking) {
            csv.printRecord(stage, s.toString(), s.layer(), s.kind().token(), similarity.of(s), rank++);
        }
    }

    /**
     * Reads a table written by {@link #write} back; the accumulated rows are checked for presence
     * but recomputed from the stages. Token counts are not stored and read back as 0.
     *
     * @throws IllegalArgumentException naming the file, line and field of the first bad value
     */
    public static SublayerImportance read(Path file) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        Map<String, Map<Integer, Double>> values = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVParser.parse(in, format)) {
            for (String column : HEADER) {
                if (!csv.getHeaderMap().containsKey(column)) {
                    throw new IllegalArgumentException(file + " line 1: missing column '" + column + "' (expected "
                            + String.join(",", HEADER) + ")");
                }
            }
            for (CSVRecord row : csv) {
                String where = file + " line " + csv.getCurrentLineNumber();
                String stage = field(row, "stage", where);
                String token = field(row, "sublayer", where);
                Sublayer sublayer = parseSublayer(token, where);
                int layer = integer(row, "layer", where);
                if (layer != sublayer.layer()) {
                    throw new IllegalArgumentException(where + ": field layer: " + layer + " contradicts sublayer " + token);
                }
                Sublayer.Kind kind = Sublayer.Kind.parse(field(row, "kind", where));
                if (kind != sublayer.kind()) {
                    throw new IllegalArgumentException(where + ": field kind: '" + row.get("kind")
                            + "' contradicts sublayer " + token);
                }
                double similarity = number(row, "similarity", where);
                integer(row, "rank", where);
                if (values.computeIfAbsent(stage, s -> new LinkedHashMap<>()).put(sublayer.index(), similarity) != null) {
                    throw new IllegalArgumentException(where + ": field sublayer: " + token + " appears twice for stage '"
                            + stage + "'");
                }
            }
        }
        if (values.remove(SublayerImportance.ACCUMULATED) == null) {
            throw new IllegalArgumentException(file + ": no rows for the accumulated ranking (stage '"
                    + SublayerImportance.ACCUMULATED + "')");
        }
        Map<String, SublayerSimilarity> stages = new LinkedHashMap<>();
        for (Map.Entry<String, Map<Integer, Double>> e : values.entrySet()) {
            stages.put(e.getKey(), toSimilarity(file, e.getKey(), e.getValue()));
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException(file + ": no stage rows");
        }
        return new SublayerImportance(stages);
    }

    private static SublayerSimilarity toSimilarity(Path file, String stage, Map<Integer, Double> byIndex) {
        int count = byIndex.size();
        if (count % 2 != 0) {
            throw new IllegalArgumentException(file + ": stage '" + stage + "': " + count
                    + " sublayers, expected an attention and an MLP row per layer");
        }
        int layers = count / 2;
        double[] attention = new double[layers];
        double[] mlp = new double[layers];
        for (int i = 0; i < count; i++) {
            Double v = byIndex.get(i);
            if (v == null) {
                throw new IllegalArgumentException(file + ": stage '" + stage + "': missing sublayer " + Sublayer.ofIndex(i));
            }
            (i % 2 == 0 ? attention : mlp)[i / 2] = v;
        }
        return new SublayerSimilarity(attention, mlp, 0);
    }

    private static Sublayer parseSublayer(String token, String where) {
        int colon = token.indexOf(':');
        Sublayer.Kind kind = colon < 0 ? null : Sublayer.Kind.parse(token.substring(0, colon));
        try {
            if (kind != null) {
                return new Sublayer(Integer.parseInt(token.substring(colon + 1).trim()), kind);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(where + ": field sublayer: expected attn:LAYER or mlp:LAYER, found '"
                + token + "'");
    }

    private static String field(CSVRecord row, String column, String where) {
        if (!row.isSet(column)) {
            throw new IllegalArgumentException(where + ": field " + column + ": missing");
        }
        return row.get(column).trim();
    }

    private static int integer(CSVRecord row, String column, String where) {
        String text = field(row, column, where);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": field " + column + ": expected an integer, found '" + text + "'", e);
        }
    }

    private static double number(CSVRecord row, String column, String where) {
        String text = field(row, column, where);
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(where + ": field " + column + ": expected a finite number, found '" + text + "'");
    }
}
