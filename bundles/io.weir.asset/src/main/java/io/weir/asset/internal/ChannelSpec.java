// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelMode;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * One channel as configured, before a driver is known: name, value type, mode and the raw JSON setting values.
 * The setting values get their types from the driver's channel descriptor in {@link ChannelBinding}.
 *
 * <p>Parsed from one element of the {@code channels} attribute, a JSON object such as
 * {@code {"name":"rms","type":"DOUBLE","mode":"READ","settings":{"address":40001}}}. Immutable.
 *
 * @param name the channel name, not empty, unique within the asset
 * @param type the value type of the channel
 * @param mode the access mode ({@code READ} when the JSON does not say)
 * @param settings the setting values in configuration order; JSON strings, numbers or booleans only
 */
record ChannelSpec(String name, DataType type, ChannelMode mode, Map<String, JsonValue> settings) {

    private static final Set<String> KEYS = Set.of("name", "type", "mode", "settings");

    ChannelSpec {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * Parses the {@code channels} attribute. Everything that can be checked without a driver is checked here:
     * JSON syntax, the object layout, known type and mode names, scalar setting values, unique channel names.
     *
     * @param pid the configuration PID, for messages
     * @param attribute the attribute name, for messages
     * @param json one JSON object per channel
     * @return the channels in configuration order
     * @throws IllegalArgumentException naming the PID, the attribute, the element and what is wrong
     */
    static List<ChannelSpec> parseAll(String pid, String attribute, String[] json) {
        if (json.length == 0) {
            throw new IllegalArgumentException(pid + ": attribute " + attribute + ": at least one channel is required");
        }
        JsonProvider provider = JsonProvider.provider();
        List<ChannelSpec> specs = new ArrayList<>(json.length);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < json.length; i++) {
            String where = pid + ": attribute " + attribute + "[" + i + "]";
            ChannelSpec spec = parse(provider, where, json[i]);
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException(where + ": duplicate channel name '" + spec.name() + "'");
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    private static ChannelSpec parse(JsonProvider provider, String where, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(where + ": empty; expected a JSON object");
        }
        JsonObject o;
        try (JsonReader reader = provider.createReader(new StringReader(text))) {
            JsonValue v = reader.readValue();
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException(where + ": expected a JSON object, got " + v.getValueType());
            }
            o = v.asJsonObject();
        } catch (JsonException e) {
            throw new IllegalArgumentException(where + ": not valid JSON: " + e.getMessage(), e);
        }
        for (String key : o.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key
                        + "'; a channel has name, type, mode and settings");
            }
        }
        String name = string(o, "name", where);
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(where + ": 'name' is required and must not be empty");
        }
        String at = where + " (channel '" + name + "')";
        String typeName = string(o, "type", at);
        if (typeName == null) {
            throw new IllegalArgumentException(at + ": 'type' is required; one of " + List.of(DataType.values()));
        }
        DataType type = enumValue(DataType.class, typeName, at, "type");
        String modeName = string(o, "mode", at);
        ChannelMode mode = modeName == null ? ChannelMode.READ : enumValue(ChannelMode.class, modeName, at, "mode");
        Map<String, JsonValue> settings = new LinkedHashMap<>();
        JsonValue s = o.get("settings");
        if (s != null && s.getValueType() != JsonValue.ValueType.NULL) {
            if (s.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException(at + ": 'settings' must be a JSON object");
            }
            for (Map.Entry<String, JsonValue> e : s.asJsonObject().entrySet()) {
                switch (e.getValue().getValueType()) {
                    case STRING:
                    case NUMBER:
                    case TRUE:
                    case FALSE:
                        settings.put(e.getKey(), e.getValue());
                        break;
                    default:
                        throw new IllegalArgumentException(at + ": setting '" + e.getKey()
                                + "' must be a string, number or boolean, got " + e.getValue().getValueType());
                }
            }
        }
        return new ChannelSpec(name, type, mode, settings);
    }

    private static String string(JsonObject o, String key, String where) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be a string");
        }
        return ((JsonString) v).getString();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String where, String key) {
        try {
            return Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": unknown " + key + " '" + name + "'; expected one of "
                    + List.of(type.getEnumConstants()), e);
        }
    }

    /**
     * The channel with its settings converted without a driver: whole numbers become LONG, other numbers
     * DOUBLE, strings STRING and booleans BOOLEAN. Shown by {@code Asset.channels()} until a driver says which
     * types its settings have.
     *
     * @return the channel, never {@code null}
     */
    Channel untyped() {
        Map<String, TypedValue> converted = new LinkedHashMap<>();
        settings.forEach((k, v) -> converted.put(k, natural(v)));
        return new Channel(name, type, mode, converted);
    }

    static TypedValue natural(JsonValue v) {
        switch (v.getValueType()) {
            case STRING:
                return TypedValue.ofString(((JsonString) v).getString());
            case TRUE:
                return TypedValue.ofBoolean(true);
            case FALSE:
                return TypedValue.ofBoolean(false);
            case NUMBER:
                BigDecimal d = ((JsonNumber) v).bigDecimalValue();
                try {
                    return TypedValue.ofLong(d.longValueExact());
                } catch (ArithmeticException notWhole) {
                    return TypedValue.ofDouble(d.doubleValue());
                }
            default:
                throw new IllegalArgumentException("not a scalar: " + v.getValueType());
        }
    }
}
