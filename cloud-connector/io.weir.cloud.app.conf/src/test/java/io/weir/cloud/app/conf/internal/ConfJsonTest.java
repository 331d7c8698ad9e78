// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jakarta.json.JsonObject;

class ConfJsonTest {

    private static JsonObject json(String s) throws RequestFailure {
        return ConfJson.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesConfigurationsWithDefinitionAndTypedValues() {
        Map<String, Property> props = new LinkedHashMap<>();
        props.put("threshold", Property.scalar(PropertyType.INTEGER, 42));
        props.put("ratio", Property.scalar(PropertyType.FLOAT, 0.1f));
        props.put("tags", new Property(PropertyType.STRING, true, List.of("x", "y")));
        props.put("on", Property.scalar(PropertyType.BOOLEAN, true));
        props.put("apiKey", Property.scalar(PropertyType.PASSWORD, "s3cret").masked());
        String out = new String(ConfJson.bytes(ConfJson.configurations(List.of(
                new ComponentConfiguration(Fixtures.PID, null, Fixtures.definition(), props)))),
                StandardCharsets.UTF_8);
        assertThat(out).startsWith("{\"configs\":[{\"pid\":\"test.pid\",\"definition\":{\"id\":\"test.pid\"")
                .contains("{\"id\":\"threshold\",\"name\":\"Threshold\",\"type\":\"INTEGER\",\"cardinality\":0,"
                        + "\"isRequired\":true,\"description\":\"a number\",\"defaultValue\":\"10\",\"min\":\"1\","
                        + "\"max\":\"100\"}")
                .contains("\"option\":[{\"label\":\"Fast\",\"value\":\"fast\"},{\"label\":\"Slow\",\"value\":\"slow\"}]")
                .contains("\"threshold\":{\"type\":\"INTEGER\",\"value\":42}")
                .contains("\"ratio\":{\"type\":\"FLOAT\",\"value\":0.1}")
                .contains("\"tags\":{\"type\":\"STRING\",\"value\":[\"x\",\"y\"]}")
                .contains("\"on\":{\"type\":\"BOOLEAN\",\"value\":true}")
                .contains("\"apiKey\":{\"type\":\"PASSWORD\",\"value\":\"placeholder\"}").doesNotContain("s3cret");
    }

    @Test
    void readsUpdateRequests() throws Exception {
        JsonObject in = json("{\"configs\":[{\"pid\":\"p\",\"properties\":{"
                + "\"a\":{\"type\":\"INTEGER\",\"value\":12},\"b\":{\"type\":\"LONG\",\"value\":[1,2]},"
                + "\"c\":{\"type\":\"BOOLEAN\",\"value\":false},\"d\":{\"type\":\"STRING\",\"value\":null},"
                + "\"e\":{\"type\":\"STRING\"}}}],\"takeSnapshot\":false}");
        assertThat(ConfJson.takeSnapshot(in)).isFalse();
        RequestedChange c = ConfJson.changes(in).get(0);
        assertThat(c.pid()).isEqualTo("p");
        assertThat(c.properties().get("a")).isEqualTo(Fixtures.scalar("INTEGER", "12"));
        assertThat(c.properties().get("b")).isEqualTo(new RequestedChange.Value("LONG", true, List.of("1", "2")));
        assertThat(c.properties().get("c").values()).containsExactly("false");
        assertThat(c.properties().get("d").values()).isNull();
        assertThat(c.properties().get("e").values()).isNull();
        assertThat(ConfJson.takeSnapshot(json("{}"))).isTrue();
    }

    @Test
    void readsSmallRequestObjects() throws Exception {
        assertThat(ConfJson.pids(json("{\"pids\":[\"a\",\"b\"]}"))).containsExactly("a", "b");
        assertThat(ConfJson.id(json("{\"id\":1700000000000}"))).isEqualTo(1700000000000L);
        assertThatThrownBy(() -> ConfJson.id(json("{\"id\":\"x\"}"))).hasMessageContaining("numeric 'id'");
        assertThatThrownBy(() -> ConfJson.pids(json("{\"pids\":[1]}"))).hasMessageContaining("strings");
    }

    @Test
    void malformedInputIsABadRequest() {
        assertThatThrownBy(() -> json("not json")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> json("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> ConfJson.parse(null)).hasMessageContaining("JSON body");
        assertThatThrownBy(() -> ConfJson.changes(json("{\"configs\":[{\"properties\":{}}]}")))
                .hasMessageContaining("'pid'");
        assertThatThrownBy(() -> ConfJson.changes(json("{\"configs\":[{\"pid\":\"p\",\"properties\":"
                + "{\"a\":{\"type\":\"STRING\",\"value\":{\"x\":1}}}}]}"))).hasMessageContaining("'a'");
    }
}
