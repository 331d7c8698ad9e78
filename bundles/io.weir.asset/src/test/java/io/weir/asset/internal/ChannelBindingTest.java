// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import jakarta.json.Json;
import jakarta.json.JsonValue;

class ChannelBindingTest {

    private static ChannelSpec spec(String json) {
        return ChannelSpec.parseAll("io.weir.asset", "channels", new String[] {json}).get(0);
    }

    private static Channel bind(String json) throws ChannelConfigException {
        return ChannelBinding.bind(spec(json), FakeDriver.DESCRIPTOR, "fake-1");
    }

    private static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    @Test
    void convertsSettingsToTheDeclaredTypes() throws Exception {
        Channel c = bind("{\"name\":\"rms\",\"type\":\"DOUBLE\",\"settings\":{\"address\":40,\"scale\":2,"
                + "\"kind\":\"input\"}}");
        assertThat(c.setting("address")).isEqualTo(TypedValue.ofInteger(40));
        assertThat(c.setting("scale")).as("a whole number for a DOUBLE setting").isEqualTo(TypedValue.ofDouble(2));
        assertThat(c.setting("kind")).isEqualTo(TypedValue.ofString("input"));
        assertThat(List.copyOf(c.settings().keySet())).containsExactly("address", "scale", "kind");
    }

    @Test
    void convertsEveryType() throws Exception {
        assertThat(ChannelBinding.convert(json("1.5"), DataType.DOUBLE, "x")).isEqualTo(TypedValue.ofDouble(1.5));
        assertThat(ChannelBinding.convert(json("1.5"), DataType.FLOAT, "x")).isEqualTo(TypedValue.ofFloat(1.5f));
        assertThat(ChannelBinding.convert(json("9007199254740993"), DataType.LONG, "x"))
                .isEqualTo(TypedValue.ofLong(9007199254740993L));
        assertThat(ChannelBinding.convert(json("7.0"), DataType.INTEGER, "x")).isEqualTo(TypedValue.ofInteger(7));
        assertThat(ChannelBinding.convert(json("true"), DataType.BOOLEAN, "x")).isEqualTo(TypedValue.ofBoolean(true));
        assertThat(ChannelBinding.convert(json("\"ns=2;i=5\""), DataType.STRING, "x"))
                .isEqualTo(TypedValue.ofString("ns=2;i=5"));
        assertThat(ChannelBinding.convert(json("\"AQID\""), DataType.BYTES, "x"))
                .isEqualTo(TypedValue.ofBytes(new byte[] {1, 2, 3}));
    }

    @Test
    void rejectsValuesOfTheWrongType() {
        assertThatThrownBy(() -> ChannelBinding.convert(json("\"40001\""), DataType.INTEGER, "setting 'address'"))
                .isInstanceOf(ChannelConfigException.class)
                .hasMessage("setting 'address' must be an INTEGER, got \"40001\"");
        assertThatThrownBy(() -> ChannelBinding.convert(json("1.5"), DataType.INTEGER, "s"))
                .hasMessageContaining("must be a whole number in the INTEGER range");
        assertThatThrownBy(() -> ChannelBinding.convert(json("3000000000"), DataType.INTEGER, "s"))
                .hasMessageContaining("INTEGER range");
        assertThatThrownBy(() -> ChannelBinding.convert(json("1"), DataType.BOOLEAN, "s"))
                .hasMessage("s must be a BOOLEAN, got 1");
        assertThatThrownBy(() -> ChannelBinding.convert(json("5"), DataType.STRING, "s"))
                .hasMessage("s must be a STRING, got 5");
        assertThatThrownBy(() -> ChannelBinding.convert(json("1e60"), DataType.FLOAT, "s"))
                .hasMessageContaining("out of range for FLOAT");
        assertThatThrownBy(() -> ChannelBinding.convert(json("1e400"), DataType.DOUBLE, "s"))
                .hasMessageContaining("out of range for DOUBLE");
        assertThatThrownBy(() -> ChannelBinding.convert(json("\"%%\""), DataType.BYTES, "s"))
                .hasMessageContaining("must be base64");
    }

    @Test
    void namesTheChannelAndTheSetting() {
        assertThatThrownBy(() -> bind("{\"name\":\"rms\",\"type\":\"DOUBLE\",\"settings\":{\"address\":1,\"adress\":2}}"))
                .hasMessage("channel 'rms': unknown setting 'adress' for driver fake-1 (known: address, scale, kind)");
        assertThatThrownBy(() -> bind("{\"name\":\"rms\",\"type\":\"DOUBLE\",\"settings\":{\"address\":\"x\"}}"))
                .hasMessage("channel 'rms': setting 'address' must be an INTEGER, got \"x\"");
        assertThatThrownBy(() -> bind("{\"name\":\"rms\",\"type\":\"DOUBLE\",\"settings\":{\"address\":70000}}"))
                .hasMessage("channel 'rms': setting 'address' = 70000 is above the maximum 65535.0");
        assertThatThrownBy(() -> bind("{\"name\":\"rms\",\"type\":\"DOUBLE\",\"settings\":{\"address\":-1}}"))
                .hasMessage("channel 'rms': setting 'address' = -1 is below the minimum 0.0");
        assertThatThrownBy(() -> bind("{\"name\":\"rms\",\"type\":\"DOUBLE\",\"settings\":{\"address\":1,\"kind\":\"coil\"}}"))
                .hasMessage("channel 'rms': setting 'kind' = coil is not one of holding, input");
        assertThatThrownBy(() -> bind("{\"name\":\"rms\",\"type\":\"DOUBLE\",\"settings\":{\"scale\":1}}"))
                .hasMessage("channel 'rms': required setting 'address' is missing");
        assertThatThrownBy(() -> bind("{\"name\":\"rms\",\"type\":\"STRING\",\"settings\":{\"address\":1}}"))
                .hasMessageStartingWith("channel 'rms': type STRING is not supported by driver fake-1");
    }

    @Test
    void bindsAllChannelsOrReportsTheFirstProblem() throws Exception {
        List<ChannelSpec> specs = ChannelSpec.parseAll("io.weir.asset", "channels", new String[] {
            "{\"name\":\"a\",\"type\":\"DOUBLE\",\"settings\":{\"address\":1}}",
            "{\"name\":\"b\",\"type\":\"LONG\",\"mode\":\"WRITE\",\"settings\":{\"address\":2}}"});
        List<Channel> channels = ChannelBinding.bind(specs, FakeDriver.DESCRIPTOR, "fake-1");
        assertThat(channels).extracting(Channel::name).containsExactly("a", "b");
        assertThat(channels.get(1).type()).isEqualTo(DataType.LONG);
    }
}
