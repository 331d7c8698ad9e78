// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CONF-V1 XML (spec §4.2), from hand-written documents. */
class ConfV1Test {

    private static final String GET_BODY = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <esf:configurations xmlns:esf="http://eurotech.com/esf/2.0"
                                xmlns:ocd="http://www.osgi.org/xmlns/metatype/v1.2.0">
              <esf:configuration pid="org.example.Modbus">
                <ocd:OCD id="org.example.Modbus" name="Modbus" description="A &amp; B">
                  <ocd:AD id="port" name="Port" type="Integer" cardinality="0" required="true" default="502"
                          min="1" max="65535" description="TCP port"/>
                  <ocd:AD id="mode" type="String" required="false">
                    <ocd:Option label="TCP" value="tcp"/>
                    <ocd:Option label="RTU" value="rtu"/>
                  </ocd:AD>
                  <ocd:AD id="hosts" type="String" cardinality="10"/>
                  <ocd:Icon resource="icon.png" size="32"/>
                </ocd:OCD>
                <esf:properties>
                  <esf:property name="port" array="false" encrypted="false" type="Integer">
                    <esf:value>502</esf:value>
                  </esf:property>
                  <esf:property name="hosts" array="true" encrypted="false" type="String">
                    <esf:value>a</esf:value>
                    <esf:value>b &lt;c&gt;</esf:value>
                  </esf:property>
                  <esf:property name="secret" array="false" encrypted="true" type="Password">
                    <esf:value>c2VjcmV0</esf:value>
                  </esf:property>
                </esf:properties>
              </esf:configuration>
              <esf:configuration pid="org.example.Empty"/>
            </esf:configurations>
            """;

    @Test
    void parsesConfigurationsWithOcdAndProperties() {
        List<ConfV1.Configuration> cs = ConfV1.parseConfigurations(GET_BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(cs).extracting(ConfV1.Configuration::pid).containsExactly("org.example.Modbus",
                "org.example.Empty");
        ConfV1.Configuration c = cs.get(0);
        assertThat(c.properties()).containsExactly(
                new ConfV1.Property("port", "Integer", false, false, List.of("502")),
                new ConfV1.Property("hosts", "String", true, false, List.of("a", "b <c>")),
                new ConfV1.Property("secret", "Password", false, true, List.of("c2VjcmV0")));
        assertThat(c.property("port").orElseThrow().value()).isEqualTo("502");
        assertThat(c.property("nope")).isEmpty();

        ConfV1.Ocd ocd = c.definition();
        assertThat(ocd).isNotNull();
        assertThat(ocd.id()).isEqualTo("org.example.Modbus");
        assertThat(ocd.description()).isEqualTo("A & B");
        assertThat(ocd.attribute("port").orElseThrow()).isEqualTo(new ConfV1.Ad("port", "Port", "Integer", 0, true,
                "502", "TCP port", "1", "65535", List.of()));
        assertThat(ocd.attribute("mode").orElseThrow().options()).containsExactly(new ConfV1.Option("TCP", "tcp"),
                new ConfV1.Option("RTU", "rtu"));
        assertThat(ocd.attribute("mode").orElseThrow().required()).isFalse();
        assertThat(ocd.attribute("hosts").orElseThrow().cardinality()).isEqualTo(10);
        assertThat(ocd.attribute("hosts").orElseThrow().required()).isTrue(); // the metatype default
        assertThat(ocd.icons()).containsExactly(new ConfV1.Icon("icon.png", 32));

        assertThat(cs.get(1).definition()).isNull();
        assertThat(cs.get(1).properties()).isEmpty();
    }

    @Test
    void parsingIsNamespaceAwareLikeJaxb() {
        // another prefix for the same namespaces is the same document to a namespace-aware reader
        String otherPrefix = GET_BODY.replace("esf:", "e:").replace("xmlns:esf", "xmlns:e");
        assertThat(ConfV1.parseConfigurations(otherPrefix.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ConfV1.parseConfigurations(GET_BODY.getBytes(StandardCharsets.UTF_8)));

        // the literal prefix without its namespace declaration is not well-formed with namespaces
        assertThatThrownBy(() -> ConfV1.parseConfigurations(
                "<esf:configurations><esf:configuration pid=\"a\"/></esf:configurations>"
                        .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not well-formed");
        // no namespace at all: not Kapua's root element
        assertThatThrownBy(() -> ConfV1.parseConfigurations("<configurations/>".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("expected <configurations> in namespace http://eurotech.com/esf/2.0");
        // a configuration in the wrong namespace is ignored, as JAXB ignores unknown elements
        assertThat(ConfV1.parseConfigurations(("<esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\">"
                + "<configuration pid=\"x\"/></esf:configurations>").getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThatThrownBy(() -> ConfV1.parseConfigurations(("<esf:configurations xmlns:esf=\""
                + ConfV1.ESF + "\"><esf:configuration/></esf:configurations>").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("configuration #1 has no pid attribute");
    }

    @Test
    void writesTheLiteralEsfPrefixAndOnlyProperties() {
        ConfV1.Ocd ocd = new ConfV1.Ocd("x", null, null, List.of(), List.of());
        byte[] xml = ConfV1.writeConfigurations(List.of(new ConfV1.Configuration("org.example.P&Q", ocd, List.of(
                ConfV1.Property.scalar("port", "Integer", "503"),
                ConfV1.Property.array("hosts", "String", "a\"b", "<c>"),
                ConfV1.Property.password("secret", "pässword")))));
        String text = new String(xml, StandardCharsets.UTF_8);

        assertThat(text).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"")
                .contains("<esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\" "
                        + "xmlns:ocd=\"http://www.osgi.org/xmlns/metatype/v1.2.0\">")
                .contains("<esf:configuration pid=\"org.example.P&amp;Q\">")
                .contains("<esf:property name=\"port\" array=\"false\" encrypted=\"false\" type=\"Integer\">")
                .contains("<esf:value>503</esf:value>")
                .doesNotContain("OCD");
        // the password as Kapua writes it: Base64 of UTF-8, encrypted="true"
        assertThat(text).contains("<esf:property name=\"secret\" array=\"false\" encrypted=\"true\" "
                + "type=\"Password\">").contains("<esf:value>cMOkc3N3b3Jk</esf:value>");

        // and it reads back (without the OCD, which is never written)
        ConfV1.Configuration back = ConfV1.parseConfigurations(xml).get(0);
        assertThat(back.pid()).isEqualTo("org.example.P&Q");
        assertThat(back.definition()).isNull();
        assertThat(back.property("hosts").orElseThrow().values()).containsExactly("a\"b", "<c>");
        assertThat(back.properties()).hasSize(3);
    }

    @Test
    void parsesSnapshotIds() {
        byte[] xml = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <esf:snapshot-ids xmlns:esf="http://eurotech.com/esf/2.0"
                                  xmlns:ocd="http://www.osgi.org/xmlns/metatype/v1.2.0">
                    <esf:snapshotIds>1700000000000</esf:snapshotIds>
                    <esf:snapshotIds>1700000000123</esf:snapshotIds>
                </esf:snapshot-ids>
                """.getBytes(StandardCharsets.UTF_8);
        assertThat(ConfV1.parseSnapshotIds(xml)).containsExactly(1_700_000_000_000L, 1_700_000_000_123L);
        assertThatThrownBy(() -> ConfV1.parseSnapshotIds(("<esf:snapshot-ids xmlns:esf=\"" + ConfV1.ESF
                + "\"><esf:snapshotIds>x</esf:snapshotIds></esf:snapshot-ids>").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("snapshot id 'x' is not a decimal number");
    }
}
