// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A configurable component as the management apps show it: its PID, factory PID, definition and current
 * properties. Password values are already masked when an instance leaves {@link ConfigurationManager}. Immutable.
 *
 * @param pid the configuration PID
 * @param factoryPid the factory PID of a factory instance, or {@code null}
 * @param definition the metatype definition, or {@code null} where it is not shown (snapshots)
 * @param properties the properties by name, in order; unmodifiable
 */
record ComponentConfiguration(String pid, @Nullable String factoryPid, @Nullable Definition definition,
        Map<String, Property> properties) {

    ComponentConfiguration {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** @return this configuration without its definition */
    ComponentConfiguration withoutDefinition() {
        return new ComponentConfiguration(pid, factoryPid, null, properties);
    }
}
