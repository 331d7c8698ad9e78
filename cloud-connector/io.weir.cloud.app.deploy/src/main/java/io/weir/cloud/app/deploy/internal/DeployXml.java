// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.weir.deployment.PackageInfo;

/**
 * The XML bodies of DEPLOY-V2 {@code GET/packages} and {@code GET/bundles}: no namespace, UTF-8, {@code
 * standalone="yes"}, indented, as Kura writes them and Kapua's JAXB binding reads them. Uses only the JDK's
 * built-in DOM and transformer.
 */
final class DeployXml {

    /** One row of {@code GET/bundles}. */
    record BundleRow(String name, String version, long id, String state) {
    }

    private DeployXml() {
    }

    static byte[] packages(List<PackageInfo> packages) {
        Document doc = newDocument();
        Element root = doc.createElement("packages");
        doc.appendChild(root);
        for (PackageInfo p : packages) {
            Element pkg = child(root, "package");
            text(pkg, "name", p.name());
            text(pkg, "version", p.version());
            Element bundles = child(pkg, "bundles");
            for (PackageInfo.BundleInfo b : p.bundles()) {
                Element bundle = child(bundles, "bundle");
                text(bundle, "name", b.symbolicName());
                text(bundle, "version", b.version());
            }
        }
        return serialize(doc);
    }

    static byte[] bundles(List<BundleRow> bundles) {
        Document doc = newDocument();
        Element root = doc.createElement("bundles");
        doc.appendChild(root);
        for (BundleRow b : bundles) {
            Element bundle = child(root, "bundle");
            text(bundle, "name", b.name());
            text(bundle, "version", b.version());
            text(bundle, "id", Long.toString(b.id()));
            text(bundle, "state", b.state());
        }
        return serialize(doc);
    }

    private static Element child(Element parent, String name) {
        Element e = parent.getOwnerDocument().createElement(name);
        parent.appendChild(e);
        return e;
    }

    private static void text(Element parent, String name, String value) {
        child(parent, name).setTextContent(value);
    }

    private static Document newDocument() {
        try {
            Document doc = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().newDocument();
            doc.setXmlStandalone(true);
            return doc;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's DOM builder is not available", e);
        }
    }

    private static byte[] serialize(Document doc) {
        try {
            TransformerFactory factory = TransformerFactory.newDefaultInstance();
            Transformer t = factory.newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, StandardCharsets.UTF_8.name());
            t.setOutputProperty(OutputKeys.STANDALONE, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "4");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write XML", e);
        }
    }
}
