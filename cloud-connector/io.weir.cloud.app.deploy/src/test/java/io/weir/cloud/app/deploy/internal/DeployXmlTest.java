// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.weir.deployment.PackageInfo;
import io.weir.deployment.PackageInfo.BundleInfo;

class DeployXmlTest {

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static String text(Element parent, String name, int index) {
        return ((Element) parent.getElementsByTagName(name).item(index)).getTextContent();
    }

    @Test
    void packagesShape() throws Exception {
        byte[] xml = DeployXml.packages(List.of(
                new PackageInfo("weir.modbus", "1.2.0", true, List.of(
                        new BundleInfo("io.weir.driver.modbus", "1.2.0.202601", 17, "ACTIVE"),
                        new BundleInfo("j2mod", "3.2.1", 18, "ACTIVE"))),
                new PackageInfo("empty", "0.1.0", false, List.of())));
        String s = new String(xml, StandardCharsets.UTF_8);
        assertThat(s).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>");
        assertThat(s).contains("\n    <package>").doesNotContain("xmlns");

        Document d = parse(xml);
        Element root = d.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("packages");
        assertThat(root.getNamespaceURI()).isNull();
        assertThat(root.getElementsByTagName("package").getLength()).isEqualTo(2);
        Element first = (Element) root.getElementsByTagName("package").item(0);
        assertThat(text(first, "name", 0)).isEqualTo("weir.modbus");
        assertThat(text(first, "version", 0)).isEqualTo("1.2.0");
        Element bundles = (Element) first.getElementsByTagName("bundles").item(0);
        assertThat(bundles.getElementsByTagName("bundle").getLength()).isEqualTo(2);
        Element b = (Element) bundles.getElementsByTagName("bundle").item(1);
        assertThat(text(b, "name", 0)).isEqualTo("j2mod");
        assertThat(text(b, "version", 0)).isEqualTo("3.2.1");
        assertThat(b.getElementsByTagName("id").getLength()).as("packages list no ids").isZero();
    }

    @Test
    void emptyPackageList() throws Exception {
        Document d = parse(DeployXml.packages(List.of()));
        assertThat(d.getDocumentElement().getTagName()).isEqualTo("packages");
        assertThat(d.getDocumentElement().getChildNodes().getLength()).isZero();
    }

    @Test
    void bundlesShapeAndEscaping() throws Exception {
        byte[] xml = DeployXml.bundles(List.of(
                new DeployXml.BundleRow("org.apache.felix.framework", "7.0.5", 0, "ACTIVE"),
                new DeployXml.BundleRow("a<b&c", "1.0.0", 12, "RESOLVED")));
        assertThat(new String(xml, StandardCharsets.UTF_8))
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>");
        Element root = parse(xml).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("bundles");
        Element second = (Element) root.getElementsByTagName("bundle").item(1);
        assertThat(text(second, "name", 0)).isEqualTo("a<b&c");
        assertThat(text(second, "version", 0)).isEqualTo("1.0.0");
        assertThat(text(second, "id", 0)).isEqualTo("12");
        assertThat(text(second, "state", 0)).isEqualTo("RESOLVED");
    }

    @Test
    void stateNames() {
        assertThat(BundleControl.stateName(org.osgi.framework.Bundle.ACTIVE)).isEqualTo("ACTIVE");
        assertThat(BundleControl.stateName(org.osgi.framework.Bundle.RESOLVED)).isEqualTo("RESOLVED");
        assertThat(BundleControl.stateName(org.osgi.framework.Bundle.INSTALLED)).isEqualTo("INSTALLED");
        assertThat(BundleControl.stateName(org.osgi.framework.Bundle.STARTING)).isEqualTo("STARTING");
        assertThat(BundleControl.stateName(org.osgi.framework.Bundle.STOPPING)).isEqualTo("STOPPING");
        assertThat(BundleControl.stateName(org.osgi.framework.Bundle.UNINSTALLED)).isEqualTo("UNINSTALLED");
        assertThat(BundleControl.stateName(3)).isEqualTo("3");
    }
}
