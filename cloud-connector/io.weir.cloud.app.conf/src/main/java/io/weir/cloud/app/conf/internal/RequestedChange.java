// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a request asks to set on one component, as decoded from esf XML or JSON and before any validation: the
 * values are still text. Immutable.
 *
 * @param pid the configuration PID
 * @param factoryPid the factory PID (from a snapshot or a factory creation), or {@code null}
 * @param properties the requested properties by name, in order
 */
record RequestedChange(String pid, @Nullable String factoryPid, Map<String, Value> properties) {

    RequestedChange {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * One requested property.
     *
     * @param type the type name as sent ({@code Integer} or {@code INTEGER}), or {@code null} if none was sent
     * @param array whether it was sent as an array
     * @param values the values in text form, already Base64-decoded for encrypted esf passwords; {@code null} to
     *        remove the property
     */
    record Value(@Nullable String type, boolean array, @Nullable List<String> values) {

        Value {
            values = values == null ? null : List.copyOf(values);
        }
    }
}
