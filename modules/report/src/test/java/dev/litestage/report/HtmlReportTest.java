package dev.litestage.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    @Test
    void escapesMarkupQuotesAndControlCharacters() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", HtmlReport.escape("a <b> & \"c\" 'd'"));
        assertEquals("bell\uFFFD", HtmlReport.escape("bell\u0007"));
        assertEquals("line\nbreak", HtmlReport.escape("line\nbreak"));
    }

    @Test
    void formatsHeadlineNumbers() {
        assertEquals("2.50\u00d7", HtmlReport.speedup(2.5));
        assertEquals("1.5 pts", HtmlReport.points(1.5));
        assertEquals("-0.6 pts", HtmlReport.points(-0.6));
        assertEquals("0.0 pts", HtmlReport.points(-0.04), "no negative zero");
        assertEquals("1,234.5 ms", HtmlReport.millis(1234.5));
        assertEquals("71.0%", HtmlReport.percent(71));
    }

    @Test
    void omissionsReplaceFiguresOnThePage() {
        String html = HtmlReport.render(SyntheticReports.sample(), List.of(), List.of("No trials & no plot."), List.of());
        assertFalse(html.contains("<img"));
        assertFalse(html.contains("<a "));
        assertEquals(1, html.split("No trials &amp; no plot\\.", -1).length - 1);
    }
}
