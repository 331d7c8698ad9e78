// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelMode;

class ChannelSpecTest {

    private static List<ChannelSpec> parse(String... json) {
        return ChannelSpec.parseAll("io.weir.asset", "channels", json);
    }

    @Test
    void parsesNameTypeModeAndSettingsInOrder() {
        List<ChannelSpec> specs = parse(
                "{\"name\":\"rms\",\"type\":\"DOUBLE\",\"mode\":\"READ_WRITE\",\"settings\":{\"b\":1,\"a\":\"x\"}}",
                "{\"name\":\"on\",\"type\":\"boolean\"}");
        assertThat(specs).hasSize(2);
        ChannelSpec rms = specs.get(0);
        assertThat(rms.name()).isEqualTo("rms");
        assertThat(rms.type()).isEqualTo(DataType.DOUBLE);
        assertThat(rms.mode()).isEqualTo(ChannelMode.READ_WRITE);
        assertThat(rms.settings()).containsOnlyKeys("b", "a");
        assertThat(List.copyOf(rms.settings().keySet())).containsExactly("b", "a");
        ChannelSpec on = specs.get(1);
        assertThat(on.type()).as("type names are case-insensitive").isEqualTo(DataType.BOOLEAN);
        assertThat(on.mode()).as("mode defaults to READ").isEqualTo(ChannelMode.READ);
        assertThat(on.settings()).isEmpty();
    }

    @Test
    void untypedChannelsConvertScalarsNaturally() {
        Channel c = parse("{\"name\":\"c\",\"type\":\"LONG\",\"settings\":"
                + "{\"i\":40001,\"d\":2.5,\"w\":3.0,\"s\":\"x\",\"t\":true,\"f\":false}}").get(0).untyped();
        assertThat(c.settings()).containsExactly(
                java.util.Map.entry("i", TypedValue.ofLong(40001)),
                java.util.Map.entry("d", TypedValue.ofDouble(2.5)),
                java.util.Map.entry("w", TypedValue.ofLong(3)),
                java.util.Map.entry("s", TypedValue.ofString("x")),
                java.util.Map.entry("t", TypedValue.ofBoolean(true)),
                java.util.Map.entry("f", TypedValue.ofBoolean(false)));
    }

    @Test
    void badJsonNamesPidAttributeAndIndex() {
        assertThatThrownBy(() -> parse("{\"name\":\"a\",\"type\":\"DOUBLE\"}", "{\"name\":"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("io.weir.asset: attribute channels[1]: not valid JSON");
    }

    @Test
    void rejectsWhatCanBeCheckedWithoutADriver() {
        assertThatThrownBy(() -> parse("[1,2]")).hasMessageContaining("channels[0]: expected a JSON object");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("channels[0]: empty");
        assertThatThrownBy(() -> parse("{\"type\":\"DOUBLE\"}")).hasMessageContaining("'name' is required");
        assertThatThrownBy(() -> parse("{\"name\":\"a\"}")).hasMessageContaining("channel 'a'")
                .hasMessageContaining("'type' is required");
        assertThatThrownBy(() -> parse("{\"name\":\"a\",\"type\":\"DECIMAL\"}"))
                .hasMessageContaining("channel 'a'").hasMessageContaining("unknown type 'DECIMAL'");
        assertThatThrownBy(() -> parse("{\"name\":\"a\",\"type\":\"DOUBLE\",\"mode\":\"REED\"}"))
                .hasMessageContaining("unknown mode 'REED'").hasMessageContaining("READ_WRITE");
        assertThatThrownBy(() -> parse("{\"name\":\"a\",\"type\":\"DOUBLE\",\"sttings\":{}}"))
                .hasMessageContaining("unknown key 'sttings'");
        assertThatThrownBy(() -> parse("{\"name\":\"a\",\"type\":\"DOUBLE\",\"settings\":[]}"))
                .hasMessageContaining("'settings' must be a JSON object");
        assertThatThrownBy(() -> parse("{\"name\":\"a\",\"type\":\"DOUBLE\",\"settings\":{\"x\":{\"y\":1}}}"))
                .hasMessageContaining("setting 'x' must be a string, number or boolean");
        assertThatThrownBy(() -> parse("{\"name\":\"a\",\"type\":\"DOUBLE\",\"settings\":{\"x\":null}}"))
                .hasMessageContaining("setting 'x'");
        assertThatThrownBy(() -> parse("{\"name\":5,\"type\":\"DOUBLE\"}")).hasMessageContaining("'name' must be a string");
    }

    @Test
    void rejectsDuplicateNamesAndNoChannels() {
        assertThatThrownBy(() -> parse("{\"name\":\"a\",\"type\":\"DOUBLE\"}", "{\"name\":\"a\",\"type\":\"LONG\"}"))
                .hasMessage("io.weir.asset: attribute channels[1]: duplicate channel name 'a'");
        assertThatThrownBy(() -> parse()).hasMessage("io.weir.asset: attribute channels: at least one channel is required");
    }
}
