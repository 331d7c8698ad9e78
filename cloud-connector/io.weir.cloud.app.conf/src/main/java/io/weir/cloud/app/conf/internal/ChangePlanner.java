// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Turns a requested change of one component into the complete new property set, validating every requested
 * property first: known type, value parses as the attribute's type, cardinality, the metatype's own validation
 * (options, min, max) and required attributes (a request may not remove them). Pure logic: no Config Admin, no I/O.
 *
 * <p>Merge rule (as in Kura): properties the request does not mention keep their current values; a component
 * without a configuration starts from its metatype defaults. A password sent as {@value Property#PASSWORD_PLACEHOLDER}
 * keeps its current value. Private ({@code .}-prefixed) properties cannot be set and are kept as they are.
 * Reasons name the PID and attribute and never contain a password value.
 */
final class ChangePlanner {

    private ChangePlanner() {
    }

    /**
     * @param target the component as it is now
     * @param change what the request asks for
     * @return the complete new properties to store (Config Admin's own keys left out)
     * @throws RequestFailure a 400 naming the PID and attribute of the first invalid property
     */
    static Map<String, Object> merge(ConfigTarget target, RequestedChange change) throws RequestFailure {
        Definition def = target.definition();
        Map<String, Object> result = new LinkedHashMap<>();
        def.attributes().forEach(a -> {
            Property p = a.defaultProperty();
            if (p != null) {
                result.put(a.id(), p.toStored());
            }
        });
        Map<String, Object> stored = target.stored();
        if (stored != null) {
            stored.forEach((k, v) -> {
                if (!ConfigTarget.ADMIN_KEYS.contains(k) && v != null) {
                    result.put(k, v);
                }
            });
        }
        for (Map.Entry<String, RequestedChange.Value> e : change.properties().entrySet()) {
            apply(target.pid(), def, e.getKey(), e.getValue(), result);
        }
        // "required" is enforced on what the request sets or removes; a component that already runs without a
        // value for a required attribute that has no default (Felix SCR's ds.loglevel) can still be changed
        return result;
    }

    private static void apply(String pid, Definition def, String name, RequestedChange.Value value,
            Map<String, Object> result) throws RequestFailure {
        if (ConfigTarget.IGNORED_INPUT_KEYS.contains(name)) {
            return;
        }
        if (name.isBlank()) {
            throw RequestFailure.badRequest("pid '" + pid + "': a property has no name");
        }
        if (name.startsWith(".")) {
            throw fail(pid, name, "is a private property and cannot be set remotely");
        }
        Definition.Attribute ad = def.attribute(name);
        PropertyType sent = PropertyType.fromName(value.type());
        if (value.type() != null && sent == null) {
            throw fail(pid, name, "has unknown type '" + value.type() + "'");
        }
        PropertyType type = ad != null ? ad.type() : sent;
        if (type == null) {
            throw fail(pid, name, "has no type");
        }
        boolean secret = type == PropertyType.PASSWORD || sent == PropertyType.PASSWORD;
        List<String> texts = value.values();
        if (texts == null) {
            if (ad != null && ad.required()) {
                throw fail(pid, name, "is required and cannot be removed");
            }
            result.remove(name);
            return;
        }
        if (secret && !texts.isEmpty() && texts.stream().allMatch(Property.PASSWORD_PLACEHOLDER::equals)) {
            return; // keep the current password
        }
        boolean array = ad != null ? ad.isArray() : value.array();
        if (!array && texts.size() != 1) {
            throw fail(pid, name, "takes exactly one value, got " + texts.size());
        }
        if (ad != null && array && texts.size() > ad.maxValues()) {
            throw fail(pid, name, "takes at most " + ad.maxValues() + " values, got " + texts.size());
        }
        List<Object> parsed = new ArrayList<>(texts.size());
        for (String text : texts) {
            Object v;
            try {
                v = type.parse(Objects.requireNonNull(text));
            } catch (IllegalArgumentException e) {
                throw fail(pid, name, (secret ? "value" : "value '" + text + "'") + " is " + e.getMessage());
            }
            if (ad != null) {
                String reason = ad.validator().apply(escape(PropertyType.format(v), array));
                if (reason != null && !reason.isEmpty()) {
                    throw fail(pid, name, (secret ? "value" : "value '" + text + "'") + " is invalid: "
                            + describe(reason, ad));
                }
            }
            parsed.add(v);
        }
        result.put(name, new Property(type, array, parsed).toStored());
    }

    /** Felix Metatype answers with "%key" localisation keys ("%less than minimum"); make them readable. */
    private static String describe(String reason, Definition.Attribute ad) {
        String r = reason.startsWith("%") ? reason.substring(1) : reason;
        if (r.contains("minimum") && ad.min() != null) {
            r += " " + ad.min();
        } else if (r.contains("maximum") && ad.max() != null) {
            r += " " + ad.max();
        } else if (r.contains("option") && !ad.options().isEmpty()) {
            r += " (allowed: " + String.join(", ", ad.options().stream().map(Definition.Option::value).toList())
                    + ")";
        }
        return r;
    }

    /** An array element must not be split again by the metatype validator: escape its commas. */
    private static String escape(String text, boolean array) {
        return array ? text.replace("\\", "\\\\").replace(",", "\\,") : text;
    }

    private static RequestFailure fail(String pid, String attribute, String what) {
        return RequestFailure.badRequest("pid '" + pid + "', attribute '" + attribute + "' " + what);
    }

    /**
     * @param target a component
     * @param after its new properties
     * @return whether storing {@code after} would change what the component runs with (its stored values over its
     *         metatype defaults); writing an unchanged configuration would still restart the component
     */
    static boolean changes(ConfigTarget target, Map<String, Object> after) throws RequestFailure {
        Map<String, Object> now = merge(target, new RequestedChange(target.pid(), target.factoryPid(), Map.of()));
        return target.stored() == null ? !sameProperties(after, now) : !sameProperties(after, target.stored());
    }

    /**
     * @param a a property map as stored
     * @param b another
     * @return whether both hold the same values, arrays and collections compared element by element
     */
    static boolean sameProperties(@Nullable Map<String, Object> a, @Nullable Map<String, Object> b) {
        if (a == null || b == null) {
            return a == b;
        }
        Map<String, Object> na = normalise(a);
        Map<String, Object> nb = normalise(b);
        return na.equals(nb);
    }

    private static Map<String, Object> normalise(Map<String, Object> m) {
        Map<String, Object> n = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (ConfigTarget.ADMIN_KEYS.contains(k) || v == null) {
                return;
            }
            if (v.getClass().isArray()) {
                List<Object> l = new ArrayList<>();
                for (int i = 0; i < Array.getLength(v); i++) {
                    l.add(Array.get(v, i));
                }
                n.put(k, l);
            } else if (v instanceof Collection<?> c) {
                n.put(k, new ArrayList<>(c));
            } else {
                n.put(k, v);
            }
        });
        return n;
    }
}
