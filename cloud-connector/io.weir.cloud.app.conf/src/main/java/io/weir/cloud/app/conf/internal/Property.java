// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One typed configuration property as the management apps show it: a type, whether it is an array, and its
 * values (one for a scalar) as Java objects of the type's class. Immutable.
 *
 * @param type the type
 * @param array whether the property is an array
 * @param values the values; exactly one for a scalar; unmodifiable
 */
record Property(PropertyType type, boolean array, List<Object> values) {

    /** What a password value is replaced by on output; on input it means "keep the current value". */
    static final String PASSWORD_PLACEHOLDER = "placeholder";

    Property {
        Objects.requireNonNull(type, "type");
        values = List.copyOf(values);
        if (!array && values.size() != 1) {
            throw new IllegalArgumentException("a scalar property has exactly one value");
        }
    }

    /**
     * @param type the type
     * @param value the single value
     * @return a scalar property
     */
    static Property scalar(PropertyType type, Object value) {
        return new Property(type, false, List.of(value));
    }

    /**
     * Reads a value as Config Admin holds it: a scalar, an array (of objects or primitives) or a collection.
     *
     * @param value the stored value, not {@code null}
     * @param declared the type the metatype declares, or {@code null} to infer it from the Java class
     * @return the property; if a value does not convert to {@code declared}, the type is inferred instead
     */
    static Property fromStored(Object value, @Nullable PropertyType declared) {
        boolean array;
        List<Object> elements = new ArrayList<>();
        if (value.getClass().isArray()) {
            array = true;
            for (int i = 0; i < Array.getLength(value); i++) {
                elements.add(Array.get(value, i));
            }
        } else if (value instanceof Collection<?> c) {
            array = true;
            elements.addAll(c);
        } else {
            array = false;
            elements.add(value);
        }
        elements.removeIf(Objects::isNull);
        if (!array && elements.isEmpty()) {
            throw new IllegalArgumentException("no value");
        }
        PropertyType type = declared;
        if (type == null) {
            type = elements.isEmpty() ? PropertyType.STRING : PropertyType.ofJavaValue(elements.get(0));
        }
        try {
            List<Object> converted = new ArrayList<>(elements.size());
            for (Object e : elements) {
                converted.add(type.convert(e));
            }
            return new Property(type, array, converted);
        } catch (IllegalArgumentException e) {
            if (declared == null) {
                throw e;
            }
            return fromStored(value, null);
        }
    }

    /** @return the value to give Config Admin: the scalar, or an array of the type's wrapper class */
    Object toStored() {
        if (!array) {
            return values.get(0);
        }
        Object[] a = type.newArray(values.size());
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }

    /** @return this property with every value replaced by the placeholder if it is a password */
    Property masked() {
        if (type != PropertyType.PASSWORD) {
            return this;
        }
        List<Object> m = new ArrayList<>(values.size());
        values.forEach(v -> m.add(PASSWORD_PLACEHOLDER));
        return new Property(type, array, m);
    }

    /** @return the values in text form */
    List<String> texts() {
        List<String> t = new ArrayList<>(values.size());
        values.forEach(v -> t.add(PropertyType.format(v)));
        return t;
    }
}
