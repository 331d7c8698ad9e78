// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import java.math.BigInteger;

import org.eclipse.milo.opcua.stack.core.BuiltinDataType;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.jspecify.annotations.Nullable;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelResult;
import io.weir.driver.DriverStatus;

/**
 * Converts between OPC UA values ({@link Variant}, {@link DataValue}) and Weir's {@link TypedValue}s. Pure
 * functions, no state.
 *
 * <p>Reading: a value converts to a channel type only when no information is lost (an Int16 reads as INTEGER,
 * LONG or DOUBLE; a Float as FLOAT or DOUBLE; a UInt64 as LONG only below 2<sup>63</sup>; LocalizedText and
 * QualifiedName as STRING). Anything else, arrays and empty values are {@link io.weir.driver.StatusCode#TYPE_MISMATCH}.
 *
 * <p>Writing: the value is converted to the channel's OPC UA type. Integer targets take any integral number in
 * range; Float and Double take any number (a DOUBLE written as Float is rounded, but must be in range);
 * Boolean, String and ByteString only take BOOLEAN, STRING and BYTES.
 */
final class ValueMapper {

    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private ValueMapper() {
    }

    /** A value that cannot be converted; the message says why, without the value for text and bytes. */
    static final class TypeMismatch extends Exception {
        private static final long serialVersionUID = 1L;

        TypeMismatch(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param channel the channel read or monitored
     * @param value what the server returned
     * @param now the current time, used when the server sent no timestamp
     * @return an ok result, a {@code TYPE_MISMATCH}, or the mapped bad status of the value
     */
    static ChannelResult toResult(Channel channel, DataValue value, long now) {
        long timestamp = timestamp(value, now);
        StatusCode code = value.getStatusCode() == null ? StatusCode.GOOD : value.getStatusCode();
        if (!code.isGood()) {
            return ChannelResult.error(channel.name(), OpcUaStatus.of(code, "node value"), timestamp);
        }
        try {
            return ChannelResult.ok(channel.name(), toTypedValue(channel.type(), value.getValue()), timestamp);
        } catch (TypeMismatch e) {
            return ChannelResult.error(channel.name(),
                    DriverStatus.error(io.weir.driver.StatusCode.TYPE_MISMATCH, e.getMessage()), timestamp);
        }
    }

    /**
     * @param target the channel type
     * @param variant the OPC UA value
     * @return the value as {@code target}
     * @throws TypeMismatch if the value cannot be represented without loss
     */
    static TypedValue toTypedValue(DataType target, @Nullable Variant variant) throws TypeMismatch {
        Object v = variant == null ? null : variant.getValue();
        if (v == null) {
            throw new TypeMismatch("the node has no value (null), expected " + target);
        }
        switch (target) {
            case BOOLEAN:
                if (v instanceof Boolean) {
                    return TypedValue.ofBoolean((Boolean) v);
                }
                break;
            case INTEGER:
                if (v instanceof Byte || v instanceof Short || v instanceof Integer) {
                    return TypedValue.ofInteger(((Number) v).intValue());
                }
                if (v instanceof UByte || v instanceof UShort) {
                    return TypedValue.ofInteger(((Number) v).intValue());
                }
                break;
            case LONG:
                if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long
                        || v instanceof UByte || v instanceof UShort || v instanceof UInteger) {
                    return TypedValue.ofLong(((Number) v).longValue());
                }
                if (v instanceof ULong) {
                    BigInteger big = ((ULong) v).toBigInteger();
                    if (big.compareTo(LONG_MAX) <= 0) {
                        return TypedValue.ofLong(big.longValue());
                    }
                    throw new TypeMismatch("UInt64 " + big + " does not fit LONG");
                }
                break;
            case FLOAT:
                if (v instanceof Float) {
                    return TypedValue.ofFloat((Float) v);
                }
                break;
            case DOUBLE:
                if (v instanceof Double || v instanceof Float || v instanceof Byte || v instanceof Short
                        || v instanceof Integer || v instanceof UByte || v instanceof UShort
                        || v instanceof UInteger) {
                    return TypedValue.ofDouble(((Number) v).doubleValue());
                }
                break;
            case STRING:
                if (v instanceof String) {
                    return TypedValue.ofString((String) v);
                }
                if (v instanceof LocalizedText) {
                    String text = ((LocalizedText) v).getText();
                    return TypedValue.ofString(text == null ? "" : text);
                }
                if (v instanceof QualifiedName) {
                    String name = ((QualifiedName) v).getName();
                    return TypedValue.ofString(name == null ? "" : name);
                }
                break;
            case BYTES:
                if (v instanceof ByteString) {
                    return TypedValue.ofBytes(((ByteString) v).bytesOrEmpty());
                }
                break;
            default:
                break;
        }
        throw new TypeMismatch("OPC UA " + describe(v) + " cannot be read as " + target);
    }

    /**
     * @param value the value to write
     * @param target the node's OPC UA type
     * @return the value as a variant of {@code target}
     * @throws TypeMismatch if the value does not fit
     */
    static Variant toVariant(TypedValue value, BuiltinDataType target) throws TypeMismatch {
        switch (target) {
            case Boolean:
                if (value.type() == DataType.BOOLEAN) {
                    return new Variant(value.booleanValue());
                }
                break;
            case SByte:
                return new Variant((byte) integral(value, target, Byte.MIN_VALUE, Byte.MAX_VALUE));
            case Byte:
                return new Variant(Unsigned.ubyte(integral(value, target, 0, 255)));
            case Int16:
                return new Variant((short) integral(value, target, Short.MIN_VALUE, Short.MAX_VALUE));
            case UInt16:
                return new Variant(Unsigned.ushort((int) integral(value, target, 0, 65535)));
            case Int32:
                return new Variant((int) integral(value, target, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case UInt32:
                return new Variant(Unsigned.uint(integral(value, target, 0, 0xFFFF_FFFFL)));
            case Int64:
                return new Variant(integral(value, target, Long.MIN_VALUE, Long.MAX_VALUE));
            case UInt64:
                return new Variant(Unsigned.ulong(integral(value, target, 0, Long.MAX_VALUE)));
            case Float:
                if (isNumber(value)) {
                    double d = value.asDouble();
                    if (Double.isFinite(d) && Math.abs(d) > Float.MAX_VALUE) {
                        throw new TypeMismatch(value + " is out of the range of Float");
                    }
                    return new Variant((float) d);
                }
                break;
            case Double:
                if (isNumber(value)) {
                    return new Variant(value.asDouble());
                }
                break;
            case String:
                if (value.type() == DataType.STRING) {
                    return new Variant(value.stringValue());
                }
                break;
            case ByteString:
                if (value.type() == DataType.BYTES) {
                    return new Variant(ByteString.of(value.bytesValue()));
                }
                break;
            default:
                break;
        }
        throw new TypeMismatch("a " + value.type() + " value cannot be written as OPC UA " + target);
    }

    /**
     * @param value a server value
     * @param now the fallback
     * @return the source timestamp, else the server timestamp, else {@code now}; milliseconds since the epoch
     */
    static long timestamp(DataValue value, long now) {
        DateTime t = value.getSourceTime();
        if (t == null || t.isNull()) {
            t = value.getServerTime();
        }
        return t == null || t.isNull() ? now : t.getJavaTime();
    }

    /**
     * @param v a Java value from a variant
     * @return its OPC UA type name for messages, e.g. {@code Int16} or {@code Double[]}
     */
    static String describe(Object v) {
        Class<?> c = v.getClass();
        String suffix = "";
        while (c.isArray()) {
            c = c.getComponentType();
            suffix += "[]";
        }
        String name;
        try {
            name = BuiltinDataType.fromBackingClass(c).name();
        } catch (RuntimeException e) {
            name = c.getSimpleName();
        }
        return name + suffix;
    }

    private static boolean isNumber(TypedValue value) {
        return value.type().isNumeric() && value.type() != DataType.BOOLEAN;
    }

    private static long integral(TypedValue value, BuiltinDataType target, long min, long max) throws TypeMismatch {
        long l;
        switch (value.type()) {
            case INTEGER:
                l = value.intValue();
                break;
            case LONG:
                l = value.longValue();
                break;
            case FLOAT:
            case DOUBLE:
                double d = value.asDouble();
                if (d != Math.rint(d) || Double.isInfinite(d) || d < -0x1p63 || d >= 0x1p63) {
                    throw new TypeMismatch(value + " is not an integer and cannot be written as OPC UA " + target);
                }
                l = (long) d;
                break;
            default:
                throw new TypeMismatch("a " + value.type() + " value cannot be written as OPC UA " + target);
        }
        if (l < min || l > max) {
            throw new TypeMismatch(l + " is out of the range of OPC UA " + target + " (" + min + ".." + max + ")");
        }
        return l;
    }
}
