// SPDX-License-Identifier: Apache-2.0
package io.weir.driver;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

import io.weir.data.DataType;

/**
 * What a driver needs to know about each of its channels: the driver-specific {@link SettingDescriptor
 * settings}, and the value types it can map channels to. Returned by {@link Driver#channelDescriptor()}.
 *
 * <p>A DTO defined by Weir and created by drivers: a provider type. Immutable.
 *
 * @param settings the settings in display order, with unique keys; copied, unmodifiable
 * @param valueTypes the {@link Channel#type() channel types} this driver supports; not empty; copied,
 *        unmodifiable, iterated in {@link DataType} order
 */
@ProviderType
public record ChannelDescriptor(List<SettingDescriptor> settings, Set<DataType> valueTypes) {

    /**
     * Checks that the setting keys are unique and that at least one value type is supported.
     *
     * @param settings see {@link #settings()}
     * @param valueTypes see {@link #valueTypes()}
     */
    public ChannelDescriptor {
        settings = List.copyOf(Objects.requireNonNull(settings, "settings"));
        Set<String> keys = new HashSet<>();
        for (SettingDescriptor s : settings) {
            if (!keys.add(s.key())) {
                throw new IllegalArgumentException("duplicate setting key " + s.key());
            }
        }
        if (Objects.requireNonNull(valueTypes, "valueTypes").isEmpty()) {
            throw new IllegalArgumentException("a driver supports at least one value type");
        }
        valueTypes = Collections.unmodifiableSet(EnumSet.copyOf(valueTypes));
    }

    /**
     * @param key a setting key
     * @return the descriptor of that setting, or {@code null} if this driver has no such setting
     */
    public @Nullable SettingDescriptor setting(String key) {
        for (SettingDescriptor s : settings) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }
}
