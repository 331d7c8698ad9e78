// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelDescriptor;
import io.weir.driver.DriverException;
import io.weir.driver.SettingDescriptor;

/** The channel settings of the Modbus driver: their descriptor, and parsing a {@link Channel} into a {@link ChannelSpec}. */
final class ChannelSettings {

    static final String REGISTER_KIND = "registerKind";
    static final String ADDRESS = "address";
    static final String DATA_TYPE = "dataType";
    static final String WORD_ORDER = "wordOrder";
    static final String BYTE_ORDER = "byteOrder";
    static final String SCALE = "scale";
    static final String OFFSET = "offset";

    /** Channel value types the driver maps to: BOOLEAN for the bit tables, the four numeric types for registers. */
    static final Set<DataType> VALUE_TYPES =
            EnumSet.of(DataType.DOUBLE, DataType.FLOAT, DataType.LONG, DataType.INTEGER, DataType.BOOLEAN);

    static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(List.of(
            new SettingDescriptor(REGISTER_KIND, "Register kind", "The Modbus table: COIL, DISCRETE_INPUT, "
                    + "INPUT_REGISTER or HOLDING_REGISTER.", DataType.STRING, true, null, names(RegisterKind.values()),
                    null, null),
            new SettingDescriptor(ADDRESS, "Address", "Protocol address of the first bit or register, 0-65535 "
                    + "(holding register 40001 is address 0).", DataType.INTEGER, true, null, List.of(), 0.0, 65535.0),
            new SettingDescriptor(DATA_TYPE, "Data type", "Raw layout on the device. BOOLEAN for coils and discrete "
                    + "inputs (the default there); INT16, UINT16 (default), INT32, UINT32, FLOAT32 or FLOAT64 for "
                    + "registers.", DataType.STRING, false, null, names(ModbusType.values()), null, null),
            new SettingDescriptor(WORD_ORDER, "Word order", "Register order of 32/64-bit values: BIG = most "
                    + "significant register first (ABCD), LITTLE = least significant first (CDAB).", DataType.STRING,
                    false, TypedValue.ofString(Endian.BIG.name()), names(Endian.values()), null, null),
            new SettingDescriptor(BYTE_ORDER, "Byte order", "Byte order inside each register: BIG = high byte first "
                    + "(Modbus standard), LITTLE = swapped (BADC, or DCBA together with word order LITTLE).",
                    DataType.STRING, false, TypedValue.ofString(Endian.BIG.name()), names(Endian.values()), null, null),
            new SettingDescriptor(SCALE, "Scale", "Value = raw * scale + offset; writes apply the inverse. Not 0. "
                    + "Ignored for coils and discrete inputs.", DataType.DOUBLE, false, TypedValue.ofDouble(1.0)),
            new SettingDescriptor(OFFSET, "Offset", "Added after scaling; subtracted before a write.",
                    DataType.DOUBLE, false, TypedValue.ofDouble(0.0))),
            VALUE_TYPES);

    private static final Set<String> KEYS = DESCRIPTOR.settings().stream().map(SettingDescriptor::key)
            .collect(Collectors.toUnmodifiableSet());

    private ChannelSettings() {
    }

    /**
     * Parses and checks a channel's settings and value type. The access mode is not checked here: see {@link
     * #checkMode}.
     *
     * @param channel the channel
     * @return the parsed settings
     * @throws DriverException naming the channel and setting if a setting is missing, unknown, malformed or out of
     *         range, or if the data type or value type does not fit the register kind
     */
    static ChannelSpec parse(Channel channel) throws DriverException {
        for (String key : channel.settings().keySet()) {
            if (!KEYS.contains(key)) {
                throw invalid(channel, "unknown setting '" + key + "' (known: " + String.join(", ", KEYS.stream()
                        .sorted().toList()) + ")");
            }
        }
        String kindName = text(channel, REGISTER_KIND);
        if (kindName == null) {
            throw invalid(channel, "setting '" + REGISTER_KIND + "' is required");
        }
        RegisterKind kind = parseEnum(channel, REGISTER_KIND, kindName, RegisterKind.class);
        Double addressValue = number(channel, ADDRESS);
        if (addressValue == null) {
            throw invalid(channel, "setting '" + ADDRESS + "' is required");
        }
        if (addressValue != Math.rint(addressValue) || addressValue < 0 || addressValue > 65535) {
            throw invalid(channel, "address " + format(addressValue) + " is not an integer in 0-65535");
        }
        int address = addressValue.intValue();
        String typeName = text(channel, DATA_TYPE);
        ModbusType type = typeName == null ? (kind.isBit() ? ModbusType.BOOLEAN : ModbusType.UINT16)
                : parseEnum(channel, DATA_TYPE, typeName, ModbusType.class);
        if (kind.isBit() != type.isBit()) {
            throw invalid(channel, "data type " + type + " is not supported for " + kind
                    + (kind.isBit() ? " (only BOOLEAN)" : " (BOOLEAN is only for coils and discrete inputs)"));
        }
        int length = type.isBit() ? 1 : type.registers();
        if (address + length - 1 > 65535) {
            throw invalid(channel, type + " at address " + address + " ends beyond address 65535");
        }
        String word = text(channel, WORD_ORDER);
        String bytes = text(channel, BYTE_ORDER);
        Endian wordOrder = word == null ? Endian.BIG : parseEnum(channel, WORD_ORDER, word, Endian.class);
        Endian byteOrder = bytes == null ? Endian.BIG : parseEnum(channel, BYTE_ORDER, bytes, Endian.class);
        Double scale = number(channel, SCALE);
        Double offset = number(channel, OFFSET);
        double s = scale == null ? 1.0 : scale;
        double o = offset == null ? 0.0 : offset;
        if (!Double.isFinite(s) || s == 0.0) {
            throw invalid(channel, "scale " + s + " must be a finite number other than 0");
        }
        if (!Double.isFinite(o)) {
            throw invalid(channel, "offset " + o + " must be a finite number");
        }
        DataType valueType = channel.type();
        if (kind.isBit() ? valueType != DataType.BOOLEAN
                : valueType == DataType.BOOLEAN || !VALUE_TYPES.contains(valueType)) {
            throw invalid(channel, "channel type " + valueType + " is not supported for " + kind + " (use "
                    + (kind.isBit() ? "BOOLEAN" : "DOUBLE, FLOAT, LONG or INTEGER") + ")");
        }
        return new ChannelSpec(kind, address, type, wordOrder, byteOrder, s, o);
    }

    /**
     * Checks that the channel's access mode fits its register kind: discrete inputs and input registers are
     * read-only.
     *
     * @throws DriverException if the mode allows writing a read-only table
     */
    static void checkMode(Channel channel, ChannelSpec spec) throws DriverException {
        if (channel.mode().canWrite() && !spec.kind().isWritable()) {
            throw invalid(channel, spec.kind() + " is read-only: mode " + channel.mode() + " is not supported, "
                    + "use READ");
        }
    }

    private static DriverException invalid(Channel channel, String what) {
        return new DriverException("Modbus channel '" + channel.name() + "': " + what);
    }

    private static @Nullable String text(Channel channel, String key) throws DriverException {
        TypedValue v = channel.setting(key);
        if (v == null) {
            return null;
        }
        if (v.type() != DataType.STRING) {
            throw invalid(channel, "setting '" + key + "' must be a STRING, not " + v.type());
        }
        return v.stringValue().trim();
    }

    private static @Nullable Double number(Channel channel, String key) throws DriverException {
        TypedValue v = channel.setting(key);
        if (v == null) {
            return null;
        }
        if (!v.type().isNumeric() || v.type() == DataType.BOOLEAN) {
            throw invalid(channel, "setting '" + key + "' must be a number, not " + v.type());
        }
        return v.asDouble();
    }

    private static <E extends Enum<E>> E parseEnum(Channel channel, String key, String text, Class<E> type)
            throws DriverException {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(text.toUpperCase(Locale.ROOT))) {
                return e;
            }
        }
        throw invalid(channel, "unknown " + key + " '" + text + "' (one of " + Stream.of(type.getEnumConstants())
                .map(Enum::name).collect(Collectors.joining(", ")) + ")");
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static List<TypedValue> names(Enum<?>[] values) {
        return Stream.of(values).map(e -> TypedValue.ofString(e.name())).toList();
    }
}
