// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.testkit.payload.Metric;
import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CONF-V2 and INVENTORY-V1 JSON bodies (spec §4.3, §4.6) and CMD-V1 metrics (§4.4), from hand-written examples. */
class JsonAppsTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesConfV2Configurations() {
        byte[] json = utf8("""
                {"configs":[
                  {"pid":"org.example.P",
                   "definition":{"id":"org.example.P","name":"P","ad":[{"id":"port","type":"INTEGER"}]},
                   "properties":{
                     "port":{"type":"INTEGER","value":502},
                     "ratio":{"type":"DOUBLE","value":0.5},
                     "on":{"type":"BOOLEAN","value":true},
                     "hosts":{"type":"STRING","value":["a","b"]},
                     "secret":{"type":"PASSWORD","value":"placeholder"},
                     "unset":{"type":"STRING"}}},
                  {"pid":"org.example.Bare"}]}
                """);

        List<ConfV2.Configuration> cs = ConfV2.parseConfigurations(json);

        assertThat(cs).extracting(ConfV2.Configuration::pid).containsExactly("org.example.P", "org.example.Bare");
        ConfV2.Configuration c = cs.get(0);
        assertThat(c.definition()).isNotNull();
        assertThat(c.definition().getString("name")).isEqualTo("P");
        assertThat(c.properties().keySet()).containsExactly("port", "ratio", "on", "hosts", "secret", "unset");
        assertThat(c.properties().get("port").type()).isEqualTo("INTEGER");
        assertThat(c.properties().get("port").javaValue()).isEqualTo(502L);
        assertThat(c.properties().get("ratio").javaValue()).isEqualTo(0.5);
        assertThat(c.properties().get("on").javaValue()).isEqualTo(true);
        assertThat(c.properties().get("hosts").javaValue()).isEqualTo(List.of("a", "b"));
        assertThat(c.properties().get("secret").javaValue()).isEqualTo("placeholder");
        assertThat(c.properties().get("unset").value()).isNull();
        assertThat(cs.get(1).properties()).isEmpty();
        assertThat(cs.get(1).definition()).isNull();
    }

    @Test
    void writesConfV2Updates() {
        Map<String, ConfV2.Property> props = new LinkedHashMap<>();
        props.put("port", ConfV2.Property.of("INTEGER", 503));
        props.put("hosts", ConfV2.Property.of("STRING", new String[] {"x", "y"}));
        props.put("ratio", ConfV2.Property.of("FLOAT", 1.5f));
        props.put("c", ConfV2.Property.of("CHAR", 'z'));
        props.put("gone", ConfV2.Property.of("STRING", null));
        byte[] body = ConfV2.writeUpdate(List.of(new ConfV2.Configuration("org.example.P", null, props)), true);

        JsonObject o = Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8))).readObject();
        assertThat(o.getBoolean("takeSnapshot")).isTrue();
        JsonObject c = o.getJsonArray("configs").getJsonObject(0);
        assertThat(c.keySet()).containsExactly("pid", "properties");
        JsonObject p = c.getJsonObject("properties");
        assertThat(p.getJsonObject("port").toString()).isEqualTo("{\"type\":\"INTEGER\",\"value\":503}");
        assertThat(p.getJsonObject("hosts").toString()).isEqualTo("{\"type\":\"STRING\",\"value\":[\"x\",\"y\"]}");
        assertThat(p.getJsonObject("ratio").getJsonNumber("value").doubleValue()).isEqualTo(1.5);
        assertThat(p.getJsonObject("c").getString("value")).isEqualTo("z");
        assertThat(p.getJsonObject("gone").containsKey("value")).isFalse();
        // and back
        assertThat(ConfV2.parseConfigurations(body).get(0).properties().get("hosts").javaValue())
                .isEqualTo(List.of("x", "y"));
    }

    @Test
    void badJsonFailsWithAReason() {
        assertThatThrownBy(() -> ConfV2.parseConfigurations(utf8("{\"configs\":")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> ConfV2.parseConfigurations(utf8("[]"))).hasMessageContaining("not an object");
        assertThatThrownBy(() -> ConfV2.parseConfigurations(utf8("{\"configs\":[{\"properties\":{}}]}")))
                .hasMessageContaining("configuration #1 has no \"pid\"");
        assertThatThrownBy(() -> ConfV2.parseConfigurations(utf8(
                "{\"configs\":[{\"pid\":\"a\",\"properties\":{\"x\":{\"value\":1}}}]}")))
                .hasMessageContaining("configuration a property x has no \"type\"");
        assertThatThrownBy(() -> ConfV2.parseConfigurations(new byte[] {'{', (byte) 0xC3, '}'}))
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void parsesInventoryBodies() {
        assertThat(InventoryV1.parseItems(utf8("""
                {"inventory":[{"name":"a.bundle","version":"1.0.0","type":"BUNDLE"},
                              {"name":"bash","version":"5.2","type":"DEB"},
                              {"name":"pkg","version":"1.0.0","type":"DP"}]}
                """), "inventory")).containsExactly(new InventoryV1.Item("a.bundle", "1.0.0", "BUNDLE"),
                new InventoryV1.Item("bash", "5.2", "DEB"), new InventoryV1.Item("pkg", "1.0.0", "DP"));
        assertThat(InventoryV1.parseItems(utf8("{\"systemPackages\":[]}"), "systemPackages")).isEmpty();

        assertThat(InventoryV1.parseBundles(utf8("""
                {"bundles":[{"name":"org.apache.felix.scr","version":"2.2.6","id":7,"state":"ACTIVE","signed":false},
                            {"name":"x","version":"1","id":8,"state":"RESOLVED"}]}
                """))).containsExactly(new InventoryV1.Bundle("org.apache.felix.scr", "2.2.6", 7, "ACTIVE", false),
                new InventoryV1.Bundle("x", "1", 8, "RESOLVED", false));

        assertThat(InventoryV1.parseDeploymentPackages(utf8("""
                {"deploymentPackages":[{"name":"pkg","version":"1.0.0","signed":false,
                  "bundles":[{"name":"b","version":"1.0.0","id":31,"state":"ACTIVE","signed":false}]}]}
                """))).containsExactly(new InventoryV1.DeploymentPackage("pkg", "1.0.0", false,
                List.of(new InventoryV1.Bundle("b", "1.0.0", 31, "ACTIVE", false))));

        assertThatThrownBy(() -> InventoryV1.parseBundles(utf8(
                "{\"bundles\":[{\"name\":\"x\",\"version\":\"1\",\"id\":\"8\",\"state\":\"ACTIVE\"}]}")))
                .hasMessageContaining("bundle #1: \"id\" is \"8\", not an integer");
        assertThatThrownBy(() -> InventoryV1.parseItems(utf8("{\"bundles\":[]}"), "inventory"))
                .hasMessageContaining("inventory body has no \"inventory\"");
    }

    @Test
    void commandRequestMetrics() {
        byte[] zip = {0x50, 0x4B, 3, 4};
        RawKuraPayload p = CmdV1.execPayload("sh", List.of("-c", "echo hi"), List.of("A=1", "B=2"), "/tmp", 10,
                false, "pw", zip);

        assertThat(p.metricList()).containsExactly(
                Metric.of("command.command", MetricType.STRING, "sh"),
                Metric.of("command.argument0", MetricType.STRING, "-c"),
                Metric.of("command.argument1", MetricType.STRING, "echo hi"),
                Metric.of("command.environment.pair0", MetricType.STRING, "A=1"),
                Metric.of("command.environment.pair1", MetricType.STRING, "B=2"),
                Metric.of("command.working.directory", MetricType.STRING, "/tmp"),
                Metric.of("command.timeout", MetricType.INT32, 10),
                Metric.of("command.run.async", MetricType.BOOL, false),
                Metric.of("command.password", MetricType.STRING, "pw"));
        assertThat(p.body()).isEqualTo(zip);

        RawKuraPayload minimal = CmdV1.execPayload("ls", List.of(), null, null, null, null, null, null);
        assertThat(minimal.metrics().keySet()).containsExactly("command.command");
        assertThat(minimal.body()).isNull();
        assertThat(Arrays.asList(minimal.metricList().get(0).typeName())).containsExactly("STRING");
    }
}
