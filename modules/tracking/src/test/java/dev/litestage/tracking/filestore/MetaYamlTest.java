package dev.litestage.tracking.filestore;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetaYamlTest {

    @Test
    void scalarsAreWrittenTheWayPyYamlWritesThem() {
        assertEquals("'245149455287232478'", MetaYaml.scalar("245149455287232478"), "a numeric string is quoted");
        assertEquals("'0'", MetaYaml.scalar("0"));
        assertEquals("055470f8680a4b5f8cce4b8ff16c18b1", MetaYaml.scalar("055470f8680a4b5f8cce4b8ff16c18b1"),
                "a hex id that is no number stays plain");
        assertEquals("file:///path/to/mlruns/0", MetaYaml.scalar("file:///path/to/mlruns/0"));
        assertEquals("''", MetaYaml.scalar(""));
        assertEquals("null", MetaYaml.scalar(null));
        assertEquals("[]", MetaYaml.scalar(List.of()));
        assertEquals("1795971962491", MetaYaml.scalar(1795971962491L));
        assertEquals("child-0", MetaYaml.scalar("child-0"));
        assertEquals("my run", MetaYaml.scalar("my run"));
    }

    @Test
    void stringsThatWouldReadBackAsSomethingElseAreQuoted() {
        assertEquals("'true'", MetaYaml.scalar("true"));
        assertEquals("'null'", MetaYaml.scalar("null"));
        assertEquals("'1.5'", MetaYaml.scalar("1.5"));
        assertEquals("'2024-01-02'", MetaYaml.scalar("2024-01-02"));
        assertEquals("'attn: 3'", MetaYaml.scalar("attn: 3"));
        assertEquals("'it''s #1'", MetaYaml.scalar("it's #1"));
        assertEquals("'-leading dash'", MetaYaml.scalar("-leading dash"));
        assertEquals("\"two\\nlines\"", MetaYaml.scalar("two\nlines"));
    }

    @Test
    void parsedValuesComeBackUnquotedAndUntouchedFieldsKeepTheirText() {
        String text = "artifact_uri: file:///x/artifacts\nend_time: null\nexperiment_id: '12'\nname: 'it''s'\n"
                + "note: \"a\\nb\"\nstatus: 1\ntags: []\n";
        MetaYaml meta = MetaYaml.parse(text, "meta.yaml");
        assertEquals("12", meta.string("experiment_id"));
        assertEquals("it's", meta.string("name"));
        assertEquals("a\nb", meta.string("note"));
        assertNull(meta.string("end_time"));
        assertEquals(text, meta.render());
        assertEquals(text.replace("status: 1", "status: 3"), meta.with("status", 3).render());
    }

    @Test
    void roundTripOfEveryKindOfName() {
        for (String name : new String[] {"plain", "with: colon", "quote'd", "tab\there", "ünïcode", "123", "", "yes"}) {
            String text = MetaYaml.empty().with("name", name).render();
            assertEquals(name, MetaYaml.parse(text, "t").string("name"), text);
        }
    }

    @Test
    void aLineThatIsNotKeyValueIsReportedWithFileAndLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetaYaml.parse("name: a\nbroken line\n", "/store/1/meta.yaml"));
        assertTrue(e.getMessage().startsWith("/store/1/meta.yaml line 2:"), e.getMessage());
    }
}
