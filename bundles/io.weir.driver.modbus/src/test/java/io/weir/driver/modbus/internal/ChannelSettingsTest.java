// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelMode;
import io.weir.driver.DriverException;
import io.weir.driver.SettingDescriptor;

class ChannelSettingsTest {

    /** A channel from alternating setting keys and values; strings become STRING, ints INTEGER, doubles DOUBLE. */
    static Channel channel(DataType type, ChannelMode mode, Object... settings) {
        Map<String, TypedValue> map = new LinkedHashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            Object v = settings[i + 1];
            map.put((String) settings[i], v instanceof TypedValue t ? t
                    : v instanceof String s ? TypedValue.ofString(s)
                    : v instanceof Integer n ? TypedValue.ofInteger(n) : TypedValue.ofDouble((Double) v));
        }
        return new Channel("ch", type, mode, map);
    }

    @Test
    void appliesDefaults() throws Exception {
        ChannelSpec reg = ChannelSettings.parse(channel(DataType.INTEGER, ChannelMode.READ,
                "registerKind", "HOLDING_REGISTER", "address", 7));
        assertThat(reg).isEqualTo(new ChannelSpec(RegisterKind.HOLDING_REGISTER, 7, ModbusType.UINT16, Endian.BIG,
                Endian.BIG, 1.0, 0.0));
        ChannelSpec bit = ChannelSettings.parse(channel(DataType.BOOLEAN, ChannelMode.READ,
                "registerKind", "DISCRETE_INPUT", "address", 0));
        assertThat(bit.type()).isEqualTo(ModbusType.BOOLEAN);
        assertThat(bit.length()).isEqualTo(1);
    }

    @Test
    void parsesEverySetting() throws Exception {
        ChannelSpec s = ChannelSettings.parse(channel(DataType.DOUBLE, ChannelMode.READ_WRITE,
                "registerKind", "holding_register", "address", TypedValue.ofLong(65532), "dataType", "float64",
                "wordOrder", "LITTLE", "byteOrder", " little ", "scale", 0.5, "offset", -3.0));
        assertThat(s).isEqualTo(new ChannelSpec(RegisterKind.HOLDING_REGISTER, 65532, ModbusType.FLOAT64,
                Endian.LITTLE, Endian.LITTLE, 0.5, -3.0));
        assertThat(s.length()).isEqualTo(4);
    }

    @Test
    void rejectsInvalidSettingsNamingChannelAndSetting() {
        assertInvalid(channel(DataType.INTEGER, ChannelMode.READ, "address", 1), "registerKind", "required");
        assertInvalid(channel(DataType.INTEGER, ChannelMode.READ, "registerKind", "REGISTER", "address", 1),
                "unknown registerKind 'REGISTER'");
        assertInvalid(channel(DataType.INTEGER, ChannelMode.READ, "registerKind", "HOLDING_REGISTER"), "address",
                "required");
        assertInvalid(channel(DataType.INTEGER, ChannelMode.READ, "registerKind", "HOLDING_REGISTER",
                "address", 65536), "address 65536");
        assertInvalid(channel(DataType.INTEGER, ChannelMode.READ, "registerKind", "HOLDING_REGISTER",
                "address", -1), "address -1");
        assertInvalid(channel(DataType.INTEGER, ChannelMode.READ, "registerKind", "HOLDING_REGISTER",
                "address", 1.5), "address 1.5");
        assertInvalid(channel(DataType.INTEGER, ChannelMode.READ, "registerKind", "HOLDING_REGISTER",
                "address", "12"), "'address' must be a number");
        assertInvalid(channel(DataType.DOUBLE, ChannelMode.READ, "registerKind", "HOLDING_REGISTER",
                "address", 65535, "dataType", "FLOAT32"), "beyond address 65535");
        assertInvalid(channel(DataType.INTEGER, ChannelMode.READ, "registerKind", "HOLDING_REGISTER",
                "address", 0, "dataType", "INT64"), "unknown dataType 'INT64'");
        assertInvalid(channel(DataType.INTEGER, ChannelMode.READ, "registerKind", "HOLDING_REGISTER",
                "address", 0, "wordOrder", "MIDDLE"), "unknown wordOrder");
        assertInvalid(channel(DataType.INTEGER, ChannelMode.READ, "registerKind", "HOLDING_REGISTER",
                "address", 0, "scale", 0.0), "scale");
        assertInvalid(channel(DataType.INTEGER, ChannelMode.READ, "registerKind", "HOLDING_REGISTER",
                "address", 0, "offset", Double.NaN), "offset");
        assertInvalid(channel(DataType.INTEGER, ChannelMode.READ, "registerKind", "HOLDING_REGISTER",
                "adress", 0), "unknown setting 'adress'");
    }

    @Test
    void rejectsTypesTheRegisterKindCannotHold() {
        assertInvalid(channel(DataType.BOOLEAN, ChannelMode.READ, "registerKind", "COIL", "address", 0,
                "dataType", "FLOAT32"), "FLOAT32 is not supported for COIL");
        assertInvalid(channel(DataType.BOOLEAN, ChannelMode.READ, "registerKind", "HOLDING_REGISTER",
                "address", 0, "dataType", "BOOLEAN"), "BOOLEAN is not supported for HOLDING_REGISTER");
        assertInvalid(channel(DataType.DOUBLE, ChannelMode.READ, "registerKind", "COIL", "address", 0),
                "channel type DOUBLE is not supported for COIL");
        assertInvalid(channel(DataType.STRING, ChannelMode.READ, "registerKind", "INPUT_REGISTER", "address", 0),
                "channel type STRING");
        assertInvalid(channel(DataType.BOOLEAN, ChannelMode.READ, "registerKind", "INPUT_REGISTER", "address", 0),
                "channel type BOOLEAN");
    }

    @Test
    void readOnlyTablesRefuseWritableModes() throws Exception {
        for (String kind : new String[] {"DISCRETE_INPUT", "INPUT_REGISTER"}) {
            DataType type = kind.equals("DISCRETE_INPUT") ? DataType.BOOLEAN : DataType.INTEGER;
            Channel readOnly = channel(type, ChannelMode.READ, "registerKind", kind, "address", 0);
            ChannelSettings.checkMode(readOnly, ChannelSettings.parse(readOnly));
            Channel writable = channel(type, ChannelMode.READ_WRITE, "registerKind", kind, "address", 0);
            assertThatThrownBy(() -> ChannelSettings.checkMode(writable, ChannelSettings.parse(writable)))
                    .isInstanceOf(DriverException.class).hasMessageContaining(kind + " is read-only");
        }
        Channel coil = channel(DataType.BOOLEAN, ChannelMode.WRITE, "registerKind", "COIL", "address", 0);
        ChannelSettings.checkMode(coil, ChannelSettings.parse(coil));
    }

    @Test
    void descriptorDescribesEverySettingParsed() {
        assertThat(ChannelSettings.DESCRIPTOR.settings()).extracting(SettingDescriptor::key).containsExactly(
                "registerKind", "address", "dataType", "wordOrder", "byteOrder", "scale", "offset");
        SettingDescriptor kind = ChannelSettings.DESCRIPTOR.setting("registerKind");
        assertThat(kind.required()).isTrue();
        assertThat(kind.options()).extracting(TypedValue::stringValue)
                .containsExactly("COIL", "DISCRETE_INPUT", "INPUT_REGISTER", "HOLDING_REGISTER");
        SettingDescriptor address = ChannelSettings.DESCRIPTOR.setting("address");
        assertThat(address.type()).isEqualTo(DataType.INTEGER);
        assertThat(address.min()).isEqualTo(0.0);
        assertThat(address.max()).isEqualTo(65535.0);
        assertThat(ChannelSettings.DESCRIPTOR.setting("dataType").options()).extracting(TypedValue::stringValue)
                .containsExactly("INT16", "UINT16", "INT32", "UINT32", "FLOAT32", "FLOAT64", "BOOLEAN");
        assertThat(ChannelSettings.DESCRIPTOR.valueTypes()).containsExactly(DataType.DOUBLE, DataType.FLOAT,
                DataType.LONG, DataType.INTEGER, DataType.BOOLEAN);
    }

    private static void assertInvalid(Channel channel, String... fragments) {
        assertThatThrownBy(() -> ChannelSettings.parse(channel)).isInstanceOf(DriverException.class)
                .hasMessageContaining("Modbus channel 'ch'").satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
    }
}
