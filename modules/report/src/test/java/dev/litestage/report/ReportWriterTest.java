package dev.litestage.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final List<String> ALL_PLOTS =
            List.of("tradeoff.png", "stage-latency.png", "stage-tokens.png", "importance.png");

    /** One sample report shared by the tests that only read it; writing takes about a second. */
    @TempDir
    static Path sharedDir;
    private static ReportFiles sample;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeSample() throws Exception {
        sample = ReportWriter.write(SyntheticReports.sample(), sharedDir);
    }

    @Test
    void writesThePageFourPlotsOfTheConfiguredSizeAndTheTrialData() throws Exception {
        ChartSize size = new ChartSize(820, 500);
        ReportFiles files = ReportWriter.write(SyntheticReports.sample(), dir, size);

        assertEquals(dir.resolve("index.html"), files.index());
        assertEquals(ALL_PLOTS.stream().map(dir::resolve).toList(), files.plots());
        assertEquals(List.of(dir.resolve("trials.csv")), files.data());
        for (Path plot : files.plots()) {
            BufferedImage image = ImageIO.read(plot.toFile());
            assertNotNull(image, plot + " is not a readable image");
            assertEquals(size.width(), image.getWidth(), plot.toString());
            assertEquals(size.height(), image.getHeight(), plot.toString());
            assertFalse(isBlank(image), plot + " is blank");
        }
        try (Stream<Path> listing = Files.list(dir)) {
            assertEquals(Set.copyOf(files.all()), listing.collect(Collectors.toSet()),
                    "the directory holds exactly the reported files (no temporary leftovers)");
        }
    }

    @Test
    void defaultPlotSizeIs900By560() throws Exception {
        BufferedImage image = ImageIO.read(sample.plots().get(0).toFile());
        assertEquals(900, image.getWidth());
        assertEquals(560, image.getHeight());
    }

    @Test
    void everyImageThePageShowsIsAPngWrittenNextToIt() throws Exception {
        ReportPage page = ReportPage.read(sample.index());

        List<String> sources = page.select("//img/@src");
        assertEquals(ALL_PLOTS, sources);
        for (String source : sources) {
            Path image = sharedDir.resolve(source);
            assertTrue(Files.isRegularFile(image), source + " does not exist");
            byte[] bytes = Files.readAllBytes(image);
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), source + " is not a PNG");
            assertNotNull(ImageIO.read(image.toFile()), source + " is not decodable");
        }
        for (String alt : page.select("//img/@alt")) {
            assertTrue(alt.length() > 40, "alt text should describe the plot: " + alt);
        }
        assertEquals(ALL_PLOTS.size(), page.select("//figure/figcaption").size());
        for (String link : page.select("//a/@href")) {
            assertTrue(Files.isRegularFile(sharedDir.resolve(link)), link + " does not exist");
        }
    }

    @Test
    void pageIsSelfContained() throws Exception {
        ReportPage page = ReportPage.read(sample.index());

        assertTrue(page.select("//script").isEmpty(), "no scripts");
        assertTrue(page.select("//link").isEmpty(), "no external stylesheets");
        assertEquals(1, page.select("/html/head/style").size(), "inline CSS");
        for (String reference : page.select("//@src | //@href")) {
            assertFalse(reference.contains(":") || reference.startsWith("/") || reference.startsWith("//"),
                    "only relative local references, found " + reference);
        }
    }

    @Test
    void headlineAndSummaryShowSpeedupAndAccuracyLoss() throws Exception {
        // Full model 1000 ms / 72.5 %, profile 400 ms / 71.0 %.
        ReportPage page = ReportPage.read(sample.index());

        List<String> headline = page.select("//section[@id='headline']/div[contains(@class,'key')]/span[@class='value']");
        assertEquals(List.of("2.50\u00d7", "1.5 pts"), headline);
        assertEquals("2.50\u00d7", page.text("//tr[@class='key'][th[starts-with(.,'Speedup')]]/td"));
        assertEquals("1.5 pts", page.text("//tr[@class='key'][th[starts-with(.,'Accuracy loss')]]/td"));
        assertEquals("-1.5 pts", page.text("//tr[th='Accuracy']/td[3]"));
        assertEquals("-62.0%", page.text("//tr[th='Latency: analysis']/td[3]"));
        assertEquals("+10.0%", page.text("//tr[th='Tokens: recall']/td[3]"));
        assertEquals("37", page.text("//tr[th='Early exits: analysis']/td[2]"));
        assertEquals("1,000.0 ms", page.text("//tr[th='Total latency per question']/td[1]"));
    }

    @Test
    void aMeasuredSpeedupIsTheHeadlineAndTheLatencyRatioStaysInTheSummary() throws Exception {
        ReportFiles files = ReportWriter.write(SyntheticReports.sample()
                .withMeasuredSpeedup(new MeasuredSpeedup(2.31, "interleaved wall clock, median of 3 rounds")),
                dir.resolve("measured"));
        ReportPage page = ReportPage.read(files.index());

        assertEquals(List.of("2.31\u00d7", "1.5 pts"),
                page.select("//section[@id='headline']/div[contains(@class,'key')]/span[@class='value']"));
        assertTrue(page.text("//section[@id='headline']").contains("interleaved wall clock, median of 3 rounds"));
        assertEquals("2.50\u00d7", page.text("//tr[@class='key'][th='Speedup (full / profile latency)']/td"));
        assertEquals("2.31\u00d7",
                page.text("//tr[@class='key'][th='Speedup (interleaved wall clock, median of 3 rounds)']/td"));
    }

    @Test
    void pageShowsMetadataProfileExtraTablesAndProvenance() throws Exception {
        ReportPage page = ReportPage.read(sample.index());

        assertEquals("TinyLlama-1.1B-Chat-v1.0", page.text("//dt[.='Model']/following-sibling::dd[1]"));
        assertEquals("OpenBookQA", page.text("//dt[.='Dataset']/following-sibling::dd[1]"));
        assertEquals("test", page.text("//dt[.='Split']/following-sibling::dd[1]"));
        assertEquals("2025-06-01", page.text("//dt[.='Date']/following-sibling::dd[1]"));
        assertEquals("3, 5\u20137, 11", page.text("//section[@id='profile']//tr[th='recall']/td[1]"));
        assertEquals("window 8, threshold 0.55", page.text("//section[@id='profile']//tr[th='analysis']/td[4]"));
        assertEquals(List.of("strategy", "accuracy", "latency", "speedup"),
                page.select("//section[h2='Strategy comparison']//thead/tr/th"));
        assertEquals(3, page.select("//section[h2='Strategy comparison']//tbody/tr").size());
        assertEquals("0f1e2d3c4b5a", page.text("//footer//dt[.='MLflow run id']/following-sibling::dd[1]"));
        assertEquals("file:./mlruns", page.text("//footer//dt[.='tracking URI']/following-sibling::dd[1]"));
    }

    @Test
    void escapesEveryTextFromTheData() throws Exception {
        String evil = "<script>alert('x')</script>";
        ReportData data = SyntheticReports.sample(List.of("recall", evil, "answer"), SyntheticReports.trials(),
                Optional.empty());
        ReportPage page = ReportPage.read(ReportWriter.write(data, dir).index());

        assertFalse(page.html.contains("<script"), "raw script tag in the page");
        assertTrue(page.html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assertTrue(page.select("//script").isEmpty());
        // A reader sees the name literally, as text.
        assertEquals(evil, page.text("//section[@id='profile']//tbody/tr[2]/th"));
        assertEquals("Latency: " + evil, page.text("//section[@id='summary']//tbody/tr[3]/th"));
    }

    @Test
    void withoutTrialsTheTradeoffPlotIsLeftOutAndSaidSo() throws Exception {
        ReportData data = SyntheticReports.sample(SyntheticReports.STAGES, List.of(),
                Optional.of(SyntheticReports.importance(SyntheticReports.STAGES)));
        ReportFiles files = ReportWriter.write(data, dir);
        ReportPage page = ReportPage.read(files.index());

        assertFalse(Files.exists(dir.resolve("tradeoff.png")));
        assertFalse(Files.exists(dir.resolve("trials.csv")));
        assertTrue(files.data().isEmpty());
        assertEquals(List.of("stage-latency.png", "stage-tokens.png", "importance.png"), page.select("//img/@src"));
        assertTrue(page.select("//p[@class='note']").contains(new TradeoffChart().missingDataNote()));
    }

    @Test
    void withoutImportanceTheHeatmapIsLeftOutEvenIfAnOldOneIsThere() throws Exception {
        Files.write(dir.resolve("importance.png"), new byte[] {1, 2, 3});
        ReportData data = SyntheticReports.sample(SyntheticReports.STAGES, SyntheticReports.trials(), Optional.empty());
        ReportFiles files = ReportWriter.write(data, dir);
        ReportPage page = ReportPage.read(files.index());

        assertEquals(List.of("tradeoff.png", "stage-latency.png", "stage-tokens.png"), page.select("//img/@src"));
        assertFalse(files.all().contains(dir.resolve("importance.png")));
        assertTrue(page.select("//p[@class='note']").contains(new ImportanceHeatmap().missingDataNote()));
    }

    @Test
    void rewritingReplacesTheEarlierReport() throws Exception {
        ReportWriter.write(SyntheticReports.sample(), dir);
        ReportData smaller = SyntheticReports.sample(SyntheticReports.STAGES, SyntheticReports.trials().subList(0, 10),
                Optional.empty());
        ReportFiles files = ReportWriter.write(smaller, dir);

        assertEquals(11, Files.readAllLines(files.data().get(0)).size(), "header and ten trials");
        assertTrue(ReportPage.read(files.index()).select("//img/@alt").get(0).contains("10 search trials"));
    }

    @Test
    void trialsCsvHoldsEveryTrial() throws Exception {
        List<TrialPoint> trials = SyntheticReports.trials();
        try (Reader reader = Files.newBufferedReader(sample.data().get(0))) {
            List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(reader).getRecords();
            assertEquals(trials.size(), records.size());
            for (int i = 0; i < trials.size(); i++) {
                TrialPoint trial = trials.get(i);
                CSVRecord record = records.get(i);
                assertEquals(trial.name(), record.get("name"));
                assertEquals(trial.strategy(), record.get("strategy"));
                assertEquals(trial.latencyMs(), Double.parseDouble(record.get("latency_ms")), 5e-4);
                assertEquals(trial.accuracy(), Double.parseDouble(record.get("accuracy_pct")), 5e-4);
                assertEquals(trial.pareto(), Boolean.parseBoolean(record.get("pareto")));
                assertEquals(trial.chosen(), Boolean.parseBoolean(record.get("chosen")));
            }
        }
    }

    @Test
    void referenceCheckRejectsAnImageTheWriterDidNotWrite() throws Exception {
        Files.write(dir.resolve("stale.png"), new byte[] {1});
        Path written = dir.resolve("tradeoff.png");
        Files.write(written, new byte[] {1});
        ReportWriter.checkReferences("<img src=\"tradeoff.png\" alt=\"\"/>", dir, Set.of(written.toAbsolutePath()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ReportWriter.checkReferences(
                "<img src=\"tradeoff.png\"/><img alt=\"old\" src=\"stale.png\"/>", dir, Set.of(written.toAbsolutePath())));
        assertTrue(e.getMessage().startsWith("report page refers to 'stale.png'"), e.getMessage());
    }

    @Test
    void directoryForRejectsNamesThatLeaveTheReportsRoot() {
        Path root = Path.of("reports");
        assertEquals(root.resolve("obqa-tinyllama"), ReportWriter.directoryFor(root, "obqa-tinyllama"));
        for (String bad : List.of("..", "../etc", "a/b", "a\\b", " ", "x\ny")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ReportWriter.directoryFor(root, bad));
            assertTrue(e.getMessage().contains("experiment name"), e.getMessage());
        }
    }

    private static boolean isBlank(BufferedImage image) {
        int first = image.getRGB(0, 0);
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                if (image.getRGB(x, y) != first) {
                    return false;
                }
            }
        }
        return true;
    }
}
