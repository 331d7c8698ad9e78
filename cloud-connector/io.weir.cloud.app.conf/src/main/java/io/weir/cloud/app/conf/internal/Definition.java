// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A component's metatype object class definition (OCD) as the management apps show it. Attributes whose id starts
 * with {@code .} (private properties) are never part of it. Immutable.
 *
 * @param id the OCD id
 * @param name the OCD name
 * @param description the description, or {@code null}
 * @param attributes the attribute definitions in metatype order
 */
record Definition(String id, String name, @Nullable String description, List<Attribute> attributes) {

    Definition {
        attributes = List.copyOf(attributes);
    }

    /**
     * @param attributeId an attribute id
     * @return the attribute, or {@code null}
     */
    @Nullable
    Attribute attribute(String attributeId) {
        for (Attribute a : attributes) {
            if (a.id().equals(attributeId)) {
                return a;
            }
        }
        return null;
    }

    /**
     * One attribute definition (AD).
     *
     * @param id the property name
     * @param name the display name
     * @param description the description, or {@code null}
     * @param type the type
     * @param cardinality 0 for a scalar; otherwise the maximum number of values (negative: a collection)
     * @param required whether a value is required
     * @param defaults the default values in text form, or {@code null} if there is no default
     * @param min the minimum (length for strings) as text, or {@code null}
     * @param max the maximum as text, or {@code null}
     * @param options the allowed values, empty if any value is allowed
     * @param validator the metatype validation of one value in text form: {@code null} or empty means valid,
     *        anything else is the reason it is invalid
     */
    record Attribute(String id, String name, @Nullable String description, PropertyType type, int cardinality,
            boolean required, String @Nullable [] defaults, @Nullable String min, @Nullable String max,
            List<Option> options, Function<String, @Nullable String> validator) {

        Attribute {
            options = List.copyOf(options);
        }

        /** @return whether the property holds several values */
        boolean isArray() {
            return cardinality != 0;
        }

        /** @return the maximum number of values */
        int maxValues() {
            return cardinality == 0 ? 1 : Math.abs(cardinality);
        }

        /**
         * @return the default as a property, or {@code null} if there is none or it does not parse
         */
        @Nullable
        Property defaultProperty() {
            if (defaults == null || (!isArray() && defaults.length == 0)) {
                return null;
            }
            try {
                java.util.ArrayList<Object> v = new java.util.ArrayList<>();
                for (String d : defaults) {
                    v.add(type.parse(d));
                }
                return isArray() ? new Property(type, true, v) : Property.scalar(type, v.get(0));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /**
     * An allowed value.
     *
     * @param label the label
     * @param value the value in text form
     */
    record Option(String label, String value) {
    }

    /**
     * @param properties properties by name
     * @return the defaults of every attribute that has one
     */
    Map<String, Property> defaults(Map<String, Property> properties) {
        for (Attribute a : attributes) {
            Property p = a.defaultProperty();
            if (p != null) {
                properties.put(a.id(), p);
            }
        }
        return properties;
    }
}
