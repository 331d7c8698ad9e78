// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.payload;

import java.util.Arrays;
import java.util.Objects;

/**
 * One metric as it is on the wire.
 *
 * @param name the metric name
 * @param typeNumber the declared {@code ValueType} number (0..6 for a decoded metric; anything for one built with
 *     {@link RawKuraPayload#rawMetric})
 * @param typeName the enum name of the declared type ({@code STRING} ...), or {@code UNKNOWN(n)}
 * @param value the value: {@link Double}, {@link Float}, {@link Long}, {@link Integer}, {@link Boolean}, {@link
 *     String} or {@code byte[]}; for a decoded metric always the Java type of the declared type
 */
public record Metric(String name, int typeNumber, String typeName, Object value) {

    /** Checks the components. */
    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(typeName, "typeName");
        Objects.requireNonNull(value, "value");
    }

    /**
     * @param name the metric name
     * @param type the declared type
     * @param value the value, of {@code type}'s Java type
     * @return the metric
     */
    public static Metric of(String name, MetricType type, Object value) {
        return new Metric(name, type.number(), type.name(), value);
    }

    /** @return the declared type, or {@code null} if its number is not one of the seven */
    public @org.jspecify.annotations.Nullable MetricType type() {
        return MetricType.ofNumber(typeNumber);
    }

    /** @return whether the declared type is {@code type} */
    public boolean is(MetricType type) {
        return typeNumber == type.number();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metric m && name.equals(m.name) && typeNumber == m.typeNumber
                && typeName.equals(m.typeName) && Objects.deepEquals(value, m.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, typeNumber, value instanceof byte[] b ? Arrays.hashCode(b) : value);
    }

    @Override
    public String toString() {
        String v = value instanceof byte[] b ? "bytes[" + b.length + "]" : value instanceof String s ? '"' + s + '"'
                : String.valueOf(value);
        return name + ":" + typeName + "=" + v;
    }
}
