// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua.app;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/** The JDK's DOM, namespace-aware, no DTDs or external entities; and a small escaping writer. */
final class Xml {

    private Xml() {
    }

    /**
     * @param body UTF-8 (or declared-encoding) XML
     * @param what what it is, for messages
     * @return the document
     * @throws IllegalArgumentException if it is not well-formed or has a DTD
     */
    static Document parse(byte[] body, String what) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new DefaultHandler()); // no printing to stderr; fatal errors still throw
            return b.parse(new ByteArrayInputStream(body));
        } catch (SAXException e) {
            throw new IllegalArgumentException(what + " is not well-formed XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param doc a document
     * @param ns the root's namespace, {@code null} for none
     * @param localName the root's local name
     * @param what for messages
     * @return the root element
     * @throws IllegalArgumentException if the root is another element
     */
    static Element root(Document doc, @Nullable String ns, String localName, String what) {
        Element root = doc.getDocumentElement();
        if (!matches(root, ns, localName)) {
            throw new IllegalArgumentException(what + ": root element is " + describe(root) + ", expected "
                    + describe(ns, localName));
        }
        return root;
    }

    static boolean matches(Node n, @Nullable String ns, String localName) {
        return n.getNodeType() == Node.ELEMENT_NODE && localName.equals(n.getLocalName())
                && Objects.equals(ns, n.getNamespaceURI());
    }

    static String describe(Element e) {
        return describe(e.getNamespaceURI(), e.getLocalName() == null ? e.getTagName() : e.getLocalName());
    }

    static String describe(@Nullable String ns, String localName) {
        return ns == null ? "<" + localName + "> (no namespace)" : "<" + localName + "> in namespace " + ns;
    }

    /** @return the element children with this namespace and local name, in document order */
    static List<Element> children(Element parent, @Nullable String ns, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (matches(n, ns, localName)) {
                out.add((Element) n);
            }
        }
        return out;
    }

    /** @return the text of the last such child (JAXB keeps the last), or {@code null} if there is none */
    static @Nullable String childText(Element parent, @Nullable String ns, String localName) {
        List<Element> c = children(parent, ns, localName);
        return c.isEmpty() ? null : c.get(c.size() - 1).getTextContent();
    }

    /** @return the text of the last such child, trimmed; fails if there is none */
    static String requiredText(Element parent, @Nullable String ns, String localName, String what) {
        String t = childText(parent, ns, localName);
        if (t == null) {
            throw new IllegalArgumentException(what + " has no " + describe(ns, localName));
        }
        return t.trim();
    }

    /** @return the attribute (no namespace), or {@code null} if absent */
    static @Nullable String attr(Element e, String name) {
        return e.hasAttributeNS(null, name) ? e.getAttributeNS(null, name) : null;
    }

    /** Escapes text for element content and double-quoted attribute values. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '\r' -> sb.append("&#13;");
                case '\n' -> sb.append("&#10;");
                case '\t' -> sb.append("&#9;");
                default -> {
                    if (c < 0x20) {
                        throw new IllegalArgumentException("character U+" + Integer.toHexString(c)
                                + " cannot be written in XML 1.0");
                    }
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
