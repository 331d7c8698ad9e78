// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelDescriptor;
import io.weir.driver.SettingDescriptor;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Turns configured {@link ChannelSpec channels} into driver {@link Channel channels}: every setting is checked
 * against the driver's {@link ChannelDescriptor} (known key, value of the declared type, allowed option, within
 * bounds; required settings present) and converted to the declared type. Pure logic, no I/O.
 */
final class ChannelBinding {

    private ChannelBinding() {
    }

    /**
     * @param specs the configured channels
     * @param descriptor what the driver accepts
     * @param driverName the driver instance name, for messages
     * @return the typed channels in configuration order
     * @throws ChannelConfigException naming the first offending channel and setting
     */
    static List<Channel> bind(List<ChannelSpec> specs, ChannelDescriptor descriptor, String driverName)
            throws ChannelConfigException {
        List<Channel> channels = new ArrayList<>(specs.size());
        for (ChannelSpec spec : specs) {
            channels.add(bind(spec, descriptor, driverName));
        }
        return List.copyOf(channels);
    }

    static Channel bind(ChannelSpec spec, ChannelDescriptor descriptor, String driverName)
            throws ChannelConfigException {
        String at = "channel '" + spec.name() + "'";
        if (!descriptor.valueTypes().contains(spec.type())) {
            throw new ChannelConfigException(at + ": type " + spec.type() + " is not supported by driver "
                    + driverName + " (supported: " + descriptor.valueTypes() + ")");
        }
        Map<String, TypedValue> settings = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : spec.settings().entrySet()) {
            SettingDescriptor sd = descriptor.setting(e.getKey());
            if (sd == null) {
                throw new ChannelConfigException(at + ": unknown setting '" + e.getKey() + "' for driver "
                        + driverName + " (known: " + descriptor.settings().stream().map(SettingDescriptor::key)
                                .collect(Collectors.joining(", ")) + ")");
            }
            TypedValue v = convert(e.getValue(), sd.type(), at + ": setting '" + sd.key() + "'");
            check(v, sd, at + ": setting '" + sd.key() + "'");
            settings.put(sd.key(), v);
        }
        for (SettingDescriptor sd : descriptor.settings()) {
            if (sd.required() && sd.defaultValue() == null && !settings.containsKey(sd.key())) {
                throw new ChannelConfigException(at + ": required setting '" + sd.key() + "' is missing");
            }
        }
        return new Channel(spec.name(), spec.type(), spec.mode(), settings);
    }

    /**
     * Converts a JSON scalar to the given type. Numbers are accepted for the numeric types (whole numbers
     * only, in range, for INTEGER and LONG), JSON booleans for BOOLEAN, strings for STRING and base64 strings for
     * BYTES; nothing else is coerced.
     */
    static TypedValue convert(JsonValue v, DataType type, String what) throws ChannelConfigException {
        switch (type) {
            case BOOLEAN:
                if (v.getValueType() == JsonValue.ValueType.TRUE || v.getValueType() == JsonValue.ValueType.FALSE) {
                    return TypedValue.ofBoolean(v.getValueType() == JsonValue.ValueType.TRUE);
                }
                throw mismatch(v, type, what);
            case STRING:
                if (v.getValueType() == JsonValue.ValueType.STRING) {
                    return TypedValue.ofString(((JsonString) v).getString());
                }
                throw mismatch(v, type, what);
            case BYTES:
                if (v.getValueType() == JsonValue.ValueType.STRING) {
                    try {
                        return TypedValue.ofBytes(Base64.getDecoder().decode(((JsonString) v).getString()));
                    } catch (IllegalArgumentException e) {
                        throw new ChannelConfigException(what + " must be base64 for BYTES: " + e.getMessage());
                    }
                }
                throw mismatch(v, type, what);
            default:
                break;
        }
        if (v.getValueType() != JsonValue.ValueType.NUMBER) {
            throw mismatch(v, type, what);
        }
        BigDecimal d = ((JsonNumber) v).bigDecimalValue();
        try {
            switch (type) {
                case INTEGER:
                    return TypedValue.ofInteger(d.intValueExact());
                case LONG:
                    return TypedValue.ofLong(d.longValueExact());
                case FLOAT:
                    float f = d.floatValue();
                    if (Float.isInfinite(f)) {
                        throw new ChannelConfigException(what + " = " + v + " is out of range for FLOAT");
                    }
                    return TypedValue.ofFloat(f);
                default:
                    double x = d.doubleValue();
                    if (Double.isInfinite(x)) {
                        throw new ChannelConfigException(what + " = " + v + " is out of range for DOUBLE");
                    }
                    return TypedValue.ofDouble(x);
            }
        } catch (ArithmeticException e) {
            throw new ChannelConfigException(what + " must be a whole number in the " + type + " range, got " + v);
        }
    }

    private static ChannelConfigException mismatch(JsonValue v, DataType type, String what) {
        return new ChannelConfigException(what + " must be " + article(type) + " " + type + ", got " + v);
    }

    private static String article(DataType type) {
        return type == DataType.INTEGER ? "an" : "a";
    }

    private static void check(TypedValue v, SettingDescriptor sd, String what) throws ChannelConfigException {
        if (!sd.options().isEmpty() && !sd.options().contains(v)) {
            throw new ChannelConfigException(what + " = " + display(v) + " is not one of "
                    + sd.options().stream().map(ChannelBinding::display).collect(Collectors.joining(", ")));
        }
        if (sd.type().isNumeric() && sd.type() != DataType.BOOLEAN) {
            double x = v.asDouble();
            if (sd.min() != null && x < sd.min()) {
                throw new ChannelConfigException(what + " = " + display(v) + " is below the minimum " + sd.min());
            }
            if (sd.max() != null && x > sd.max()) {
                throw new ChannelConfigException(what + " = " + display(v) + " is above the maximum " + sd.max());
            }
        }
    }

    /** @return the value without its type prefix, for messages */
    static String display(TypedValue v) {
        return v.type() == DataType.BYTES ? v.toString() : String.valueOf(v.asObject());
    }
}
