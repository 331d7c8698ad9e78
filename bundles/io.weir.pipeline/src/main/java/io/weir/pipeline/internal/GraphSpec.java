// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A pipeline graph parsed from configuration and checked: unique node ids, known inputs, no cycles. Nodes are
 * kept in a topological order. Pure logic.
 *
 * <p>Each node is one JSON object: {@code {"id":"ewma","type":"ewma","inputs":["scale"],"config":{"alpha":0.2}}}.
 * {@code id} defaults to {@code type}; {@code inputs} defaults to the previous node in the list (the
 * pipeline's source for the first node), so a linear chain needs no inputs at all. The reserved input name
 * {@value #SOURCE} is the pipeline's source (the records its assets deliver).
 */
final class GraphSpec {

    static final String SOURCE = "$source";

    /** One node of the graph. */
    static final class NodeSpec {
        final String id;
        final String type;
        final List<String> inputs;
        final Map<String, Object> config;

        NodeSpec(String id, String type, List<String> inputs, Map<String, Object> config) {
            this.id = id;
            this.type = type;
            this.inputs = List.copyOf(inputs);
            this.config = Collections.unmodifiableMap(config);
        }

        @Override
        public String toString() {
            return id + "(" + type + ")";
        }
    }

    /** Nodes in topological order: every node comes after all its inputs. */
    final List<NodeSpec> nodes;

    private GraphSpec(List<NodeSpec> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * @throws IllegalArgumentException with a message naming the node and the problem
     */
    static GraphSpec parse(String pipeline, String[] stageJson) {
        List<NodeSpec> declared = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String previous = SOURCE;
        for (int i = 0; i < stageJson.length; i++) {
            JsonObject o;
            try (JsonReader r = Json.createReader(new StringReader(stageJson[i]))) {
                o = r.readObject();
            } catch (JsonException | IllegalStateException e) {
                throw new IllegalArgumentException("pipeline " + pipeline + ": stages[" + i + "] is not a JSON object: "
                        + e.getMessage());
            }
            String type = string(o, "type", null, pipeline, i);
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("pipeline " + pipeline + ": stages[" + i + "] has no \"type\"");
            }
            String id = string(o, "id", type, pipeline, i);
            if (id.isBlank() || id.startsWith("$")) {
                throw new IllegalArgumentException("pipeline " + pipeline + ": stages[" + i + "] has an invalid id '"
                        + id + "'");
            }
            if (!ids.add(id)) {
                throw new IllegalArgumentException("pipeline " + pipeline + ": duplicate stage id '" + id
                        + "' (give each node its own \"id\")");
            }
            List<String> inputs = new ArrayList<>();
            JsonValue in = o.get("inputs");
            if (in == null || in.getValueType() == JsonValue.ValueType.NULL) {
                inputs.add(previous);
            } else if (in.getValueType() == JsonValue.ValueType.ARRAY) {
                for (JsonValue v : (JsonArray) in) {
                    if (v.getValueType() != JsonValue.ValueType.STRING) {
                        throw new IllegalArgumentException("pipeline " + pipeline + ": stage '" + id
                                + "': inputs must be strings");
                    }
                    inputs.add(((JsonString) v).getString());
                }
                if (inputs.isEmpty()) {
                    throw new IllegalArgumentException("pipeline " + pipeline + ": stage '" + id + "' has no inputs");
                }
            } else if (in.getValueType() == JsonValue.ValueType.STRING) {
                inputs.add(((JsonString) in).getString());
            } else {
                throw new IllegalArgumentException("pipeline " + pipeline + ": stage '" + id
                        + "': inputs must be a string or an array of strings");
            }
            JsonValue cfg = o.get("config");
            Map<String, Object> config = new LinkedHashMap<>();
            if (cfg != null && cfg.getValueType() != JsonValue.ValueType.NULL) {
                if (cfg.getValueType() != JsonValue.ValueType.OBJECT) {
                    throw new IllegalArgumentException("pipeline " + pipeline + ": stage '" + id
                            + "': config must be a JSON object");
                }
                for (Map.Entry<String, JsonValue> e : ((JsonObject) cfg).entrySet()) {
                    config.put(e.getKey(), plain(e.getValue()));
                }
            }
            declared.add(new NodeSpec(id, type, inputs, config));
            previous = id;
        }
        if (declared.isEmpty()) {
            throw new IllegalArgumentException("pipeline " + pipeline + " has no stages");
        }
        for (NodeSpec n : declared) {
            for (String input : n.inputs) {
                if (!SOURCE.equals(input) && !ids.contains(input)) {
                    throw new IllegalArgumentException("pipeline " + pipeline + ": stage '" + n.id
                            + "' reads from unknown stage '" + input + "'");
                }
            }
        }
        return new GraphSpec(topologicalOrder(pipeline, declared));
    }

    private static String string(JsonObject o, String key, String fallback, String pipeline, int i) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return fallback;
        }
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            throw new IllegalArgumentException("pipeline " + pipeline + ": stages[" + i + "]." + key + " must be a string");
        }
        return ((JsonString) v).getString();
    }

    /** JSON to plain Java values for the OSGi converter: String, Long/Double, Boolean, List, Map. */
    static Object plain(JsonValue v) {
        switch (v.getValueType()) {
            case STRING:
                return ((JsonString) v).getString();
            case NUMBER:
                JsonNumber n = (JsonNumber) v;
                return n.isIntegral() ? (Object) n.longValue() : (Object) n.doubleValue();
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case ARRAY:
                List<Object> list = new ArrayList<>();
                for (JsonValue e : (JsonArray) v) {
                    list.add(plain(e));
                }
                return list;
            case OBJECT:
                Map<String, Object> map = new LinkedHashMap<>();
                ((JsonObject) v).forEach((k, e) -> map.put(k, plain(e)));
                return map;
            default:
                return null;
        }
    }

    /** Kahn's algorithm, keeping declaration order among ready nodes; a cycle is reported with its path. */
    private static List<NodeSpec> topologicalOrder(String pipeline, List<NodeSpec> declared) {
        Map<String, NodeSpec> byId = new LinkedHashMap<>();
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> downstream = new HashMap<>();
        for (NodeSpec n : declared) {
            byId.put(n.id, n);
            int count = 0;
            for (String in : n.inputs) {
                if (!SOURCE.equals(in)) {
                    count++;
                    downstream.computeIfAbsent(in, k -> new ArrayList<>()).add(n.id);
                }
            }
            pending.put(n.id, count);
        }
        List<NodeSpec> order = new ArrayList<>();
        Deque<String> ready = new ArrayDeque<>();
        for (NodeSpec n : declared) {
            if (pending.get(n.id) == 0) {
                ready.add(n.id);
            }
        }
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(byId.get(id));
            for (String d : downstream.getOrDefault(id, List.of())) {
                if (pending.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        if (order.size() != declared.size()) {
            throw new IllegalArgumentException("pipeline " + pipeline + " has a cycle: " + cycle(byId, pending));
        }
        return order;
    }

    private static String cycle(Map<String, NodeSpec> byId, Map<String, Integer> pending) {
        // walk inputs backwards from any node still pending until a node repeats
        String start = null;
        for (Map.Entry<String, Integer> e : pending.entrySet()) {
            if (e.getValue() > 0) {
                start = e.getKey();
                break;
            }
        }
        List<String> path = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String current = start;
        while (current != null && seen.add(current)) {
            path.add(current);
            String next = null;
            for (String in : byId.get(current).inputs) {
                if (!SOURCE.equals(in) && pending.getOrDefault(in, 0) > 0) {
                    next = in;
                    break;
                }
            }
            current = next;
        }
        if (current == null) {
            return String.join(" <- ", path);
        }
        List<String> loop = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
        Collections.reverse(loop);
        loop.add(loop.get(0));
        return String.join(" -> ", loop);
    }
}
