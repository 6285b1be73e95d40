package dev.litestage.report;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** A written {@code index.html}, parsed, for assertions on what a reader would see. */
final class ReportPage {

    final String html;
    final Document document;

    private ReportPage(String html, Document document) {
        this.html = html;
        this.document = document;
    }

    /** Parses the page; the writer emits well-formed markup, so an XML parser reads it. */
    static ReportPage read(Path index) throws Exception {
        String html = Files.readString(index, StandardCharsets.UTF_8);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document document = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        return new ReportPage(html, document);
    }

    /** The string values an XPath expression selects, e.g. {@code //img/@src}. */
    List<String> select(String xpath) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath()
                .evaluate(xpath, document, XPathConstants.NODESET);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent());
        }
        return values;
    }

    /** The text content of the single element an XPath expression selects. */
    String text(String xpath) throws Exception {
        List<String> values = select(xpath);
        if (values.size() != 1) {
            throw new AssertionError("expected one match for " + xpath + ", found " + values.size());
        }
        return values.get(0).trim();
    }
}
