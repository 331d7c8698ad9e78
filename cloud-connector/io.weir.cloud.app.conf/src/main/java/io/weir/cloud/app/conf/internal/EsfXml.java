// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The esf XML of CONF-V1 and of the snapshot files (kapua-protocol.md §4.2). Output uses the {@code esf:} and
 * {@code ocd:} prefixes literally, as Kura's non-namespace-aware reader requires. Input is parsed namespace-aware;
 * a document that uses the prefixes without declaring them (what Kura's reader tolerates) is parsed again by tag
 * name. Only the {@code esf:properties} child of each {@code esf:configuration} is read; {@code ocd:OCD} is
 * ignored. DTDs and external entities are refused.
 */
final class EsfXml {

    static final String ESF_NS = "http://eurotech.com/esf/2.0";
    static final String OCD_NS = "http://www.osgi.org/xmlns/metatype/v1.2.0";

    private EsfXml() {
    }

    /**
     * @param configurations the components, with their definitions where they should be shown; password values
     *        must already be masked
     * @return the {@code esf:configurations} document, UTF-8
     */
    static byte[] write(List<ComponentConfiguration> configurations) {
        return document("configurations", w -> {
            for (ComponentConfiguration c : configurations) {
                w.start(1, "esf", "configuration", ESF_NS);
                w.attr("pid", c.pid());
                if (c.definition() != null) {
                    writeDefinition(w, c.definition());
                }
                w.start(2, "esf", "properties", ESF_NS);
                for (Map.Entry<String, Property> e : c.properties().entrySet()) {
                    writeProperty(w, e.getKey(), e.getValue());
                }
                w.end(2);
                w.end(1);
            }
        });
    }

    /**
     * @param ids snapshot ids
     * @return the {@code esf:snapshot-ids} document, UTF-8
     */
    static byte[] writeSnapshotIds(List<Long> ids) {
        return document("snapshot-ids", w -> {
            for (Long id : ids) {
                w.start(1, "esf", "snapshotIds", ESF_NS);
                w.text(Long.toString(id));
                w.endInline();
            }
        });
    }

    private static void writeDefinition(Indenting w, Definition d) throws XMLStreamException {
        w.start(2, "ocd", "OCD", OCD_NS);
        w.attr("id", d.id());
        w.attr("name", d.name());
        w.optAttr("description", d.description());
        for (Definition.Attribute a : d.attributes()) {
            if (a.options().isEmpty()) {
                w.empty(3, "ocd", "AD", OCD_NS);
            } else {
                w.start(3, "ocd", "AD", OCD_NS);
            }
            w.attr("id", a.id());
            w.attr("name", a.name());
            w.attr("type", a.type().esfName());
            w.attr("cardinality", Integer.toString(a.cardinality()));
            w.attr("required", Boolean.toString(a.required()));
            if (a.defaults() != null) {
                w.attr("default", String.join(",", a.defaults()));
            }
            w.optAttr("description", a.description());
            w.optAttr("min", a.min());
            w.optAttr("max", a.max());
            for (Definition.Option o : a.options()) {
                w.empty(4, "ocd", "Option", OCD_NS);
                w.attr("label", o.label());
                w.attr("value", o.value());
            }
            if (!a.options().isEmpty()) {
                w.end(3);
            }
        }
        w.end(2);
    }

    private static void writeProperty(Indenting w, String name, Property p) throws XMLStreamException {
        boolean password = p.type() == PropertyType.PASSWORD;
        w.start(3, "esf", "property", ESF_NS);
        w.attr("name", name);
        w.attr("array", Boolean.toString(p.array()));
        w.attr("encrypted", Boolean.toString(password));
        w.attr("type", p.type().esfName());
        for (String text : p.texts()) {
            w.start(4, "esf", "value", ESF_NS);
            w.text(password ? Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) : text);
            w.endInline();
        }
        w.end(3);
    }

    /**
     * Reads the components of an {@code esf:configurations} document (a PUT body or a snapshot).
     *
     * @param xml the document
     * @return the requested changes in document order; a property {@code service.factoryPid} becomes the change's
     *         factory PID
     * @throws RequestFailure 400 if the document is not well-formed XML or a configuration or property is malformed
     */
    static List<RequestedChange> parse(byte[] xml) throws RequestFailure {
        if (xml == null || xml.length == 0) {
            throw RequestFailure.badRequest("the request has no configuration XML body");
        }
        Document doc;
        try {
            doc = parse(xml, true);
        } catch (SAXException e) {
            try {
                doc = parse(xml, false); // prefixes used without declaration, as Kura's own reader allows
            } catch (SAXException e2) {
                throw RequestFailure.badRequest("the body is not well-formed XML: " + e.getMessage());
            }
        }
        List<RequestedChange> changes = new ArrayList<>();
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element c = (Element) all.item(i);
            if (is(c, "configuration")) {
                changes.add(readConfiguration(c));
            }
        }
        return changes;
    }

    private static RequestedChange readConfiguration(Element c) throws RequestFailure {
        String pid = c.getAttribute("pid");
        if (pid.isBlank()) {
            throw RequestFailure.badRequest("an esf:configuration has no pid");
        }
        Element props = null;
        for (Element child : children(c)) {
            if (is(child, "properties")) {
                props = child; // like Kura: the last one wins
            }
        }
        Map<String, RequestedChange.Value> values = new LinkedHashMap<>();
        String factoryPid = null;
        if (props != null) {
            for (Element p : children(props)) {
                if (!is(p, "property")) {
                    continue;
                }
                String name = p.getAttribute("name");
                if (name.isEmpty()) {
                    throw RequestFailure.badRequest("pid '" + pid + "': an esf:property has no name");
                }
                RequestedChange.Value v = readProperty(pid, name, p);
                if (name.equals("service.factoryPid") && v.values() != null && v.values().size() == 1) {
                    factoryPid = v.values().get(0);
                }
                values.put(name, v);
            }
        }
        return new RequestedChange(pid, factoryPid, values);
    }

    private static RequestedChange.Value readProperty(String pid, String name, Element p) throws RequestFailure {
        String type = p.hasAttribute("type") ? p.getAttribute("type") : null;
        boolean array = Boolean.parseBoolean(p.getAttribute("array"));
        boolean encrypted = Boolean.parseBoolean(p.getAttribute("encrypted"));
        List<String> texts = new ArrayList<>();
        for (Element v : children(p)) {
            if (is(v, "value")) {
                String text = v.getTextContent();
                if (encrypted) {
                    try {
                        byte[] raw = Base64.getDecoder().decode(text.replaceAll("\\s", ""));
                        text = new String(raw, StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        throw RequestFailure.badRequest("pid '" + pid + "', attribute '" + name
                                + "': an encrypted value is not valid Base64");
                    }
                }
                texts.add(text);
            }
        }
        if (!array && texts.isEmpty()) {
            return new RequestedChange.Value(type, false, null);
        }
        return new RequestedChange.Value(type, array, texts);
    }

    private static boolean is(Element e, String localName) {
        return (ESF_NS.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName()))
                || ("esf:" + localName).equals(e.getTagName());
    }

    private static List<Element> children(Element e) {
        List<Element> l = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el) {
                l.add(el);
            }
        }
        return l;
    }

    private static Document parse(byte[] xml, boolean namespaceAware) throws SAXException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(namespaceAware);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.ErrorHandler() {
                @Override
                public void warning(org.xml.sax.SAXParseException e) {
                    // not an error
                }

                @Override
                public void error(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException("XML parser unavailable", e);
        }
    }

    @FunctionalInterface
    private interface Body {
        void write(Indenting w) throws XMLStreamException;
    }

    private static byte[] document(String root, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            Indenting w = new Indenting(x);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.setPrefix("esf", ESF_NS);
            x.setPrefix("ocd", OCD_NS);
            x.writeStartElement("esf", root, ESF_NS);
            x.writeNamespace("esf", ESF_NS);
            x.writeNamespace("ocd", OCD_NS);
            body.write(w);
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write esf XML", e);
        }
        return out.toByteArray();
    }

    /** Writes elements on their own indented lines; elements with text end on the same line. */
    private static final class Indenting {
        private final XMLStreamWriter x;

        Indenting(XMLStreamWriter x) {
            this.x = x;
        }

        void start(int depth, String prefix, String local, String ns) throws XMLStreamException {
            x.writeCharacters("\n" + "  ".repeat(depth));
            x.writeStartElement(prefix, local, ns);
        }

        void empty(int depth, String prefix, String local, String ns) throws XMLStreamException {
            x.writeCharacters("\n" + "  ".repeat(depth));
            x.writeEmptyElement(prefix, local, ns);
        }

        void attr(String name, String value) throws XMLStreamException {
            x.writeAttribute(name, value);
        }

        void optAttr(String name, @Nullable String value) throws XMLStreamException {
            if (value != null) {
                x.writeAttribute(name, value);
            }
        }

        void text(String text) throws XMLStreamException {
            x.writeCharacters(text);
        }

        void endInline() throws XMLStreamException {
            x.writeEndElement();
        }

        void end(int depth) throws XMLStreamException {
            x.writeCharacters("\n" + "  ".repeat(depth));
            x.writeEndElement();
        }
    }
}
