// SPDX-License-Identifier: Apache-2.0
package io.weir.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.data.DataType;
import io.weir.data.TypedValue;

class ChannelTest {

    @Test
    void settingsAreCopiedInOrderAndUnmodifiable() {
        Map<String, TypedValue> in = new LinkedHashMap<>();
        in.put("registerKind", TypedValue.ofString("HOLDING"));
        in.put("address", TypedValue.ofInteger(40));
        Channel c = new Channel("temp", DataType.FLOAT, ChannelMode.READ, in);
        in.put("unit", TypedValue.ofInteger(3));

        assertThat(c.settings().keySet()).containsExactly("registerKind", "address");
        assertThat(c.setting("address")).isEqualTo(TypedValue.ofInteger(40));
        assertThat(c.setting("unit")).isNull();
        assertThatThrownBy(() -> c.settings().put("x", TypedValue.ofInteger(1)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(c).isEqualTo(new Channel("temp", DataType.FLOAT, ChannelMode.READ,
                Map.of("registerKind", TypedValue.ofString("HOLDING"), "address", TypedValue.ofInteger(40))));
    }

    @Test
    void rejectsEmptyNameAndNullSettingValues() {
        assertThatThrownBy(() -> new Channel("", DataType.FLOAT, ChannelMode.READ, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        Map<String, TypedValue> withNull = new HashMap<>();
        withNull.put("address", null);
        assertThatThrownBy(() -> new Channel("temp", DataType.FLOAT, ChannelMode.READ, withNull))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("address");
    }

    @Test
    void settingDescriptorChecksTypesAndBounds() {
        assertThatThrownBy(() -> new SettingDescriptor("address", "Address", "", DataType.INTEGER, true,
                TypedValue.ofLong(0))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LONG");
        assertThatThrownBy(() -> new SettingDescriptor("kind", "Kind", "", DataType.STRING, true, null,
                List.of(TypedValue.ofString("COIL"), TypedValue.ofInteger(1)), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SettingDescriptor("kind", "Kind", "", DataType.STRING, true, null,
                List.of(), 0.0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SettingDescriptor("address", "Address", "", DataType.INTEGER, true, null,
                List.of(), 10.0, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SettingDescriptor("", "Address", "", DataType.INTEGER, true, null))
                .isInstanceOf(IllegalArgumentException.class);

        SettingDescriptor address = new SettingDescriptor("address", "Address", "", DataType.INTEGER, true,
                null, List.of(), 0.0, 65535.0);
        assertThat(address.max()).isEqualTo(65535.0);
        assertThat(new SettingDescriptor("unit", "Unit id", "", DataType.INTEGER, false, TypedValue.ofInteger(1))
                .options()).isEmpty();
    }

    @Test
    void channelDescriptorNeedsUniqueKeysAndAValueType() {
        SettingDescriptor a = new SettingDescriptor("address", "Address", "", DataType.INTEGER, true, null);
        assertThatThrownBy(() -> new ChannelDescriptor(List.of(a, a), EnumSet.of(DataType.INTEGER)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address");
        assertThatThrownBy(() -> new ChannelDescriptor(List.of(a), EnumSet.noneOf(DataType.class)))
                .isInstanceOf(IllegalArgumentException.class);

        EnumSet<DataType> types = EnumSet.of(DataType.BOOLEAN, DataType.DOUBLE);
        ChannelDescriptor d = new ChannelDescriptor(List.of(a), types);
        types.add(DataType.STRING);
        assertThat(d.valueTypes()).containsExactly(DataType.DOUBLE, DataType.BOOLEAN);
        assertThat(d.setting("address")).isSameAs(a);
        assertThat(d.setting("missing")).isNull();
    }
}
