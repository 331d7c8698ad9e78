// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.lang.reflect.Method;
import java.util.Map;

/**
 * Reads configuration properties by the attribute methods of {@link ConnectorConfig}, with the annotation's defaults,
 * so that the DS component, tests and benchmarks share one definition of names and defaults. Property names follow
 * the DS rule: {@code _} becomes {@code .} and {@code __} becomes {@code _}.
 */
final class ConfigReader {

    private final Map<String, ?> properties;

    ConfigReader(Map<String, ?> properties) {
        this.properties = properties;
    }

    /**
     * @param attribute an attribute method of {@link ConnectorConfig}
     * @return its property name, e.g. {@code broker.url} for {@code broker_url}
     */
    static String propertyName(String attribute) {
        return attribute.replace("__", "\0").replace('_', '.').replace('\0', '_');
    }

    String string(String attribute) {
        Object v = raw(attribute);
        if (v instanceof String[] a) {
            return a.length == 0 ? "" : a[0];
        }
        return String.valueOf(v).trim();
    }

    char[] secret(String attribute) {
        Object v = raw(attribute);
        return v instanceof char[] c ? c.clone() : String.valueOf(v).toCharArray();
    }

    boolean bool(String attribute) {
        Object v = raw(attribute);
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException(propertyName(attribute) + " must be true or false, was '" + s + "'");
    }

    long longBetween(String attribute, long min, long max) {
        Object v = raw(attribute);
        long n;
        try {
            n = v instanceof Number num ? num.longValue() : Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(propertyName(attribute) + " must be a whole number, was '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(propertyName(attribute) + " must be between " + min + " and " + max
                    + ", was " + n);
        }
        return n;
    }

    int intBetween(String attribute, int min, int max) {
        return (int) longBetween(attribute, min, max);
    }

    double doubleAtLeast(String attribute, double min) {
        Object v = raw(attribute);
        double d;
        try {
            d = v instanceof Number num ? num.doubleValue() : Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(propertyName(attribute) + " must be a number, was '" + v + "'");
        }
        if (!(d >= min) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(propertyName(attribute) + " must be at least " + min + ", was " + d);
        }
        return d;
    }

    private Object raw(String attribute) {
        Object v = properties.get(propertyName(attribute));
        if (v != null) {
            return v;
        }
        try {
            Method m = ConnectorConfig.class.getDeclaredMethod(attribute);
            Object d = m.getDefaultValue();
            if (d == null) {
                throw new IllegalStateException("no default for " + attribute);
            }
            return d;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("unknown attribute " + attribute, e);
        }
    }
}
