// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelMode;

/** Builds channels for the tests: {@code channel("x").set("amplitude", 2.0).build()}. */
final class Channels {

    private final String name;
    private DataType type = DataType.DOUBLE;
    private ChannelMode mode = ChannelMode.READ;
    private final Map<String, TypedValue> settings = new LinkedHashMap<>();

    private Channels(String name) {
        this.name = name;
    }

    static Channels channel(String name) {
        return new Channels(name);
    }

    Channels type(DataType t) {
        this.type = t;
        return this;
    }

    Channels mode(ChannelMode m) {
        this.mode = m;
        return this;
    }

    Channels set(String key, Object value) {
        TypedValue v;
        if (value instanceof TypedValue) {
            v = (TypedValue) value;
        } else if (value instanceof Double) {
            v = TypedValue.ofDouble((Double) value);
        } else if (value instanceof Long) {
            v = TypedValue.ofLong((Long) value);
        } else if (value instanceof Integer) {
            v = TypedValue.ofInteger((Integer) value);
        } else if (value instanceof Boolean) {
            v = TypedValue.ofBoolean((Boolean) value);
        } else {
            v = TypedValue.ofString(String.valueOf(value));
        }
        settings.put(key, v);
        return this;
    }

    Channel build() {
        return new Channel(name, type, mode, settings);
    }
}
