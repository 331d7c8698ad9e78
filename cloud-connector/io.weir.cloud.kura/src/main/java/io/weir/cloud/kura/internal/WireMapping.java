// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.kura.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnsafeByteOperations;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.Position;
import io.weir.cloud.kura.KuraPayloadException;
import io.weir.cloud.kura.internal.proto.KuraWireSchema.KuraPayload;
import io.weir.cloud.kura.internal.proto.KuraWireSchema.KuraPayload.KuraMetric;
import io.weir.cloud.kura.internal.proto.KuraWireSchema.KuraPayload.KuraMetric.ValueType;
import io.weir.cloud.kura.internal.proto.KuraWireSchema.KuraPayload.KuraPosition;
import io.weir.data.TypedValue;

/**
 * {@link CloudPayload} ⇄ the generated {@code KuraPayload} message. Decoding parses without protobuf's
 * required-field check and then checks everything itself, so each error names the field and the metric.
 * Stateless.
 */
public final class WireMapping {

    /** No field of a message: see {@link #checkWireTypes}. */
    private static final int NONE = -1;
    /** The field number of {@code KuraMetric.type}. */
    private static final int METRIC_TYPE = 2;

    private WireMapping() {
    }

    /**
     * @param payload a payload
     * @return its protobuf serialization
     */
    public static byte[] encode(CloudPayload payload) {
        KuraPayload.Builder b = KuraPayload.newBuilder();
        if (payload.timestamp() != CloudPayload.NO_TIMESTAMP) {
            b.setTimestamp(payload.timestamp());
        }
        Position position = payload.position();
        if (position != null) {
            b.setPosition(encode(position));
        }
        payload.metrics().forEach((name, value) -> b.addMetric(encode(name, value)));
        byte[] body = payload.body(); // already a copy: it can be wrapped without copying again
        if (body != null) {
            b.setBody(UnsafeByteOperations.unsafeWrap(body));
        }
        return b.build().toByteArray();
    }

    private static KuraPosition encode(Position p) {
        KuraPosition.Builder b = KuraPosition.newBuilder().setLatitude(p.latitude()).setLongitude(p.longitude());
        Double d = p.altitude();
        if (d != null) {
            b.setAltitude(d);
        }
        d = p.precision();
        if (d != null) {
            b.setPrecision(d);
        }
        d = p.heading();
        if (d != null) {
            b.setHeading(d);
        }
        d = p.speed();
        if (d != null) {
            b.setSpeed(d);
        }
        Long timestamp = p.timestamp();
        if (timestamp != null) {
            b.setTimestamp(timestamp);
        }
        Integer i = p.satellites();
        if (i != null) {
            b.setSatellites(i);
        }
        i = p.status();
        if (i != null) {
            b.setStatus(i);
        }
        return b.build();
    }

    private static KuraMetric encode(String name, TypedValue value) {
        KuraMetric.Builder b = KuraMetric.newBuilder().setName(name);
        switch (value.type()) {
            case DOUBLE -> b.setType(ValueType.DOUBLE).setDoubleValue(value.doubleValue());
            case FLOAT -> b.setType(ValueType.FLOAT).setFloatValue(value.floatValue());
            case LONG -> b.setType(ValueType.INT64).setLongValue(value.longValue());
            case INTEGER -> b.setType(ValueType.INT32).setIntValue(value.intValue());
            case BOOLEAN -> b.setType(ValueType.BOOL).setBoolValue(value.booleanValue());
            case STRING -> b.setType(ValueType.STRING).setStringValue(value.stringValue());
            case BYTES -> b.setType(ValueType.BYTES)
                    .setBytesValue(UnsafeByteOperations.unsafeWrap(value.bytesValue())); // a fresh copy
        }
        return b.build();
    }

    /**
     * @param bytes protobuf bytes (already decompressed)
     * @param requireKnownField {@code true} to reject bytes that hold fields but none of the payload's own, only
     *        unknown field numbers (such as some short texts, which happen to be well-formed protobuf)
     * @return the payload they hold
     * @throws KuraPayloadException if they are not a valid Kura payload; the message says why
     */
    public static CloudPayload decode(byte[] bytes, boolean requireKnownField) throws KuraPayloadException {
        KuraPayload wire;
        try {
            // partial: required fields are checked below, with messages that name the metric
            wire = KuraPayload.parser().parsePartialFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new KuraPayloadException("malformed protobuf: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // protobuf documents only InvalidProtocolBufferException; this keeps the "never anything else"
            // promise should a parser bug surface
            throw new KuraPayloadException("protobuf parser failed: " + e, e);
        }
        checkWireTypes(wire.getUnknownFields(), WireMapping::payloadField, NONE, "payload");
        if (requireKnownField && !wire.getUnknownFields().asMap().isEmpty() && !wire.hasTimestamp()
                && !wire.hasPosition() && wire.getMetricCount() == 0 && !wire.hasBody()) {
            throw new KuraPayloadException("holds only unknown field numbers "
                    + wire.getUnknownFields().asMap().keySet() + ", none of a Kura payload's");
        }

        Position position = null;
        if (wire.hasPosition()) {
            position = decode(wire.getPosition());
        }
        Map<String, TypedValue> metrics = new LinkedHashMap<>();
        for (int i = 0; i < wire.getMetricCount(); i++) {
            KuraMetric m = wire.getMetric(i);
            String name = decodeName(m, i);
            // duplicates: the last value wins (Kura and Kapua keep a map); the first position is kept
            metrics.put(name, decodeValue(m, "metric " + quote(name)));
        }
        return new CloudPayload(wire.hasTimestamp() ? wire.getTimestamp() : CloudPayload.NO_TIMESTAMP, position,
                metrics, wire.hasBody() ? wire.getBody().toByteArray() : null);
    }

    private static Position decode(KuraPosition p) throws KuraPayloadException {
        checkWireTypes(p.getUnknownFields(), WireMapping::positionField, NONE, "position");
        if (!p.hasLatitude()) {
            throw new KuraPayloadException("position has no latitude (required field 1)");
        }
        if (!p.hasLongitude()) {
            throw new KuraPayloadException("position has no longitude (required field 2)");
        }
        return new Position(p.getLatitude(), p.getLongitude(), p.hasAltitude() ? p.getAltitude() : null,
                p.hasPrecision() ? p.getPrecision() : null, p.hasHeading() ? p.getHeading() : null,
                p.hasSpeed() ? p.getSpeed() : null, p.hasTimestamp() ? p.getTimestamp() : null,
                p.hasSatellites() ? p.getSatellites() : null, p.hasStatus() ? p.getStatus() : null);
    }

    private static String decodeName(KuraMetric m, int index) throws KuraPayloadException {
        String where = "metric #" + index + (m.hasName() && m.getNameBytes().isValidUtf8() ? " " + quote(m.getName())
                : "");
        // an unknown type number arrives as an unknown varint field 2: reported by decodeValue, which says more
        checkWireTypes(m.getUnknownFields(), WireMapping::metricField, METRIC_TYPE, where);
        if (!m.hasName()) {
            throw new KuraPayloadException(where + " has no name (required field 1)");
        }
        if (!m.getNameBytes().isValidUtf8()) {
            throw new KuraPayloadException(where + ": name is not valid UTF-8");
        }
        if (m.getName().isEmpty()) {
            throw new KuraPayloadException(where + " has an empty name");
        }
        return m.getName();
    }

    private static TypedValue decodeValue(KuraMetric m, String where) throws KuraPayloadException {
        // an enum number protobuf does not know is kept with the unknown fields (leaving type unset if it was
        // the only one); it is an error even when a known number came too
        UnknownFieldSet.Field unknown = m.getUnknownFields().getField(METRIC_TYPE);
        if (!unknown.getVarintList().isEmpty()) {
            long number = unknown.getVarintList().get(unknown.getVarintList().size() - 1);
            throw new KuraPayloadException(where + " has unknown value type " + number
                    + " (known: 0 DOUBLE, 1 FLOAT, 2 INT64, 3 INT32, 4 BOOL, 5 STRING, 6 BYTES)");
        }
        if (!m.hasType()) {
            throw new KuraPayloadException(where + " has no type (required field 2)");
        }
        ValueType type = m.getType();
        int expected = type.getNumber() + 3; // DOUBLE=0 → double_value=3 … BYTES=6 → bytes_value=9
        for (int field = 3; field <= 9; field++) {
            if (field != expected && hasValueField(m, field)) {
                throw new KuraPayloadException(where + " is declared " + type + " but carries "
                        + metricField(field) + " (field " + field + ")");
            }
        }
        if (!hasValueField(m, expected)) {
            throw new KuraPayloadException(where + " is declared " + type + " but has no "
                    + metricField(expected) + " (field " + expected + ")");
        }
        return switch (type) {
            case DOUBLE -> TypedValue.ofDouble(m.getDoubleValue());
            case FLOAT -> TypedValue.ofFloat(m.getFloatValue());
            case INT64 -> TypedValue.ofLong(m.getLongValue());
            case INT32 -> TypedValue.ofInteger(m.getIntValue());
            case BOOL -> TypedValue.ofBoolean(m.getBoolValue());
            case STRING -> {
                ByteString utf8 = m.getStringValueBytes();
                if (!utf8.isValidUtf8()) {
                    throw new KuraPayloadException(where + ": string_value is not valid UTF-8");
                }
                yield TypedValue.ofString(utf8.toStringUtf8());
            }
            case BYTES -> TypedValue.ofBytes(m.getBytesValue().toByteArray());
        };
    }

    /** A metric name for an error message: quoted, and cut after 64 characters so messages stay short. */
    private static String quote(String name) {
        return "'" + (name.length() > 64 ? name.substring(0, 64) + "…" : name) + "'";
    }

    private static boolean hasValueField(KuraMetric m, int field) {
        return switch (field) {
            case 3 -> m.hasDoubleValue();
            case 4 -> m.hasFloatValue();
            case 5 -> m.hasLongValue();
            case 6 -> m.hasIntValue();
            case 7 -> m.hasBoolValue();
            case 8 -> m.hasStringValue();
            case 9 -> m.hasBytesValue();
            default -> false;
        };
    }

    private static @Nullable String payloadField(int number) {
        return switch (number) {
            case 1 -> "timestamp";
            case 2 -> "position";
            case 5000 -> "metric";
            case 5001 -> "body";
            default -> null;
        };
    }

    private static @Nullable String metricField(int number) {
        return switch (number) {
            case 1 -> "name";
            case 2 -> "type";
            case 3 -> "double_value";
            case 4 -> "float_value";
            case 5 -> "long_value";
            case 6 -> "int_value";
            case 7 -> "bool_value";
            case 8 -> "string_value";
            case 9 -> "bytes_value";
            default -> null;
        };
    }

    private static @Nullable String positionField(int number) {
        return switch (number) {
            case 1 -> "latitude";
            case 2 -> "longitude";
            case 3 -> "altitude";
            case 4 -> "precision";
            case 5 -> "heading";
            case 6 -> "speed";
            case 7 -> "timestamp";
            case 8 -> "satellites";
            case 9 -> "status";
            default -> null;
        };
    }

    /**
     * A field the schema knows that protobuf still put among the unknown fields arrived with the wrong wire
     * type (protobuf would silently drop it; here it is an error). Numbers the schema does not know, such as
     * the payload's extension range, are ignored as protobuf does.
     *
     * @param enumField a varint field whose unknown values are enum numbers checked elsewhere, or NONE
     */
    private static void checkWireTypes(UnknownFieldSet unknown, IntFunction<@Nullable String> fieldName,
            int enumField, String where) throws KuraPayloadException {
        for (Map.Entry<Integer, UnknownFieldSet.Field> e : unknown.asMap().entrySet()) {
            int number = e.getKey();
            String name = fieldName.apply(number);
            if (name == null) {
                continue;
            }
            UnknownFieldSet.Field f = e.getValue();
            if (number == enumField && onlyVarints(f)) {
                continue;
            }
            throw new KuraPayloadException(where + ": field " + number + " (" + name + ") has the wrong wire type ("
                    + wireTypes(f) + ")");
        }
    }

    private static boolean onlyVarints(UnknownFieldSet.Field f) {
        return f.getFixed32List().isEmpty() && f.getFixed64List().isEmpty() && f.getLengthDelimitedList().isEmpty()
                && f.getGroupList().isEmpty();
    }

    private static String wireTypes(UnknownFieldSet.Field f) {
        StringBuilder sb = new StringBuilder();
        append(sb, !f.getVarintList().isEmpty(), "varint");
        append(sb, !f.getFixed64List().isEmpty(), "64-bit");
        append(sb, !f.getLengthDelimitedList().isEmpty(), "length-delimited");
        append(sb, !f.getGroupList().isEmpty(), "group");
        append(sb, !f.getFixed32List().isEmpty(), "32-bit");
        return sb.toString();
    }

    private static void append(StringBuilder sb, boolean present, String wireType) {
        if (present) {
            sb.append(sb.length() == 0 ? "" : ", ").append(wireType);
        }
    }
}
