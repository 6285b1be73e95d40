package dev.litestage.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report page: one self-contained HTML document (inline CSS, no scripts, no external
 * resources) that refers only to the plots and data files next to it. The markup is also
 * well-formed XML, so tools without an HTML parser can read it. Every text from the data is
 * escaped.
 */
final class HtmlReport {

    private static final String CSS = """
            body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #222;
                   max-width: 1000px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
            h1 { font-size: 1.7em; margin-bottom: 0.2em; }
            h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; }
            h3 { font-size: 1.1em; margin-top: 1.5em; }
            dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; margin: 0.5em 0; }
            dl.meta dt { font-weight: bold; color: #555; }
            dl.meta dd { margin: 0; }
            .headline { display: flex; flex-wrap: wrap; gap: 1em; margin: 1.5em 0; }
            .metric { border: 1px solid #ccc; border-radius: 6px; padding: 0.6em 1.2em; min-width: 10em; }
            .metric .value { display: block; font-size: 1.8em; font-weight: bold; }
            .metric .label { color: #555; }
            .metric.key { border-color: #d6604d; background: #fdf1ee; }
            table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.95em; }
            th, td { border: 1px solid #ccc; padding: 0.3em 0.7em; text-align: left; vertical-align: top; }
            thead th { background: #f2f2f2; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            tr.key th, tr.key td { background: #fdf1ee; font-weight: bold; }
            .ok { color: #1a7f37; }
            .miss { color: #b2182b; }
            figure { margin: 1.5em 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
            figcaption, caption, .note { color: #555; font-size: 0.92em; }
            caption { caption-side: bottom; text-align: left; padding-top: 0.3em; }
            footer { margin-top: 3em; border-top: 1px solid #ccc; padding-top: 0.8em; color: #555; font-size: 0.9em; }
            code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.95em; }
            """;

    private final ReportData data;
    private final StringBuilder out = new StringBuilder();

    private HtmlReport(ReportData data) {
        this.data = data;
    }

    /**
     * Renders the page.
     *
     * @param data      what the report shows
     * @param figures   the plots written, in page order
     * @param omissions sentences saying which plots were left out and why
     * @param dataFiles file names of data files written next to the page, linked from it
     */
    static String render(ReportData data, List<Figure> figures, List<String> omissions, List<String> dataFiles) {
        return new HtmlReport(data).page(figures, omissions, dataFiles);
    }

    private String page(List<Figure> figures, List<String> omissions, List<String> dataFiles) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>").append(escape("LiteStage report: " + data.experiment())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header();
        headline();
        summary();
        chosenProfile();
        figures(figures, omissions, dataFiles);
        for (ReportTable table : data.tables()) {
            table(table);
        }
        footer();
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private void header() {
        out.append("<header>\n<h1>").append(escape("LiteStage report: " + data.experiment())).append("</h1>\n")
                .append("<dl class=\"meta\">\n");
        meta("Experiment", data.experiment());
        meta("Model", data.model());
        meta("Dataset", data.dataset());
        meta("Split", data.split());
        meta("Date", data.date());
        out.append("</dl>\n</header>\n");
    }

    private void meta(String term, String value) {
        out.append("<dt>").append(escape(term)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }

    private void headline() {
        boolean meetsTarget = data.profile().accuracy() >= data.accuracyTarget();
        out.append("<section class=\"headline\" id=\"headline\">\n");
        if (data.measuredSpeedup().isPresent()) {
            MeasuredSpeedup measured = data.measuredSpeedup().get();
            metric("key", speedup(measured.factor()), "end-to-end speedup (" + measured.method() + ")");
        } else {
            metric("key", speedup(data.speedup()), "end-to-end speedup");
        }
        metric("key", points(data.accuracyLossPoints()), "accuracy loss");
        metric("", percent(data.profile().accuracy()), "profile accuracy (target " + percent(data.accuracyTarget())
                + (meetsTarget ? ", met)" : ", missed)"));
        metric("", millis(data.profile().totalLatencyMs()), "profile latency per question (full "
                + millis(data.full().totalLatencyMs()) + ")");
        out.append("</section>\n");
    }

    private void metric(String cssClass, String value, String label) {
        out.append("<div class=\"metric").append(cssClass.isEmpty() ? "" : " " + cssClass).append("\">")
                .append("<span class=\"value\">").append(escape(value)).append("</span>")
                .append("<span class=\"label\">").append(escape(label)).append("</span></div>\n");
    }

    private void summary() {
        SummaryRow full = data.full();
        SummaryRow profile = data.profile();
        out.append("<section id=\"summary\">\n<h2>Full model vs. chosen profile</h2>\n<table>\n")
                .append("<caption>Means per question on ").append(escape(data.dataset())).append(" (")
                .append(escape(data.split())).append("). Latencies in milliseconds; tokens are tokens generated;")
                .append(" accuracy changes in percentage points.</caption>\n<thead><tr>")
                .append("<th>Metric</th><th>").append(escape(full.label())).append("</th><th>")
                .append(escape(profile.label())).append("</th><th>Change</th></tr></thead>\n<tbody>\n");
        row("Accuracy", percent(full.accuracy()), percent(profile.accuracy()),
                points(profile.accuracy() - full.accuracy()));
        for (String stage : data.stages()) {
            double f = full.stageLatencyMs().get(stage);
            double p = profile.stageLatencyMs().get(stage);
            row("Latency: " + stage, millis(f), millis(p), StageBars.change(f, p));
        }
        for (String stage : data.stages()) {
            double f = full.stageTokens().get(stage);
            double p = profile.stageTokens().get(stage);
            row("Tokens: " + stage, tokens(f), tokens(p), StageBars.change(f, p));
        }
        if (data.hasEarlyExitCounts()) {
            for (String stage : data.stages()) {
                row("Early exits: " + stage, count(full.stageEarlyExits().get(stage)),
                        count(profile.stageEarlyExits().get(stage)), "");
            }
        }
        row("Total latency per question", millis(full.totalLatencyMs()), millis(profile.totalLatencyMs()),
                StageBars.change(full.totalLatencyMs(), profile.totalLatencyMs()));
        keyRow("Speedup (full / profile latency)", speedup(data.speedup()));
        data.measuredSpeedup().ifPresent(m -> keyRow("Speedup (" + m.method() + ")", speedup(m.factor())));
        keyRow("Accuracy loss (full \u2212 profile)", points(data.accuracyLossPoints()));
        out.append("</tbody>\n</table>\n</section>\n");
    }

    /** A highlighted summary row whose one value spans the three value columns. */
    private void keyRow(String metric, String value) {
        out.append("<tr class=\"key\"><th>").append(escape(metric)).append("</th><td class=\"num\" colspan=\"3\">")
                .append(escape(value)).append("</td></tr>\n");
    }

    private void row(String metric, String full, String profile, String change) {
        out.append("<tr><th>").append(escape(metric)).append("</th><td class=\"num\">").append(escape(full))
                .append("</td><td class=\"num\">").append(escape(profile)).append("</td><td class=\"num\">")
                .append(escape(change)).append("</td></tr>\n");
    }

    private void chosenProfile() {
        out.append("<section id=\"profile\">\n<h2>Chosen profile</h2>\n<table>\n<thead><tr><th>Stage</th>")
                .append("<th>Skipped attention layers</th><th>Skipped MLP layers</th><th>Sublayers skipped</th>")
                .append("<th>Early exit</th></tr></thead>\n<tbody>\n");
        for (String stage : data.stages()) {
            StageSkips skips = data.chosenProfileOf(stage);
            out.append("<tr><th>").append(escape(stage)).append("</th><td>")
                    .append(escape(StageSkips.compact(skips.attn()))).append("</td><td>")
                    .append(escape(StageSkips.compact(skips.mlp()))).append("</td><td class=\"num\">")
                    .append(skips.skippedCount()).append("</td><td>").append(escape(skips.earlyExit()))
                    .append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    private void figures(List<Figure> figures, List<String> omissions, List<String> dataFiles) {
        out.append("<section id=\"figures\">\n<h2>Figures</h2>\n");
        for (Figure figure : figures) {
            out.append("<figure>\n<h3>").append(escape(figure.title())).append("</h3>\n")
                    .append("<img src=\"").append(escape(figure.file())).append("\" alt=\"")
                    .append(escape(figure.alt())).append("\" width=\"").append(figure.size().width())
                    .append("\" height=\"").append(figure.size().height()).append("\"/>\n")
                    .append("<figcaption>").append(escape(figure.caption())).append("</figcaption>\n</figure>\n");
        }
        for (String omission : omissions) {
            out.append("<p class=\"note\">").append(escape(omission)).append("</p>\n");
        }
        if (!dataFiles.isEmpty()) {
            out.append("<p class=\"note\">Data behind the plots:");
            for (String file : dataFiles) {
                out.append(" <a href=\"").append(escape(file)).append("\"><code>").append(escape(file))
                        .append("</code></a>");
            }
            out.append("</p>\n");
        }
        out.append("</section>\n");
    }

    private void table(ReportTable table) {
        out.append("<section class=\"extra\">\n<h2>").append(escape(table.title())).append("</h2>\n<table>\n");
        if (!table.caption().isEmpty()) {
            out.append("<caption>").append(escape(table.caption())).append("</caption>\n");
        }
        out.append("<thead><tr>");
        for (String column : table.header()) {
            out.append("<th>").append(escape(column)).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : table.rows()) {
            out.append("<tr>");
            for (String cell : row) {
                out.append(looksNumeric(cell) ? "<td class=\"num\">" : "<td>").append(escape(cell)).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    private void footer() {
        out.append("<footer>\n<p>Provenance</p>\n<dl class=\"meta\">\n");
        if (data.provenance().isEmpty()) {
            meta("Source", "not recorded");
        }
        for (Map.Entry<String, String> entry : data.provenance().entrySet()) {
            out.append("<dt>").append(escape(entry.getKey())).append("</dt><dd><code>")
                    .append(escape(entry.getValue())).append("</code></dd>\n");
        }
        out.append("</dl>\n</footer>\n");
    }

    /** Escapes text for HTML element content and double- or single-quoted attribute values. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> {
                    // Control characters are not allowed in HTML (or XML) text; show them visibly.
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        escaped.append('\uFFFD');
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    /** A speedup such as {@code 2.50×}. */
    static String speedup(double factor) {
        return String.format(Locale.ROOT, "%.2f\u00d7", factor);
    }

    /** Percentage points such as {@code 1.5 pts} or {@code -0.4 pts}. */
    static String points(double points) {
        // Round first so that -0.04 shows as 0.0, not -0.0.
        double rounded = Math.round(points * 10) / 10.0;
        return String.format(Locale.ROOT, "%.1f pts", rounded == 0 ? 0.0 : rounded);
    }

    static String percent(double percent) {
        return String.format(Locale.ROOT, "%.1f%%", percent);
    }

    static String millis(double ms) {
        return String.format(Locale.ROOT, "%,.1f ms", ms);
    }

    private static String tokens(double tokens) {
        return String.format(Locale.ROOT, "%,.1f", tokens);
    }

    private static String count(Integer count) {
        return count == null ? "\u2013" : String.valueOf(count);
    }

    private static boolean looksNumeric(String cell) {
        return cell.matches("[-+]?[0-9][0-9,]*(\\.[0-9]+)?\\s*(%|\u00d7|x|ms|pts)?");
    }
}
