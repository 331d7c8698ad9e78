// SPDX-License-Identifier: Apache-2.0
package io.weir.data;

import org.osgi.annotation.versioning.ProviderType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One immutable value of one of the seven {@link DataType data types}.
 *
 * <p>Numeric values are stored unboxed, so creating and reading them allocates nothing but the value object
 * itself. Byte arrays are copied on the way in and on the way out, so a value can never change once made.
 * Instances are safe to share between threads. {@link #equals(Object)} compares type and value: an INTEGER 1
 * is not equal to a LONG 1; {@code NaN} doubles are equal to each other (bitwise comparison).
 */
@ProviderType
public final class TypedValue {

    private final DataType type;
    /** Raw bits for the numeric types and boolean. */
    private final long bits;
    /** String or byte[] for the reference types, {@code null} otherwise. */
    private final @Nullable Object ref;

    private TypedValue(DataType type, long bits, @Nullable Object ref) {
        this.type = type;
        this.bits = bits;
        this.ref = ref;
    }

    /** @return a DOUBLE value */
    public static TypedValue ofDouble(double value) {
        return new TypedValue(DataType.DOUBLE, Double.doubleToRawLongBits(value), null);
    }

    /** @return a FLOAT value */
    public static TypedValue ofFloat(float value) {
        return new TypedValue(DataType.FLOAT, Float.floatToRawIntBits(value), null);
    }

    /** @return a LONG value */
    public static TypedValue ofLong(long value) {
        return new TypedValue(DataType.LONG, value, null);
    }

    /** @return an INTEGER value */
    public static TypedValue ofInteger(int value) {
        return new TypedValue(DataType.INTEGER, value, null);
    }

    /** @return a BOOLEAN value */
    public static TypedValue ofBoolean(boolean value) {
        return new TypedValue(DataType.BOOLEAN, value ? 1L : 0L, null);
    }

    /**
     * @param value the text, not {@code null}
     * @return a STRING value
     */
    public static TypedValue ofString(String value) {
        return new TypedValue(DataType.STRING, 0L, Objects.requireNonNull(value, "value"));
    }

    /**
     * @param value the bytes, not {@code null}; they are copied
     * @return a BYTES value
     */
    public static TypedValue ofBytes(byte[] value) {
        return new TypedValue(DataType.BYTES, 0L, Objects.requireNonNull(value, "value").clone());
    }

    /** @return the type of this value, never {@code null} */
    public DataType type() {
        return type;
    }

    /**
     * @return the DOUBLE value
     * @throws IllegalStateException if this value is not of type DOUBLE
     */
    public double doubleValue() {
        check(DataType.DOUBLE);
        return Double.longBitsToDouble(bits);
    }

    /**
     * @return the FLOAT value
     * @throws IllegalStateException if this value is not of type FLOAT
     */
    public float floatValue() {
        check(DataType.FLOAT);
        return Float.intBitsToFloat((int) bits);
    }

    /**
     * @return the LONG value
     * @throws IllegalStateException if this value is not of type LONG
     */
    public long longValue() {
        check(DataType.LONG);
        return bits;
    }

    /**
     * @return the INTEGER value
     * @throws IllegalStateException if this value is not of type INTEGER
     */
    public int intValue() {
        check(DataType.INTEGER);
        return (int) bits;
    }

    /**
     * @return the BOOLEAN value
     * @throws IllegalStateException if this value is not of type BOOLEAN
     */
    public boolean booleanValue() {
        check(DataType.BOOLEAN);
        return bits != 0L;
    }

    /**
     * @return the STRING value
     * @throws IllegalStateException if this value is not of type STRING
     */
    public String stringValue() {
        check(DataType.STRING);
        return (String) Objects.requireNonNull(ref);
    }

    /**
     * @return a copy of the BYTES value
     * @throws IllegalStateException if this value is not of type BYTES
     */
    public byte[] bytesValue() {
        check(DataType.BYTES);
        return ((byte[]) Objects.requireNonNull(ref)).clone();
    }

    /**
     * Reads a numeric value as a double, the common currency of preprocessing stages. LONG values above
     * 2<sup>53</sup> lose precision; BOOLEAN reads as 0 or 1.
     *
     * @return the value as a double
     * @throws IllegalStateException if the type is STRING or BYTES
     */
    public double asDouble() {
        switch (type) {
            case DOUBLE:
                return Double.longBitsToDouble(bits);
            case FLOAT:
                return Float.intBitsToFloat((int) bits);
            case LONG:
            case INTEGER:
            case BOOLEAN:
                return bits;
            default:
                throw new IllegalStateException("a " + type + " value has no numeric reading");
        }
    }

    /**
     * @return the value boxed as its natural Java type: Double, Float, Long, Integer, Boolean, String or a
     *         copy of the byte[]
     */
    public Object asObject() {
        switch (type) {
            case DOUBLE:
                return doubleValue();
            case FLOAT:
                return floatValue();
            case LONG:
                return bits;
            case INTEGER:
                return (int) bits;
            case BOOLEAN:
                return bits != 0L;
            case STRING:
                return stringValue();
            default:
                return bytesValue();
        }
    }

    private void check(DataType expected) {
        if (type != expected) {
            throw new IllegalStateException("value is " + type + ", not " + expected);
        }
    }

    @Override
    public boolean equals(@Nullable Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof TypedValue)) {
            return false;
        }
        TypedValue that = (TypedValue) other;
        if (type != that.type || bits != that.bits) {
            return false;
        }
        if (type == DataType.BYTES) {
            return Arrays.equals((byte[]) ref, (byte[]) that.ref);
        }
        return Objects.equals(ref, that.ref);
    }

    @Override
    public int hashCode() {
        int h = type.hashCode() * 31 + Long.hashCode(bits);
        if (type == DataType.BYTES) {
            return h * 31 + Arrays.hashCode((byte[]) ref);
        }
        return h * 31 + Objects.hashCode(ref);
    }

    /** @return a short human-readable form such as {@code DOUBLE:1.5}; bytes are shown as a length */
    @Override
    public String toString() {
        if (type == DataType.BYTES) {
            return "BYTES[" + ((byte[]) Objects.requireNonNull(ref)).length + "]";
        }
        if (type == DataType.STRING) {
            String s = stringValue();
            return "STRING:" + (s.length() > 64 ? s.substring(0, 64) + "…" : s);
        }
        return type + ":" + asObject();
    }

    /** @return the UTF-8 length of a STRING, the length of BYTES, or the fixed wire size of a number */
    public int sizeInBytes() {
        switch (type) {
            case STRING:
                return stringValue().getBytes(StandardCharsets.UTF_8).length;
            case BYTES:
                return ((byte[]) Objects.requireNonNull(ref)).length;
            case DOUBLE:
            case LONG:
                return 8;
            case BOOLEAN:
                return 1;
            default:
                return 4;
        }
    }
}
