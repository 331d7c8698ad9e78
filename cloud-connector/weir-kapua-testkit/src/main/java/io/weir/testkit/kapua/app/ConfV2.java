// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua.app;

import io.weir.testkit.kapua.NoReplyException;
import io.weir.testkit.kapua.Reply;
import io.weir.testkit.payload.RawKuraPayload;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.jspecify.annotations.Nullable;

/**
 * CONF-V2 (spec §4.3): Kura's REST configuration API over MQTT, JSON bodies. A configuration is {@code {"pid",
 * "definition", "properties": {name: {"type", "value"}}}} with types {@code STRING}, {@code LONG}, {@code DOUBLE},
 * {@code FLOAT}, {@code INTEGER}, {@code BYTE}, {@code CHAR}, {@code BOOLEAN}, {@code SHORT}, {@code PASSWORD};
 * arrays are JSON arrays.
 *
 * <pre>{@code
 * ConfV2 conf = Device.of(kapua, "acc", "gw-1").confV2();
 * ConfV2.Configuration c = conf.getConfigurations("org.example.Pid").get(0);
 * conf.update(List.of(new ConfV2.Configuration("org.example.Pid", null,
 *         Map.of("port", ConfV2.Property.of("INTEGER", 503)))), false);
 * }</pre>
 */
public final class ConfV2 {

    /** The app id. */
    public static final String APP_ID = "CONF-V2";

    private final Device device;

    /** @param device the gateway */
    public ConfV2(Device device) {
        this.device = device;
    }

    /**
     * A component configuration.
     *
     * @param pid the pid
     * @param definition the OCD object as sent, or {@code null}
     * @param properties the properties by name, in document order
     */
    public record Configuration(String pid, @Nullable JsonObject definition, Map<String, Property> properties) {
        /** Copies the map, keeping its order. */
        public Configuration {
            Objects.requireNonNull(pid, "pid");
            properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        }
    }

    /**
     * A property value.
     *
     * @param type the type name, such as {@code INTEGER}
     * @param value the JSON value, {@code null} if absent
     */
    public record Property(String type, @Nullable JsonValue value) {

        /**
         * @param type the type name
         * @param value a {@link String}, {@link Number}, {@link Boolean}, {@link Character}, a {@link Collection} or
         *     an array of those, or {@code null}
         * @return the property
         */
        public static Property of(String type, @Nullable Object value) {
            return new Property(type, value == null ? null : toJson(value));
        }

        /**
         * @return the value as Java: {@link String}, {@link Long} (integral numbers), {@link Double}, {@link
         *     Boolean}, a {@code List} of those for an array, or {@code null}
         */
        public @Nullable Object javaValue() {
            return value == null ? null : toJava(value);
        }
    }

    private static JsonValue toJson(Object v) {
        if (v instanceof JsonValue j) {
            return j;
        }
        if (v instanceof String || v instanceof Character) {
            return Json.createValue(v.toString());
        }
        if (v instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (v instanceof Double || v instanceof Float) {
            return Json.createValue(((Number) v).doubleValue());
        }
        if (v instanceof Number n) {
            return Json.createValue(n.longValue());
        }
        if (v instanceof Collection<?> c) {
            JsonArrayBuilder a = Json.createArrayBuilder();
            c.forEach(e -> a.add(toJson(e)));
            return a.build();
        }
        if (v.getClass().isArray()) {
            JsonArrayBuilder a = Json.createArrayBuilder();
            for (int i = 0; i < java.lang.reflect.Array.getLength(v); i++) {
                a.add(toJson(java.lang.reflect.Array.get(v, i)));
            }
            return a.build();
        }
        throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as a property value");
    }

    private static @Nullable Object toJava(JsonValue v) {
        return switch (v.getValueType()) {
            case STRING -> ((JsonString) v).getString();
            case NUMBER -> ((JsonNumber) v).isIntegral() ? (Object) ((JsonNumber) v).longValueExact()
                    : (Object) ((JsonNumber) v).doubleValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
            case ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonValue e : (JsonArray) v) {
                    l.add(toJava(e));
                }
                yield java.util.Collections.unmodifiableList(l);
            }
            case OBJECT -> v;
        };
    }

    // ---------------------------------------------------------------------------------------------- requests

    /**
     * {@code GET/configurableComponents/configurations}.
     *
     * @return all configurations
     * @throws ManagementException if the code is not 200 or the body is not {@code {"configs":[...]}}
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public List<Configuration> getConfigurations() throws NoReplyException, MqttException, InterruptedException {
        List<String> res = List.of("configurableComponents", "configurations");
        Reply r = device.requestOk(APP_ID, "GET", res, null);
        return Device.parse(r, Device.describe(APP_ID, "GET", res), ConfV2::parseConfigurations);
    }

    /**
     * {@code POST/configurableComponents/configurations/byPid} with {@code {"pids":[...]}}.
     *
     * @param pids the pids
     * @return their configurations
     * @throws ManagementException if the code is not 200 or the body is not {@code {"configs":[...]}}
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public List<Configuration> getConfigurations(String... pids)
            throws NoReplyException, MqttException, InterruptedException {
        List<String> res = List.of("configurableComponents", "configurations", "byPid");
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (String p : pids) {
            a.add(p);
        }
        RawKuraPayload args = new RawKuraPayload().body(JsonBodies.bytes(Json.createObjectBuilder()
                .add("pids", a).build()));
        Reply r = device.requestOk(APP_ID, "POST", res, args);
        return Device.parse(r, Device.describe(APP_ID, "POST", res), ConfV2::parseConfigurations);
    }

    /**
     * {@code GET/configurableComponents}.
     *
     * @return the configurable components' pids
     * @throws ManagementException if the code is not 200 or the body is not {@code {"pids":[...]}}
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public List<String> configurableComponents() throws NoReplyException, MqttException, InterruptedException {
        Reply r = device.requestOk(APP_ID, "GET", List.of("configurableComponents"), null);
        return Device.parse(r, "CONF-V2 GET/configurableComponents", b -> strings(b, "pids"));
    }

    /**
     * {@code GET/snapshots}.
     *
     * @return the snapshot ids
     * @throws ManagementException if the code is not 200 or the body is not {@code {"ids":[...]}}
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public List<Long> snapshots() throws NoReplyException, MqttException, InterruptedException {
        Reply r = device.requestOk(APP_ID, "GET", List.of("snapshots"), null);
        return Device.parse(r, "CONF-V2 GET/snapshots", b -> {
            JsonObject o = JsonBodies.object(JsonBodies.parse(b, "snapshots body"), "snapshots body");
            List<Long> ids = new ArrayList<>();
            for (JsonValue v : JsonBodies.array(o, "ids", "snapshots body")) {
                if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
                    throw new IllegalArgumentException("snapshot id " + v + " is not an integer");
                }
                ids.add(n.longValueExact());
            }
            return List.copyOf(ids);
        });
    }

    /**
     * {@code PUT/configurableComponents/configurations/_update} with {@code {"configs":[{"pid","properties"}],
     * "takeSnapshot":b}} (definitions are not sent).
     *
     * @param configurations the configurations
     * @param takeSnapshot whether the gateway should take a snapshot afterwards
     * @return the reply
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply update(List<Configuration> configurations, boolean takeSnapshot)
            throws NoReplyException, MqttException, InterruptedException {
        return device.request(APP_ID, "PUT", List.of("configurableComponents", "configurations", "_update"),
                new RawKuraPayload().body(writeUpdate(configurations, takeSnapshot)));
    }

    /**
     * {@link #update(List, boolean)} of one component, without a snapshot.
     *
     * @param pid the pid
     * @param properties the properties
     * @return the reply
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply update(String pid, Map<String, Property> properties)
            throws NoReplyException, MqttException, InterruptedException {
        return update(List.of(new Configuration(pid, null, properties)), false);
    }

    // ---------------------------------------------------------------------------------------------- JSON

    /**
     * Parses {@code {"configs":[{"pid","definition"?,"properties"?:{name:{"type","value"?}}}]}}.
     *
     * @param json the body
     * @return the configurations, in document order
     * @throws IllegalArgumentException if the body has another shape
     */
    public static List<Configuration> parseConfigurations(byte[] json) {
        JsonObject root = JsonBodies.object(JsonBodies.parse(json, "configurations body"), "configurations body");
        List<Configuration> out = new ArrayList<>();
        for (JsonObject c : JsonBodies.objects(JsonBodies.array(root, "configs", "configurations body"),
                "configuration")) {
            String pid = JsonBodies.string(c, "pid", "configuration #" + (out.size() + 1));
            String what = "configuration " + pid;
            JsonValue def = c.get("definition");
            JsonObject definition = def == null || def == JsonValue.NULL ? null : JsonBodies.object(def,
                    what + " definition");
            Map<String, Property> props = new LinkedHashMap<>();
            JsonValue pv = c.get("properties");
            if (pv != null && pv != JsonValue.NULL) {
                for (Map.Entry<String, JsonValue> e : JsonBodies.object(pv, what + " properties").entrySet()) {
                    JsonObject p = JsonBodies.object(e.getValue(), what + " property " + e.getKey());
                    JsonValue value = p.get("value");
                    props.put(e.getKey(), new Property(JsonBodies.string(p, "type", what + " property " + e.getKey()),
                            value));
                }
            }
            out.add(new Configuration(pid, definition, props));
        }
        return List.copyOf(out);
    }

    /**
     * @param configurations the configurations
     * @param takeSnapshot the flag
     * @return the {@code _update} body
     */
    public static byte[] writeUpdate(List<Configuration> configurations, boolean takeSnapshot) {
        JsonArrayBuilder configs = Json.createArrayBuilder();
        for (Configuration c : configurations) {
            JsonObjectBuilder props = Json.createObjectBuilder();
            c.properties().forEach((name, p) -> {
                JsonObjectBuilder po = Json.createObjectBuilder().add("type", p.type());
                if (p.value() != null) {
                    po.add("value", p.value());
                }
                props.add(name, po);
            });
            configs.add(Json.createObjectBuilder().add("pid", c.pid()).add("properties", props));
        }
        return JsonBodies.bytes(Json.createObjectBuilder().add("configs", configs).add("takeSnapshot", takeSnapshot)
                .build());
    }

    private static List<String> strings(byte[] body, String key) {
        JsonObject o = JsonBodies.object(JsonBodies.parse(body, "body"), "body");
        List<String> out = new ArrayList<>();
        for (JsonValue v : JsonBodies.array(o, key, "body")) {
            if (!(v instanceof JsonString s)) {
                throw new IllegalArgumentException("\"" + key + "\" holds " + v + ", not a string");
            }
            out.add(s.getString());
        }
        return List.copyOf(out);
    }
}
