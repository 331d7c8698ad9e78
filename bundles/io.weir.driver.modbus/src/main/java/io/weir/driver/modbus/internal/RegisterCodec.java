// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

import io.weir.data.DataType;
import io.weir.data.TypedValue;

/**
 * Converts between 16-bit register words and values: raw layout (type, word and byte order) and engineering
 * scaling ({@code value = raw * scale + offset}). Pure functions; register words are unsigned 16-bit ints.
 */
final class RegisterCodec {

    /** 2^63 as a double: the first value beyond the long range. */
    private static final double LONG_LIMIT = 0x1p63;

    private RegisterCodec() {
    }

    /**
     * Decodes a raw value from registers as they are on the device, in address order.
     *
     * @param type a register type (not BOOLEAN)
     * @param wordOrder register order
     * @param byteOrder byte order inside each register
     * @param words the registers, unsigned 16-bit values
     * @param offset index of the value's first register in {@code words}
     * @return the raw value; exact for every type (32-bit integers fit a double)
     */
    static double decodeRaw(ModbusType type, Endian wordOrder, Endian byteOrder, int[] words, int offset) {
        int n = type.registers();
        long bits = 0;
        for (int i = 0; i < n; i++) {
            int word = words[offset + (wordOrder == Endian.BIG ? i : n - 1 - i)] & 0xFFFF;
            if (byteOrder == Endian.LITTLE) {
                word = swap(word);
            }
            bits = (bits << 16) | word;
        }
        switch (type) {
            case INT16:
                return (short) bits;
            case UINT16:
            case UINT32:
                return bits;
            case INT32:
                return (int) bits;
            case FLOAT32:
                return Float.intBitsToFloat((int) bits);
            case FLOAT64:
                return Double.longBitsToDouble(bits);
            default:
                throw new IllegalArgumentException(type + " is not a register type");
        }
    }

    /**
     * Encodes a raw value into registers in device (address) order.
     *
     * @param type a register type (not BOOLEAN)
     * @param wordOrder register order
     * @param byteOrder byte order inside each register
     * @param raw the raw value: for integer types an integral value within the type's range
     * @return the registers, unsigned 16-bit values
     */
    static int[] encodeRaw(ModbusType type, Endian wordOrder, Endian byteOrder, double raw) {
        long bits;
        switch (type) {
            case INT16:
            case UINT16:
            case INT32:
            case UINT32:
                bits = (long) raw;
                break;
            case FLOAT32:
                bits = Float.floatToRawIntBits((float) raw) & 0xFFFF_FFFFL;
                break;
            case FLOAT64:
                bits = Double.doubleToRawLongBits(raw);
                break;
            default:
                throw new IllegalArgumentException(type + " is not a register type");
        }
        int n = type.registers();
        int[] words = new int[n];
        for (int i = 0; i < n; i++) {
            int word = (int) (bits >>> (16 * (n - 1 - i))) & 0xFFFF;
            if (byteOrder == Endian.LITTLE) {
                word = swap(word);
            }
            words[wordOrder == Endian.BIG ? i : n - 1 - i] = word;
        }
        return words;
    }

    /**
     * Decodes a channel value from registers and scales it to the channel's type. Integer channel types get the
     * scaled value rounded to the nearest integer.
     *
     * @param spec the channel's settings (a register kind)
     * @param target the channel's value type: DOUBLE, FLOAT, LONG or INTEGER
     * @param words the registers of the block read
     * @param offset index of the channel's first register in {@code words}
     * @return the value
     * @throws ConversionException if the scaled value does not fit the channel type (for example NaN into INTEGER)
     */
    static TypedValue decode(ChannelSpec spec, DataType target, int[] words, int offset) throws ConversionException {
        double raw = decodeRaw(spec.type(), spec.wordOrder(), spec.byteOrder(), words, offset);
        double value = spec.isIdentityScaling() ? raw : raw * spec.scale() + spec.offset();
        switch (target) {
            case DOUBLE:
                return TypedValue.ofDouble(value);
            case FLOAT:
                if (Double.isFinite(value) && Math.abs(value) > Float.MAX_VALUE) {
                    throw new ConversionException(value + " does not fit a FLOAT");
                }
                return TypedValue.ofFloat((float) value);
            case LONG:
                return TypedValue.ofLong(round(value, -LONG_LIMIT, LONG_LIMIT, "LONG"));
            case INTEGER:
                return TypedValue.ofInteger((int) round(value, Integer.MIN_VALUE, Integer.MAX_VALUE + 1.0, "INTEGER"));
            default:
                throw new ConversionException("channel type " + target + " cannot hold a " + spec.type());
        }
    }

    /**
     * Converts a value to write into registers: applies the inverse scaling, rounds to the nearest integer for
     * integer types, and checks the raw range.
     *
     * @param spec the channel's settings (a register kind)
     * @param value the value to write; any numeric type (BOOLEAN counts as 0 or 1)
     * @return the registers in device order
     * @throws ConversionException if the value is not numeric or the raw value is out of the type's range
     */
    static int[] encode(ChannelSpec spec, TypedValue value) throws ConversionException {
        if (!value.type().isNumeric()) {
            throw new ConversionException("a " + value.type() + " value cannot be written to a " + spec.type()
                    + " register");
        }
        double v = value.asDouble();
        double raw = spec.isIdentityScaling() ? v : (v - spec.offset()) / spec.scale();
        ModbusType type = spec.type();
        if (type.isInteger()) {
            if (!Double.isFinite(raw)) {
                throw new ConversionException(value + " gives raw " + raw + ", not a " + type);
            }
            double rounded = Math.rint(raw);
            if (rounded < type.min() || rounded > type.max()) {
                throw new ConversionException(value + " gives raw " + rounded + ", outside the " + type + " range "
                        + type.min() + ".." + type.max());
            }
            raw = rounded;
        } else if (type == ModbusType.FLOAT32 && Double.isFinite(raw) && Math.abs(raw) > Float.MAX_VALUE) {
            throw new ConversionException(value + " gives raw " + raw + ", outside the FLOAT32 range");
        }
        return encodeRaw(type, spec.wordOrder(), spec.byteOrder(), raw);
    }

    /**
     * @param value the value to write to a coil: a BOOLEAN, or a number that is 0 or 1
     * @return the coil state
     * @throws ConversionException for any other value
     */
    static boolean toBit(TypedValue value) throws ConversionException {
        if (value.type() == DataType.BOOLEAN) {
            return value.booleanValue();
        }
        if (value.type().isNumeric()) {
            double d = value.asDouble();
            if (d == 0.0 || d == 1.0) {
                return d == 1.0;
            }
        }
        throw new ConversionException(value + " is not a coil state (BOOLEAN, 0 or 1)");
    }

    private static long round(double value, double min, double limit, String type) throws ConversionException {
        double r = Math.rint(value);
        if (!Double.isFinite(r) || r < min || r >= limit) {
            throw new ConversionException(value + " does not fit " + type);
        }
        return (long) r;
    }

    private static int swap(int word) {
        return ((word & 0xFF) << 8) | (word >>> 8);
    }
}
