// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.BuiltinDataType;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.Test;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelMode;
import io.weir.driver.DriverException;
import io.weir.driver.SettingDescriptor;

class ChannelSettingsTest {

    private static Channel channel(DataType type, ChannelMode mode, Object... settings) {
        Map<String, TypedValue> s = new LinkedHashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            Object v = settings[i + 1];
            s.put((String) settings[i], v instanceof TypedValue ? (TypedValue) v : TypedValue.ofString((String) v));
        }
        return new Channel("ch", type, mode, s);
    }

    private static void invalid(Channel c, String... messageParts) {
        assertThatThrownBy(() -> ChannelSettings.parse(c)).isInstanceOf(DriverException.class)
                .hasMessageContaining("channel ch").hasMessageContainingAll(messageParts);
    }

    @Test
    void defaultsToTheValueAttributeThePublishingIntervalAndATypeAfterTheChannel() throws Exception {
        ChannelSettings s = ChannelSettings.parse(channel(DataType.INTEGER, ChannelMode.READ_WRITE,
                "nodeId", "ns=2;s=Temperature"));

        assertThat(s.resolve(new NamespaceTable())).hasValue(new NodeId(2, "Temperature"));
        assertThat(s.attribute()).isEqualTo(AttributeId.Value);
        assertThat(s.samplingIntervalMs()).isEqualTo(-1.0);
        assertThat(s.opcuaType()).isEqualTo(BuiltinDataType.Int32);
        assertThat(ChannelSettings.defaultType(DataType.BOOLEAN)).isEqualTo(BuiltinDataType.Boolean);
        assertThat(ChannelSettings.defaultType(DataType.LONG)).isEqualTo(BuiltinDataType.Int64);
        assertThat(ChannelSettings.defaultType(DataType.FLOAT)).isEqualTo(BuiltinDataType.Float);
        assertThat(ChannelSettings.defaultType(DataType.DOUBLE)).isEqualTo(BuiltinDataType.Double);
        assertThat(ChannelSettings.defaultType(DataType.STRING)).isEqualTo(BuiltinDataType.String);
        assertThat(ChannelSettings.defaultType(DataType.BYTES)).isEqualTo(BuiltinDataType.ByteString);
    }

    @Test
    void parsesNumericAndUriNodeIdsAndEveryOptionalSetting() throws Exception {
        ChannelSettings numeric = ChannelSettings.parse(channel(DataType.LONG, ChannelMode.READ, "nodeId",
                "ns=3;i=1001", "samplingIntervalMs", TypedValue.ofLong(250), "opcuaType", "uint32"));
        assertThat(numeric.resolve(new NamespaceTable())).hasValue(new NodeId(3, 1001));
        assertThat(numeric.samplingIntervalMs()).isEqualTo(250.0);
        assertThat(numeric.opcuaType()).isEqualTo(BuiltinDataType.UInt32);

        ChannelSettings byUri = ChannelSettings.parse(channel(DataType.STRING, ChannelMode.READ, "nodeId",
                "nsu=urn:plant;s=Pump", "attribute", "displayname"));
        NamespaceTable table = new NamespaceTable();
        assertThat(byUri.resolve(table)).isEmpty();
        table.addUri("urn:plant");
        assertThat(byUri.resolve(table)).hasValue(new NodeId(table.getIndex("urn:plant"), "Pump"));
        assertThat(byUri.attribute()).isEqualTo(AttributeId.DisplayName);

        java.util.UUID uuid = java.util.UUID.fromString("0b8a5e4e-6f5c-4a39-9a53-3c1f3f2b6f10");
        assertThat(ChannelSettings.parse(channel(DataType.DOUBLE, ChannelMode.READ, "nodeId", "ns=1;g=" + uuid))
                .resolve(table)).hasValue(new NodeId(1, uuid));
        assertThat(ChannelSettings.parse(channel(DataType.DOUBLE, ChannelMode.READ, "nodeId", "ns=1;b=AQID"))
                .resolve(table)).hasValue(new NodeId(1, org.eclipse.milo.opcua.stack.core.types.builtin.ByteString
                        .of(new byte[] { 1, 2, 3 })));
    }

    @Test
    void rejectsBadSettingsNamingTheSetting() {
        invalid(channel(DataType.DOUBLE, ChannelMode.READ), "nodeId", "required");
        invalid(channel(DataType.DOUBLE, ChannelMode.READ, "nodeId", " "), "nodeId", "required");
        invalid(channel(DataType.DOUBLE, ChannelMode.READ, "nodeId", "ns=2;x=1"), "nodeId", "not a node id");
        invalid(channel(DataType.DOUBLE, ChannelMode.READ, "nodeId", "ns=2;i=abc"), "nodeId");
        invalid(channel(DataType.DOUBLE, ChannelMode.READ, "nodeId", "svr=1;ns=2;s=X"), "nodeId", "another server");
        invalid(channel(DataType.DOUBLE, ChannelMode.READ, "nodeId", TypedValue.ofLong(5)), "nodeId", "string");
        invalid(channel(DataType.DOUBLE, ChannelMode.READ, "nodeId", "ns=2;s=X", "register", "4"),
                "register", "not a setting");
        invalid(channel(DataType.DOUBLE, ChannelMode.READ, "nodeId", "ns=2;s=X", "attribute", "Color"),
                "attribute", "Color");
        invalid(channel(DataType.DOUBLE, ChannelMode.READ, "nodeId", "ns=2;s=X", "attribute", "DisplayName"),
                "attribute", "STRING");
        invalid(channel(DataType.STRING, ChannelMode.READ_WRITE, "nodeId", "ns=2;s=X", "attribute", "BrowseName"),
                "attribute", "cannot be written");
        invalid(channel(DataType.DOUBLE, ChannelMode.READ, "nodeId", "ns=2;s=X", "samplingIntervalMs",
                TypedValue.ofLong(-2)), "samplingIntervalMs", "below -1");
        invalid(channel(DataType.DOUBLE, ChannelMode.READ, "nodeId", "ns=2;s=X", "samplingIntervalMs", "fast"),
                "samplingIntervalMs", "number");
        invalid(channel(DataType.BOOLEAN, ChannelMode.READ, "nodeId", "ns=2;s=X", "opcuaType", "Int32"),
                "opcuaType", "does not fit", "BOOLEAN");
        invalid(channel(DataType.FLOAT, ChannelMode.READ, "nodeId", "ns=2;s=X", "opcuaType", "Double"),
                "opcuaType");
        invalid(channel(DataType.INTEGER, ChannelMode.READ, "nodeId", "ns=2;s=X", "opcuaType", "UInt32"),
                "opcuaType");
    }

    @Test
    void describesItsSettingsForFormsAndAssets() {
        assertThat(ChannelSettings.DESCRIPTOR.settings()).extracting(SettingDescriptor::key)
                .containsExactly("nodeId", "attribute", "samplingIntervalMs", "opcuaType");
        assertThat(ChannelSettings.DESCRIPTOR.setting("nodeId").required()).isTrue();
        assertThat(ChannelSettings.DESCRIPTOR.setting("attribute").defaultValue())
                .isEqualTo(TypedValue.ofString("Value"));
        assertThat(ChannelSettings.DESCRIPTOR.setting("samplingIntervalMs").type()).isEqualTo(DataType.LONG);
        assertThat(ChannelSettings.DESCRIPTOR.setting("opcuaType").options()).extracting(TypedValue::stringValue)
                .containsExactly("Boolean", "SByte", "Byte", "Int16", "UInt16", "Int32", "UInt32", "Int64",
                        "UInt64", "Float", "Double", "String", "ByteString");
        assertThat(ChannelSettings.DESCRIPTOR.valueTypes()).containsExactlyInAnyOrder(DataType.values());
    }
}
