// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.payload;

import org.jspecify.annotations.Nullable;

/**
 * The seven Kura metric types ({@code KuraMetric.ValueType}): the enum number on the wire, the field that carries
 * the value, and the Java type both Kura and Kapua cast the value to.
 */
public enum MetricType {
    /** {@code double_value} (field 3, fixed64), {@link Double}. */
    DOUBLE(0, 3, Double.class),
    /** {@code float_value} (field 4, fixed32), {@link Float}. */
    FLOAT(1, 4, Float.class),
    /** {@code long_value} (field 5, varint), {@link Long}. */
    INT64(2, 5, Long.class),
    /** {@code int_value} (field 6, varint), {@link Integer}. */
    INT32(3, 6, Integer.class),
    /** {@code bool_value} (field 7, varint), {@link Boolean}. */
    BOOL(4, 7, Boolean.class),
    /** {@code string_value} (field 8, length-delimited UTF-8), {@link String}. */
    STRING(5, 8, String.class),
    /** {@code bytes_value} (field 9, length-delimited), {@code byte[]}. */
    BYTES(6, 9, byte[].class);

    private final int number;
    private final int valueField;
    private final Class<?> javaType;

    MetricType(int number, int valueField, Class<?> javaType) {
        this.number = number;
        this.valueField = valueField;
        this.javaType = javaType;
    }

    /** @return the {@code ValueType} enum number on the wire */
    public int number() {
        return number;
    }

    /** @return the {@code KuraMetric} field number that carries a value of this type */
    public int valueField() {
        return valueField;
    }

    /** @return the Java type of values of this type */
    public Class<?> javaType() {
        return javaType;
    }

    /**
     * @param number a {@code ValueType} number
     * @return the type, or {@code null} if the number is not one of the seven
     */
    public static @Nullable MetricType ofNumber(int number) {
        for (MetricType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        return null;
    }

    /**
     * @param field a {@code KuraMetric} field number
     * @return the type whose value travels in that field, or {@code null} for fields 1, 2 and unknown ones
     */
    public static @Nullable MetricType ofValueField(int field) {
        for (MetricType t : values()) {
            if (t.valueField == field) {
                return t;
            }
        }
        return null;
    }
}
