// SPDX-License-Identifier: Apache-2.0
package io.weir.driver;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

import io.weir.data.DataType;
import io.weir.data.TypedValue;

/**
 * Describes one driver-specific channel setting, for example the Modbus {@code registerKind} with its
 * allowed values, or the {@code address} with its range. The console builds its channel form from these
 * descriptors and the asset checks channel settings against them before passing channels to the driver.
 *
 * <p>A DTO defined by Weir and created by drivers: a provider type. Immutable.
 *
 * @param key the setting key, unique within a {@link ChannelDescriptor}; not empty, stable across versions
 *        because it is stored in asset configurations
 * @param label a short human-readable name for forms; not {@code null}
 * @param description a sentence for help texts, may be empty; not {@code null}
 * @param type the type of the setting's value
 * @param required whether every channel must set it
 * @param defaultValue the value used when a channel does not set it, or {@code null} for none; of type
 *        {@code type}
 * @param options the only values allowed, each of type {@code type}, or empty if any value of the type is
 *        allowed; copied, unmodifiable
 * @param min the smallest allowed value of a numeric setting, or {@code null} for no bound
 * @param max the largest allowed value of a numeric setting, or {@code null} for no bound
 */
@ProviderType
public record SettingDescriptor(String key, String label, String description, DataType type, boolean required,
        @Nullable TypedValue defaultValue, List<TypedValue> options, @Nullable Double min, @Nullable Double max) {

    /**
     * Checks that the key is not empty, that the default and the options have the setting's type, and that
     * bounds are only given for numeric types and in order.
     *
     * @param key see {@link #key()}
     * @param label see {@link #label()}
     * @param description see {@link #description()}
     * @param type see {@link #type()}
     * @param required see {@link #required()}
     * @param defaultValue see {@link #defaultValue()}
     * @param options see {@link #options()}
     * @param min see {@link #min()}
     * @param max see {@link #max()}
     */
    public SettingDescriptor {
        if (Objects.requireNonNull(key, "key").isEmpty()) {
            throw new IllegalArgumentException("setting key must not be empty");
        }
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(type, "type");
        options = List.copyOf(Objects.requireNonNull(options, "options"));
        if (defaultValue != null && defaultValue.type() != type) {
            throw new IllegalArgumentException("default of setting " + key + " is " + defaultValue.type()
                    + ", not " + type);
        }
        for (TypedValue option : options) {
            if (option.type() != type) {
                throw new IllegalArgumentException("option " + option + " of setting " + key + " is not " + type);
            }
        }
        if ((min != null || max != null) && (!type.isNumeric() || type == DataType.BOOLEAN)) {
            throw new IllegalArgumentException("setting " + key + " of type " + type + " cannot have bounds");
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("setting " + key + " has min " + min + " > max " + max);
        }
    }

    /**
     * A setting with any value of its type allowed and no bounds.
     *
     * @param key the setting key, not empty
     * @param label a short human-readable name
     * @param description a sentence for help texts, may be empty
     * @param type the type of the setting's value
     * @param required whether every channel must set it
     * @param defaultValue the default, or {@code null} for none
     */
    public SettingDescriptor(String key, String label, String description, DataType type, boolean required,
            @Nullable TypedValue defaultValue) {
        this(key, label, description, type, required, defaultValue, List.of(), null, null);
    }
}
