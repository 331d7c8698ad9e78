// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EsfXmlTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ComponentConfiguration sample(boolean withDefinition) {
        Map<String, Property> props = new LinkedHashMap<>();
        props.put("threshold", Property.scalar(PropertyType.INTEGER, 42));
        props.put("tags", new Property(PropertyType.STRING, true, List.of("x", "y")));
        props.put("apiKey", Property.scalar(PropertyType.PASSWORD, "s3cret").masked());
        return new ComponentConfiguration(Fixtures.PID, null, withDefinition ? Fixtures.definition() : null, props);
    }

    @Test
    void writesTheEsfDocumentWithLiteralPrefixes() {
        String xml = new String(EsfXml.write(List.of(sample(true))), StandardCharsets.UTF_8);
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .contains("<esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\" "
                        + "xmlns:ocd=\"http://www.osgi.org/xmlns/metatype/v1.2.0\">")
                .contains("<esf:configuration pid=\"test.pid\">")
                .contains("<ocd:OCD id=\"test.pid\" name=\"Test\" description=\"desc\">")
                .contains("<ocd:AD id=\"threshold\" name=\"Threshold\" type=\"Integer\" cardinality=\"0\" "
                        + "required=\"true\" default=\"10\" description=\"a number\" min=\"1\" max=\"100\"/>")
                .contains("<ocd:Option label=\"Fast\" value=\"fast\"/>")
                .contains("<esf:property name=\"threshold\" array=\"false\" encrypted=\"false\" type=\"Integer\">"
                        + "\n        <esf:value>42</esf:value>")
                .contains("<esf:property name=\"tags\" array=\"true\" encrypted=\"false\" type=\"String\">"
                        + "\n        <esf:value>x</esf:value>\n        <esf:value>y</esf:value>")
                .contains("<esf:property name=\"apiKey\" array=\"false\" encrypted=\"true\" type=\"Password\">"
                        + "\n        <esf:value>cGxhY2Vob2xkZXI=</esf:value>")
                .doesNotContain("s3cret");
    }

    @Test
    void roundTripsThroughTheParser() throws Exception {
        List<RequestedChange> changes = EsfXml.parse(EsfXml.write(List.of(sample(true))));
        assertThat(changes).hasSize(1);
        RequestedChange c = changes.get(0);
        assertThat(c.pid()).isEqualTo(Fixtures.PID);
        assertThat(c.properties().get("threshold")).isEqualTo(Fixtures.scalar("Integer", "42"));
        assertThat(c.properties().get("tags")).isEqualTo(new RequestedChange.Value("String", true, List.of("x", "y")));
        assertThat(c.properties().get("apiKey").values()).containsExactly("placeholder");
    }

    @Test
    void acceptsUndeclaredPrefixesAsKuraDoesAndIgnoresTheOcd() throws Exception {
        String kuraStyle = "<esf:configurations><esf:configuration pid=\"p1\">"
                + "<ocd:OCD id=\"p1\"><ocd:AD id=\"a\" type=\"Integer\"/></ocd:OCD>"
                + "<esf:properties><esf:property name=\"a\" array=\"false\" encrypted=\"false\" type=\"Integer\">"
                + "<esf:value>5</esf:value></esf:property>"
                + "<esf:property name=\"pw\" array=\"false\" encrypted=\"true\" type=\"Password\">"
                + "<esf:value>aHVudGVyMg==</esf:value></esf:property>"
                + "<esf:property name=\"plain\" array=\"false\" encrypted=\"false\" type=\"Password\">"
                + "<esf:value>aHVudGVyMg==</esf:value></esf:property>"
                + "</esf:properties></esf:configuration></esf:configurations>";
        RequestedChange c = EsfXml.parse(utf8(kuraStyle)).get(0);
        assertThat(c.properties()).containsOnlyKeys("a", "pw", "plain");
        assertThat(c.properties().get("a").values()).containsExactly("5");
        assertThat(c.properties().get("pw").values()).containsExactly("hunter2");
        assertThat(c.properties().get("plain").values()).containsExactly("aHVudGVyMg==");
    }

    @Test
    void isNamespaceAwareWhenNamespacesAreDeclared() throws Exception {
        String otherPrefix = "<c:configurations xmlns:c=\"http://eurotech.com/esf/2.0\">"
                + "<c:configuration pid=\"p2\"><c:properties><c:property name=\"n\" type=\"Long\">"
                + "<c:value>9</c:value></c:property></c:properties></c:configuration>"
                + "<other:configuration xmlns:other=\"urn:other\" pid=\"ignored\"/></c:configurations>";
        List<RequestedChange> changes = EsfXml.parse(utf8(otherPrefix));
        assertThat(changes).extracting(RequestedChange::pid).containsExactly("p2");
        assertThat(changes.get(0).properties().get("n").values()).containsExactly("9");
    }

    @Test
    void snapshotFactoryPidIsRead() throws Exception {
        Map<String, Property> props = Map.of("service.factoryPid", Property.scalar(PropertyType.STRING, "f"));
        RequestedChange c = EsfXml.parse(EsfXml.write(List.of(new ComponentConfiguration("f~a", "f", null, props))))
                .get(0);
        assertThat(c.factoryPid()).isEqualTo("f");
    }

    @Test
    void badInputIsABadRequest() {
        assertThatThrownBy(() -> EsfXml.parse(new byte[0])).isInstanceOf(RequestFailure.class);
        assertThatThrownBy(() -> EsfXml.parse(utf8("<esf:configurations><unclosed>")))
                .hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> EsfXml.parse(utf8("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<esf:configurations>&e;</esf:configurations>"))).isInstanceOf(RequestFailure.class);
        assertThatThrownBy(() -> EsfXml.parse(utf8("<esf:configuration><esf:properties/></esf:configuration>")))
                .hasMessageContaining("no pid");
        assertThatThrownBy(() -> EsfXml.parse(utf8("<esf:configuration pid=\"p\"><esf:properties>"
                + "<esf:property name=\"x\" encrypted=\"true\" type=\"Password\"><esf:value>!!!</esf:value>"
                + "</esf:property></esf:properties></esf:configuration>"))).hasMessageContaining("Base64");
    }

    @Test
    void writesSnapshotIds() {
        String xml = new String(EsfXml.writeSnapshotIds(List.of(1L, 1700000000000L)), StandardCharsets.UTF_8);
        assertThat(xml).contains("<esf:snapshot-ids xmlns:esf=\"http://eurotech.com/esf/2.0\"")
                .contains("<esf:snapshotIds>1</esf:snapshotIds>")
                .contains("<esf:snapshotIds>1700000000000</esf:snapshotIds>");
    }
}
