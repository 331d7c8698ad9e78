// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.payload;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * A Kura payload ({@code kuradatatypes.KuraPayload}, spec §1.1) as it is on the wire, with a hand-written protobuf
 * reader and writer.
 *
 * <pre>{@code
 * byte[] request = new RawKuraPayload()
 *         .metric("request.id", MetricType.STRING, "42")
 *         .metric("job.id", MetricType.INT64, 7L)
 *         .encode();
 * RawKuraPayload reply = RawKuraPayload.decode(bytes);      // gunzips if the bytes start with 1F 8B
 * int code = reply.getInt32("response.code");                // fails unless it is an INT32 metric
 * }</pre>
 *
 * <p>Fields: {@code timestamp} (1, int64), {@code position} (2), {@code metric} (5000, repeated) and {@code body}
 * (5001). Metrics keep their order and their declared type number. Several metrics with one name are all kept in
 * {@link #metricList()}; {@link #metrics()} and the getters see the last one, as Kura and Kapua do.
 *
 * <p>Building is deliberately permissive where tests need it: {@link #metric(String, MetricType, Object)} lets a
 * test declare any of the seven types (for example {@code request.id} as {@code INT64}, which Kura must refuse), and
 * {@link #rawMetric} writes any type number into any value field. Decoding is strict: see {@link #decode(byte[])}.
 *
 * <p>Not thread-safe; a decoded payload is an ordinary mutable instance.
 */
public final class RawKuraPayload {

    /** Largest gunzipped payload {@link #decode} accepts: 256 MiB. */
    public static final int MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

    private static final int TIMESTAMP = 1;
    private static final int POSITION = 2;
    private static final int METRIC = 5000;
    private static final int BODY = 5001;

    /** A metric and the field its value is written to (differs from the type's field only for raw metrics). */
    private record Entry(Metric metric, int valueField) {
    }

    private @Nullable Long timestamp;
    private @Nullable KuraPosition position;
    private final List<Entry> entries = new ArrayList<>();
    private byte @Nullable [] body;
    private boolean gzipped;
    private final List<String> unknownFields = new ArrayList<>();

    /** An empty payload: no timestamp, position, metrics or body. */
    public RawKuraPayload() {
    }

    // ---------------------------------------------------------------------------------------------- building

    /**
     * @param epochMillis the payload timestamp (field 1), {@code null} to leave it out
     * @return this payload
     */
    public RawKuraPayload timestamp(@Nullable Long epochMillis) {
        this.timestamp = epochMillis;
        return this;
    }

    /**
     * @param position the position (field 2), {@code null} to leave it out
     * @return this payload
     */
    public RawKuraPayload position(@Nullable KuraPosition position) {
        this.position = position;
        return this;
    }

    /**
     * @param body the body (field 5001), {@code null} to leave it out (an empty array is written as an empty body)
     * @return this payload
     */
    public RawKuraPayload body(byte @Nullable [] body) {
        this.body = body == null ? null : body.clone();
        return this;
    }

    /**
     * Appends a metric of the given declared type. The value must fit the type: {@code STRING} a {@link
     * CharSequence}, {@code INT32} an {@link Integer} (or {@link Short}, {@link Byte}), {@code INT64} a {@link Long}
     * (or a smaller integer), {@code DOUBLE} a {@link Double}, {@code FLOAT} a {@link Float}, {@code BOOL} a {@link
     * Boolean}, {@code BYTES} a {@code byte[]}.
     *
     * @param name the metric name
     * @param type the declared type, written as is
     * @param value the value
     * @return this payload
     * @throws IllegalArgumentException if the value does not fit the type
     */
    public RawKuraPayload metric(String name, MetricType type, Object value) {
        entries.add(new Entry(Metric.of(name, type, coerce(name, type, value)), type.valueField()));
        return this;
    }

    /**
     * Appends a metric as it is (its declared type number decides the value field; the value must fit it).
     *
     * @param metric the metric, for example one taken from a decoded payload
     * @return this payload
     */
    public RawKuraPayload metric(Metric metric) {
        MetricType type = metric.type();
        if (type == null) {
            throw new IllegalArgumentException("metric '" + metric.name() + "' has type number "
                    + metric.typeNumber() + "; use rawMetric to write a type outside the seven");
        }
        entries.add(new Entry(Metric.of(metric.name(), type, coerce(metric.name(), type, metric.value())),
                type.valueField()));
        return this;
    }

    /**
     * Appends a deliberately malformed metric: any type number, its value in any of the value fields 3..9 (the
     * value must fit the field). A strict decoder refuses it; Kura and Kapua fail on it.
     *
     * @param name the metric name
     * @param typeNumber the {@code type} field (2) as written; need not be one of the seven
     * @param valueField the field (3..9) the value is written to
     * @param value the value, of the Java type of {@code valueField}'s metric type
     * @return this payload
     */
    public RawKuraPayload rawMetric(String name, int typeNumber, int valueField, Object value) {
        MetricType fieldType = MetricType.ofValueField(valueField);
        if (fieldType == null) {
            throw new IllegalArgumentException("value field must be 3..9, was " + valueField);
        }
        MetricType declared = MetricType.ofNumber(typeNumber);
        String typeName = declared == null ? "UNKNOWN(" + typeNumber + ")" : declared.name();
        entries.add(new Entry(new Metric(name, typeNumber, typeName, coerce(name, fieldType, value)), valueField));
        return this;
    }

    /**
     * @param name a metric name
     * @return this payload, without any metric of that name
     */
    public RawKuraPayload removeMetric(String name) {
        entries.removeIf(e -> e.metric().name().equals(name));
        return this;
    }

    private static Object coerce(String name, MetricType type, Object value) {
        Object v = switch (type) {
            case STRING -> value instanceof CharSequence cs ? cs.toString() : null;
            case INT32 -> value instanceof Integer || value instanceof Short || value instanceof Byte
                    ? (Object) ((Number) value).intValue() : null;
            case INT64 -> value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte ? (Object) ((Number) value).longValue() : null;
            case DOUBLE -> value instanceof Double ? value : null;
            case FLOAT -> value instanceof Float ? value : null;
            case BOOL -> value instanceof Boolean ? value : null;
            case BYTES -> value instanceof byte[] b ? b.clone() : null;
        };
        if (v == null) {
            throw new IllegalArgumentException("metric '" + name + "': a " + value.getClass().getSimpleName()
                    + " value does not fit type " + type + " (" + type.javaType().getSimpleName() + ")");
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------------- reading

    /** @return the timestamp (field 1), or {@code null} if absent */
    public @Nullable Long timestamp() {
        return timestamp;
    }

    /** @return the position (field 2), or {@code null} if absent */
    public @Nullable KuraPosition position() {
        return position;
    }

    /** @return a copy of the body (field 5001), or {@code null} if absent */
    public byte @Nullable [] body() {
        return body == null ? null : body.clone();
    }

    /** @return every metric in wire order, duplicates included */
    public List<Metric> metricList() {
        List<Metric> list = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            list.add(e.metric());
        }
        return Collections.unmodifiableList(list);
    }

    /** @return the metrics by name, in order of first appearance; for a repeated name the last one */
    public Map<String, Metric> metrics() {
        Map<String, Metric> map = new LinkedHashMap<>();
        for (Entry e : entries) {
            map.put(e.metric().name(), e.metric());
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * @param name a metric name
     * @return the (last) metric of that name, or {@code null}
     */
    public @Nullable Metric get(String name) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).metric().name().equals(name)) {
                return entries.get(i).metric();
            }
        }
        return null;
    }

    /** @return whether a metric of that name is present */
    public boolean has(String name) {
        return get(name) != null;
    }

    /** @return the value of the {@code STRING} metric {@code name}; fails if it is missing or of another type */
    public String getString(String name) {
        return (String) typed(name, MetricType.STRING);
    }

    /** @return the value of the {@code INT32} metric {@code name}; fails if it is missing or of another type */
    public int getInt32(String name) {
        return (Integer) typed(name, MetricType.INT32);
    }

    /** @return the value of the {@code INT64} metric {@code name}; fails if it is missing or of another type */
    public long getInt64(String name) {
        return (Long) typed(name, MetricType.INT64);
    }

    /** @return the value of the {@code BOOL} metric {@code name}; fails if it is missing or of another type */
    public boolean getBool(String name) {
        return (Boolean) typed(name, MetricType.BOOL);
    }

    /** @return the value of the {@code DOUBLE} metric {@code name}; fails if it is missing or of another type */
    public double getDouble(String name) {
        return (Double) typed(name, MetricType.DOUBLE);
    }

    /** @return the value of the {@code FLOAT} metric {@code name}; fails if it is missing or of another type */
    public float getFloat(String name) {
        return (Float) typed(name, MetricType.FLOAT);
    }

    /** @return the value of the {@code BYTES} metric {@code name}; fails if it is missing or of another type */
    public byte[] getBytes(String name) {
        return ((byte[]) typed(name, MetricType.BYTES)).clone();
    }

    private Object typed(String name, MetricType type) {
        Metric m = get(name);
        if (m == null) {
            throw new IllegalStateException("no metric '" + name + "' in " + this);
        }
        if (!m.is(type) || !type.javaType().isInstance(m.value())) {
            throw new IllegalStateException("metric '" + name + "' is " + m.typeName() + ", not " + type);
        }
        return m.value();
    }

    /** @return whether {@link #decode} found the bytes gzip-compressed */
    public boolean wasGzipped() {
        return gzipped;
    }

    /**
     * @return fields {@link #decode} skipped because the schema does not define them, as paths such as {@code "7"}
     *     (top level), {@code "position.12"} or {@code "metric[name].10"}
     */
    public List<String> unknownFields() {
        return Collections.unmodifiableList(unknownFields);
    }

    /** @return an independent copy (the gzip flag and unknown fields are not copied) */
    public RawKuraPayload copy() {
        RawKuraPayload c = new RawKuraPayload();
        c.timestamp = timestamp;
        c.position = position;
        c.body = body == null ? null : body.clone();
        c.entries.addAll(entries);
        return c;
    }

    // ---------------------------------------------------------------------------------------------- encoding

    /** @return the protobuf bytes: timestamp, position, metrics in order, body */
    public byte[] encode() {
        WireWriter w = new WireWriter();
        if (timestamp != null) {
            w.varintField(TIMESTAMP, timestamp);
        }
        if (position != null) {
            w.bytesField(POSITION, encodePosition(position));
        }
        for (Entry e : entries) {
            w.bytesField(METRIC, encodeMetric(e));
        }
        if (body != null) {
            w.bytesField(BODY, body);
        }
        return w.toByteArray();
    }

    /** @return {@link #encode()} wrapped in a gzip stream, as Kura sends it with {@code encode.gzip} */
    public byte[] encodeGzip() {
        return gzip(encode());
    }

    /**
     * @param data any bytes
     * @return them gzip-compressed
     */
    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] encodePosition(KuraPosition p) {
        WireWriter w = new WireWriter();
        w.doubleField(1, p.latitude());
        w.doubleField(2, p.longitude());
        if (p.altitude() != null) {
            w.doubleField(3, p.altitude());
        }
        if (p.precision() != null) {
            w.doubleField(4, p.precision());
        }
        if (p.heading() != null) {
            w.doubleField(5, p.heading());
        }
        if (p.speed() != null) {
            w.doubleField(6, p.speed());
        }
        if (p.timestamp() != null) {
            w.varintField(7, p.timestamp());
        }
        if (p.satellites() != null) {
            w.varintField(8, p.satellites());
        }
        if (p.status() != null) {
            w.varintField(9, p.status());
        }
        return w.toByteArray();
    }

    private static byte[] encodeMetric(Entry e) {
        Metric m = e.metric();
        WireWriter w = new WireWriter();
        w.stringField(1, m.name());
        w.varintField(2, m.typeNumber()); // an int32 enum: negative numbers sign-extend to 10 bytes
        Object v = m.value();
        switch (e.valueField()) {
            case 3 -> w.doubleField(3, (Double) v);
            case 4 -> w.floatField(4, (Float) v);
            case 5 -> w.varintField(5, (Long) v);
            case 6 -> w.varintField(6, (Integer) v);
            case 7 -> w.varintField(7, (Boolean) v ? 1 : 0);
            case 8 -> w.stringField(8, (String) v);
            case 9 -> w.bytesField(9, (byte[]) v);
            default -> throw new IllegalStateException("value field " + e.valueField());
        }
        return w.toByteArray();
    }

    // ---------------------------------------------------------------------------------------------- decoding

    /**
     * Decodes a Kura payload, gunzipping it first if it starts with {@code 1F 8B}. Strict: fails on anything a proto2
     * parser would refuse (truncated or over-long data, an unknown wire type, a missing required field: metric
     * {@code name} or {@code type}, position {@code latitude} or {@code longitude}; a metric type outside the seven),
     * on a field of the schema with the wrong wire type, on invalid UTF-8, and on a metric whose value is not in the
     * field of its declared type (or that carries a second value field). Fields the schema does not define are
     * skipped and listed in {@link #unknownFields()}. An empty array is the empty payload.
     *
     * @param bytes the MQTT message payload
     * @return the payload
     * @throws MalformedKuraPayloadException naming the problem and its byte offset
     */
    public static RawKuraPayload decode(byte[] bytes) {
        RawKuraPayload p = new RawKuraPayload();
        byte[] data = bytes;
        if (bytes.length >= 2 && bytes[0] == 0x1F && bytes[1] == (byte) 0x8B) {
            data = gunzip(bytes);
            p.gzipped = true;
        }
        WireReader r = new WireReader(data, 0, data.length, p.gzipped ? "KuraPayload (gunzipped)" : "KuraPayload");
        while (!r.atEnd()) {
            int at = r.position();
            int key = r.tag();
            int field = key >>> 3;
            switch (field) {
                case TIMESTAMP -> {
                    r.expect(key, WireWriter.VARINT, "timestamp", at);
                    p.timestamp = r.varint();
                }
                case POSITION -> {
                    r.expect(key, WireWriter.LENGTH_DELIMITED, "position", at);
                    p.position = decodePosition(r.nested("position", r.where() + ".position"), p.unknownFields);
                }
                case METRIC -> {
                    r.expect(key, WireWriter.LENGTH_DELIMITED, "metric", at);
                    String where = r.where() + ".metric #" + (p.entries.size() + 1);
                    p.entries.add(decodeMetric(r.nested("metric", where), p.unknownFields));
                }
                case BODY -> {
                    r.expect(key, WireWriter.LENGTH_DELIMITED, "body", at);
                    p.body = r.bytes("body");
                }
                default -> {
                    r.skip(key);
                    p.unknownFields.add(Integer.toString(field));
                }
            }
        }
        return p;
    }

    private static byte[] gunzip(byte[] bytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            byte[] data = in.readNBytes(MAX_DECOMPRESSED_BYTES + 1);
            if (data.length > MAX_DECOMPRESSED_BYTES) {
                throw new MalformedKuraPayloadException("gunzipped payload exceeds " + MAX_DECOMPRESSED_BYTES
                        + " bytes");
            }
            return data;
        } catch (IOException e) {
            throw new MalformedKuraPayloadException("payload starts with the gzip magic 1F 8B but does not gunzip: "
                    + e.getMessage(), e);
        }
    }

    private static KuraPosition decodePosition(WireReader r, List<String> unknown) {
        Double[] doubles = new Double[7];
        Long ts = null;
        Integer satellites = null;
        Integer status = null;
        String[] names = {"", "latitude", "longitude", "altitude", "precision", "heading", "speed"};
        while (!r.atEnd()) {
            int at = r.position();
            int key = r.tag();
            int field = key >>> 3;
            if (field >= 1 && field <= 6) {
                r.expect(key, WireWriter.FIXED64, names[field], at);
                doubles[field] = Double.longBitsToDouble(r.fixed64());
            } else if (field == 7) {
                r.expect(key, WireWriter.VARINT, "timestamp", at);
                ts = r.varint();
            } else if (field == 8) {
                r.expect(key, WireWriter.VARINT, "satellites", at);
                satellites = (int) r.varint();
            } else if (field == 9) {
                r.expect(key, WireWriter.VARINT, "status", at);
                status = (int) r.varint();
            } else {
                r.skip(key);
                unknown.add("position." + field);
            }
        }
        if (doubles[1] == null || doubles[2] == null) {
            throw r.error("required field " + (doubles[1] == null ? "latitude (1)" : "longitude (2)") + " missing",
                    r.position());
        }
        return new KuraPosition(doubles[1], doubles[2], doubles[3], doubles[4], doubles[5], doubles[6], ts,
                satellites, status);
    }

    private static Entry decodeMetric(WireReader r, List<String> unknown) {
        String name = null;
        Long typeNumber = null;
        Map<Integer, Object> values = new LinkedHashMap<>();
        List<String> unknownHere = new ArrayList<>();
        while (!r.atEnd()) {
            int at = r.position();
            int key = r.tag();
            int field = key >>> 3;
            switch (field) {
                case 1 -> {
                    r.expect(key, WireWriter.LENGTH_DELIMITED, "name", at);
                    name = r.string("name");
                }
                case 2 -> {
                    r.expect(key, WireWriter.VARINT, "type", at);
                    typeNumber = r.varint();
                }
                case 3 -> {
                    r.expect(key, WireWriter.FIXED64, "double_value", at);
                    values.put(3, Double.longBitsToDouble(r.fixed64()));
                }
                case 4 -> {
                    r.expect(key, WireWriter.FIXED32, "float_value", at);
                    values.put(4, Float.intBitsToFloat(r.fixed32()));
                }
                case 5 -> {
                    r.expect(key, WireWriter.VARINT, "long_value", at);
                    values.put(5, r.varint());
                }
                case 6 -> {
                    r.expect(key, WireWriter.VARINT, "int_value", at);
                    values.put(6, (int) r.varint());
                }
                case 7 -> {
                    r.expect(key, WireWriter.VARINT, "bool_value", at);
                    values.put(7, r.varint() != 0);
                }
                case 8 -> {
                    r.expect(key, WireWriter.LENGTH_DELIMITED, "string_value", at);
                    values.put(8, r.string("string_value"));
                }
                case 9 -> {
                    r.expect(key, WireWriter.LENGTH_DELIMITED, "bytes_value", at);
                    values.put(9, r.bytes("bytes_value"));
                }
                default -> {
                    r.skip(key);
                    unknownHere.add(Integer.toString(field));
                }
            }
        }
        if (name == null) {
            throw r.error("required field name (1) missing", r.position());
        }
        String label = r.where() + " ('" + name + "')";
        if (typeNumber == null) {
            throw new MalformedKuraPayloadException(label + ": required field type (2) missing");
        }
        MetricType type = MetricType.ofNumber(typeNumber.intValue());
        if (type == null || typeNumber.intValue() != typeNumber) {
            throw new MalformedKuraPayloadException(label + ": type " + typeNumber
                    + " is not a ValueType (0..6); a proto2 parser fails the whole payload");
        }
        Object value = values.remove(type.valueField());
        if (value == null) {
            throw new MalformedKuraPayloadException(label + ": declared " + type + " but has no "
                    + fieldName(type.valueField()) + " (field " + type.valueField() + ")");
        }
        if (!values.isEmpty()) {
            int other = values.keySet().iterator().next();
            throw new MalformedKuraPayloadException(label + ": declared " + type + " but also carries "
                    + fieldName(other) + " (field " + other + ")");
        }
        for (String f : unknownHere) {
            unknown.add("metric[" + name + "]." + f);
        }
        return new Entry(Metric.of(name, type, value), type.valueField());
    }

    private static String fieldName(int field) {
        return switch (field) {
            case 3 -> "double_value";
            case 4 -> "float_value";
            case 5 -> "long_value";
            case 6 -> "int_value";
            case 7 -> "bool_value";
            case 8 -> "string_value";
            case 9 -> "bytes_value";
            default -> "field " + field;
        };
    }

    // ---------------------------------------------------------------------------------------------- Object

    /** Equal payloads encode to the same bytes (the gzip flag and unknown fields are not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof RawKuraPayload p && Objects.equals(timestamp, p.timestamp)
                && Objects.equals(position, p.position) && Arrays.equals(body, p.body)
                && metricList().equals(p.metricList());
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, position, Arrays.hashCode(body), metricList());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("KuraPayload{");
        if (gzipped) {
            sb.append("gzipped, ");
        }
        sb.append("timestamp=").append(timestamp);
        if (position != null) {
            sb.append(", position=").append(position);
        }
        sb.append(", metrics=").append(metricList());
        if (body != null) {
            sb.append(", body=").append(body.length).append(" bytes");
        }
        if (!unknownFields.isEmpty()) {
            sb.append(", unknownFields=").append(unknownFields);
        }
        return sb.append('}').toString();
    }
}
