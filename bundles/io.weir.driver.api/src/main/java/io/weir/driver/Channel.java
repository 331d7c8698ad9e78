// SPDX-License-Identifier: Apache-2.0
package io.weir.driver;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

import io.weir.data.DataType;
import io.weir.data.TypedValue;

/**
 * One configured data point of a device: a name, the type its values have in Weir, an access mode, and the
 * driver-specific settings that locate it on the device (for example a Modbus register kind and address, or
 * an OPC UA node id). The settings are keyed and typed as the driver's {@link ChannelDescriptor} declares.
 *
 * <p>The asset builds channels from its configuration; the driver only reads them. A DTO defined by Weir: a
 * provider type. Immutable.
 *
 * @param name the channel name, unique within an asset and used as the value name in records; not empty
 * @param type the type of the channel's values in Weir; the driver converts from and to the device's
 *        representation
 * @param mode how the channel may be accessed
 * @param settings the driver-specific settings in a stable order; copied, unmodifiable, never {@code null}
 */
@ProviderType
public record Channel(String name, DataType type, ChannelMode mode, Map<String, TypedValue> settings) {

    /**
     * Checks the arguments and copies the settings, keeping their order.
     *
     * @param name see {@link #name()}
     * @param type see {@link #type()}
     * @param mode see {@link #mode()}
     * @param settings see {@link #settings()}
     */
    public Channel {
        if (Objects.requireNonNull(name, "name").isEmpty()) {
            throw new IllegalArgumentException("channel name must not be empty");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mode, "mode");
        LinkedHashMap<String, TypedValue> copy = new LinkedHashMap<>();
        Objects.requireNonNull(settings, "settings").forEach((k, v) -> copy.put(
                Objects.requireNonNull(k, "setting key"),
                Objects.requireNonNull(v, () -> "value of setting " + k + " of channel " + name)));
        settings = Collections.unmodifiableMap(copy);
    }

    /**
     * @param key a setting key from the driver's {@link ChannelDescriptor}
     * @return the setting's value, or {@code null} if the channel does not set it
     */
    public @Nullable TypedValue setting(String key) {
        return settings.get(key);
    }
}
