// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;

/**
 * The JSON of CONF-V2 (kapua-protocol.md §4.3, field names as in Kura's configuration v2 documentation):
 * component configurations {@code {"pid","definition","properties":{name:{"type","value"}}}}, definitions
 * {@code {"id","name","description","ad":[...]}} and the small request objects ({@code pids}, {@code id},
 * {@code takeSnapshot}).
 */
final class ConfJson {

    private ConfJson() {
    }

    /**
     * @param configurations component configurations; password values must already be masked
     * @return {@code {"configs":[...]}}
     */
    static JsonObject configurations(Collection<ComponentConfiguration> configurations) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        configurations.forEach(c -> a.add(configuration(c)));
        return Json.createObjectBuilder().add("configs", a).build();
    }

    static JsonObject configuration(ComponentConfiguration c) {
        JsonObjectBuilder o = Json.createObjectBuilder().add("pid", c.pid());
        if (c.definition() != null) {
            o.add("definition", definition(c.definition()));
        }
        JsonObjectBuilder props = Json.createObjectBuilder();
        c.properties().forEach((name, p) -> props.add(name, Json.createObjectBuilder()
                .add("type", p.type().jsonName()).add("value", value(p))));
        return o.add("properties", props).build();
    }

    /**
     * @param pid the PID to show (a factory PID for factory definitions)
     * @param d the definition
     * @return {@code {"pid", "definition"}} without properties
     */
    static JsonObject definitionOnly(String pid, Definition d) {
        return Json.createObjectBuilder().add("pid", pid).add("definition", definition(d)).build();
    }

    static JsonObject definition(Definition d) {
        JsonObjectBuilder o = Json.createObjectBuilder().add("id", d.id()).add("name", d.name());
        if (d.description() != null) {
            o.add("description", d.description());
        }
        JsonArrayBuilder ads = Json.createArrayBuilder();
        for (Definition.Attribute a : d.attributes()) {
            JsonObjectBuilder ad = Json.createObjectBuilder().add("id", a.id()).add("name", a.name())
                    .add("type", a.type().jsonName()).add("cardinality", a.cardinality())
                    .add("isRequired", a.required());
            if (a.description() != null) {
                ad.add("description", a.description());
            }
            if (a.defaults() != null) {
                ad.add("defaultValue", String.join(",", a.defaults()));
            }
            if (a.min() != null) {
                ad.add("min", a.min());
            }
            if (a.max() != null) {
                ad.add("max", a.max());
            }
            if (!a.options().isEmpty()) {
                JsonArrayBuilder opts = Json.createArrayBuilder();
                a.options().forEach(op -> opts.add(Json.createObjectBuilder().add("label", op.label())
                        .add("value", op.value())));
                ad.add("option", opts);
            }
            ads.add(ad);
        }
        return o.add("ad", ads).build();
    }

    private static JsonValue value(Property p) {
        if (!p.array()) {
            return element(p.type(), p.values().get(0));
        }
        JsonArrayBuilder a = Json.createArrayBuilder();
        p.values().forEach(v -> a.add(element(p.type(), v)));
        return a.build();
    }

    private static JsonValue element(PropertyType type, Object v) {
        return switch (type) {
            case LONG, INTEGER, SHORT, BYTE -> Json.createValue(((Number) v).longValue());
            case DOUBLE, FLOAT -> {
                double d = ((Number) v).doubleValue();
                yield Double.isFinite(d) ? Json.createValue(new BigDecimal(v.toString()))
                        : Json.createValue(v.toString());
            }
            case BOOLEAN -> (Boolean) v ? JsonValue.TRUE : JsonValue.FALSE;
            default -> Json.createValue(v.toString());
        };
    }

    /**
     * Reads the {@code configs} of an update or factory-creation request.
     *
     * @param root the request object
     * @return one change per entry
     * @throws RequestFailure 400 if {@code configs} is missing or an entry is malformed
     */
    static List<RequestedChange> changes(JsonObject root) throws RequestFailure {
        JsonArray configs = array(root, "configs");
        List<RequestedChange> changes = new ArrayList<>();
        for (JsonValue v : configs) {
            if (!(v instanceof JsonObject c)) {
                throw RequestFailure.badRequest("every element of 'configs' must be an object");
            }
            String pid = string(c, "pid");
            String factoryPid = c.get("factoryPid") instanceof JsonString s ? s.getString() : null;
            Map<String, RequestedChange.Value> props = new LinkedHashMap<>();
            JsonValue pv = c.get("properties");
            if (pv instanceof JsonObject po) {
                for (Map.Entry<String, JsonValue> e : po.entrySet()) {
                    props.put(e.getKey(), property(pid, e.getKey(), e.getValue()));
                }
            } else if (pv != null && pv != JsonValue.NULL) {
                throw RequestFailure.badRequest("pid '" + pid + "': 'properties' must be an object");
            }
            changes.add(new RequestedChange(pid, factoryPid, props));
        }
        return changes;
    }

    private static RequestedChange.Value property(String pid, String name, JsonValue v) throws RequestFailure {
        if (!(v instanceof JsonObject o)) {
            throw RequestFailure.badRequest("pid '" + pid + "', attribute '" + name
                    + "': expected {\"type\":...,\"value\":...}");
        }
        String type = o.get("type") instanceof JsonString s ? s.getString() : null;
        JsonValue value = o.get("value");
        if (value == null || value == JsonValue.NULL) {
            return new RequestedChange.Value(type, false, null);
        }
        if (value instanceof JsonArray a) {
            List<String> texts = new ArrayList<>();
            for (JsonValue e : a) {
                texts.add(text(pid, name, e));
            }
            return new RequestedChange.Value(type, true, texts);
        }
        return new RequestedChange.Value(type, false, List.of(text(pid, name, value)));
    }

    private static String text(String pid, String name, JsonValue v) throws RequestFailure {
        if (v instanceof JsonString s) {
            return s.getString();
        } else if (v instanceof JsonNumber n) {
            return n.toString();
        } else if (v == JsonValue.TRUE) {
            return "true";
        } else if (v == JsonValue.FALSE) {
            return "false";
        }
        throw RequestFailure.badRequest("pid '" + pid + "', attribute '" + name
                + "': values must be strings, numbers or booleans");
    }

    /**
     * @param root a request object
     * @return the strings of its {@code pids} array
     * @throws RequestFailure 400 if missing or not an array of strings
     */
    static List<String> pids(JsonObject root) throws RequestFailure {
        List<String> pids = new ArrayList<>();
        for (JsonValue v : array(root, "pids")) {
            if (!(v instanceof JsonString s)) {
                throw RequestFailure.badRequest("'pids' must be an array of strings");
            }
            pids.add(s.getString());
        }
        return pids;
    }

    /**
     * @param root a request object
     * @return its integral {@code id}
     * @throws RequestFailure 400 if missing or not an integral number
     */
    static long id(JsonObject root) throws RequestFailure {
        if (root.get("id") instanceof JsonNumber n && n.isIntegral()) {
            return n.longValue();
        }
        throw RequestFailure.badRequest("the request needs a numeric 'id'");
    }

    /**
     * @param root a request object
     * @return its {@code takeSnapshot}, {@code true} when absent (Kura's default)
     */
    static boolean takeSnapshot(JsonObject root) {
        return root.getBoolean("takeSnapshot", true);
    }

    /**
     * @param body a request body
     * @return the JSON object it holds
     * @throws RequestFailure 400 if it is empty, not JSON or not an object
     */
    static JsonObject parse(byte @Nullable [] body) throws RequestFailure {
        if (body == null || body.length == 0) {
            throw RequestFailure.badRequest("the request needs a JSON body");
        }
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(body))) {
            JsonValue v = r.readValue();
            if (v instanceof JsonObject o) {
                return o;
            }
        } catch (JsonException | IllegalStateException e) {
            throw RequestFailure.badRequest("the body is not valid JSON: " + e.getMessage());
        }
        throw RequestFailure.badRequest("the body must be a JSON object");
    }

    static byte[] bytes(JsonValue v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonWriter w = Json.createWriter(out)) {
            w.write(v);
        }
        return out.toByteArray();
    }

    static JsonObject message(String message) {
        return Json.createObjectBuilder().add("message", message).build();
    }

    private static JsonArray array(JsonObject root, String key) throws RequestFailure {
        if (root.get(key) instanceof JsonArray a) {
            return a;
        }
        throw RequestFailure.badRequest("the request needs an array '" + key + "'");
    }

    private static String string(JsonObject o, String key) throws RequestFailure {
        if (o.get(key) instanceof JsonString s && !s.getString().isBlank()) {
            return s.getString();
        }
        throw RequestFailure.badRequest("every configuration needs a '" + key + "'");
    }
}
