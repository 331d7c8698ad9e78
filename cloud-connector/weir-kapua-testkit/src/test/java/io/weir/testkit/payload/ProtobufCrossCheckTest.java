// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the hand-written codec against an independent protobuf implementation: protobuf-java's {@link
 * DynamicMessage} over the spec §1.1 schema, built in code (no generated classes).
 */
class ProtobufCrossCheckTest {

    private static Descriptor payload;
    private static Descriptor metric;
    private static Descriptor position;

    @BeforeAll
    static void schema() throws Exception {
        EnumDescriptorProto valueType = EnumDescriptorProto.newBuilder().setName("ValueType")
                .addAllValue(List.of(
                        value("DOUBLE", 0), value("FLOAT", 1), value("INT64", 2), value("INT32", 3),
                        value("BOOL", 4), value("STRING", 5), value("BYTES", 6)))
                .build();
        DescriptorProto kuraMetric = DescriptorProto.newBuilder().setName("KuraMetric")
                .addEnumType(valueType)
                .addField(field("name", 1, Label.LABEL_REQUIRED, Type.TYPE_STRING))
                .addField(field("type", 2, Label.LABEL_REQUIRED, Type.TYPE_ENUM)
                        .setTypeName(".kuradatatypes.KuraPayload.KuraMetric.ValueType"))
                .addField(field("double_value", 3, Label.LABEL_OPTIONAL, Type.TYPE_DOUBLE))
                .addField(field("float_value", 4, Label.LABEL_OPTIONAL, Type.TYPE_FLOAT))
                .addField(field("long_value", 5, Label.LABEL_OPTIONAL, Type.TYPE_INT64))
                .addField(field("int_value", 6, Label.LABEL_OPTIONAL, Type.TYPE_INT32))
                .addField(field("bool_value", 7, Label.LABEL_OPTIONAL, Type.TYPE_BOOL))
                .addField(field("string_value", 8, Label.LABEL_OPTIONAL, Type.TYPE_STRING))
                .addField(field("bytes_value", 9, Label.LABEL_OPTIONAL, Type.TYPE_BYTES))
                .build();
        DescriptorProto kuraPosition = DescriptorProto.newBuilder().setName("KuraPosition")
                .addField(field("latitude", 1, Label.LABEL_REQUIRED, Type.TYPE_DOUBLE))
                .addField(field("longitude", 2, Label.LABEL_REQUIRED, Type.TYPE_DOUBLE))
                .addField(field("altitude", 3, Label.LABEL_OPTIONAL, Type.TYPE_DOUBLE))
                .addField(field("precision", 4, Label.LABEL_OPTIONAL, Type.TYPE_DOUBLE))
                .addField(field("heading", 5, Label.LABEL_OPTIONAL, Type.TYPE_DOUBLE))
                .addField(field("speed", 6, Label.LABEL_OPTIONAL, Type.TYPE_DOUBLE))
                .addField(field("timestamp", 7, Label.LABEL_OPTIONAL, Type.TYPE_INT64))
                .addField(field("satellites", 8, Label.LABEL_OPTIONAL, Type.TYPE_INT32))
                .addField(field("status", 9, Label.LABEL_OPTIONAL, Type.TYPE_INT32))
                .build();
        DescriptorProto kuraPayload = DescriptorProto.newBuilder().setName("KuraPayload")
                .addNestedType(kuraMetric)
                .addNestedType(kuraPosition)
                .addField(field("timestamp", 1, Label.LABEL_OPTIONAL, Type.TYPE_INT64))
                .addField(field("position", 2, Label.LABEL_OPTIONAL, Type.TYPE_MESSAGE)
                        .setTypeName(".kuradatatypes.KuraPayload.KuraPosition"))
                .addExtensionRange(DescriptorProto.ExtensionRange.newBuilder().setStart(3).setEnd(5000))
                .addField(field("metric", 5000, Label.LABEL_REPEATED, Type.TYPE_MESSAGE)
                        .setTypeName(".kuradatatypes.KuraPayload.KuraMetric"))
                .addField(field("body", 5001, Label.LABEL_OPTIONAL, Type.TYPE_BYTES))
                .build();
        FileDescriptor file = FileDescriptor.buildFrom(FileDescriptorProto.newBuilder()
                .setName("kurapayload.proto").setPackage("kuradatatypes").setSyntax("proto2")
                .addMessageType(kuraPayload).build(), new FileDescriptor[0]);
        payload = file.findMessageTypeByName("KuraPayload");
        metric = payload.findNestedTypeByName("KuraMetric");
        position = payload.findNestedTypeByName("KuraPosition");
    }

    private static EnumValueDescriptorProto value(String name, int number) {
        return EnumValueDescriptorProto.newBuilder().setName(name).setNumber(number).build();
    }

    private static FieldDescriptorProto.Builder field(String name, int number, Label label, Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setLabel(label).setType(type);
    }

    private static RawKuraPayload sample() {
        return new RawKuraPayload()
                .timestamp(1_700_000_000_123L)
                .position(new KuraPosition(45.5, -73.25, 120.0, null, 270.0, null, 1_700_000_000_000L, 7, 4))
                .metric("d", MetricType.DOUBLE, -1.25)
                .metric("f", MetricType.FLOAT, 3.5f)
                .metric("l", MetricType.INT64, -5_000_000_000L)
                .metric("i", MetricType.INT32, -7)
                .metric("b", MetricType.BOOL, true)
                .metric("s", MetricType.STRING, "ünï ✓")
                .metric("y", MetricType.BYTES, new byte[] {9, 8, 7})
                .body(new byte[] {1, 2, 3});
    }

    @Test
    void protobufJavaReadsWhatWeWrite() throws Exception {
        DynamicMessage m = DynamicMessage.parseFrom(payload, sample().encode());
        assertThat(m.getField(payload.findFieldByName("timestamp"))).isEqualTo(1_700_000_000_123L);
        DynamicMessage pos = (DynamicMessage) m.getField(payload.findFieldByName("position"));
        assertThat(pos.getField(position.findFieldByName("longitude"))).isEqualTo(-73.25);
        assertThat(pos.hasField(position.findFieldByName("precision"))).isFalse();
        assertThat(pos.getField(position.findFieldByName("satellites"))).isEqualTo(7);
        assertThat(m.getField(payload.findFieldByName("body"))).isEqualTo(ByteString.copyFrom(new byte[] {1, 2, 3}));

        List<?> metrics = (List<?>) m.getField(payload.findFieldByName("metric"));
        assertThat(metrics).hasSize(7);
        Object[][] expected = {
            {"d", "DOUBLE", "double_value", -1.25},
            {"f", "FLOAT", "float_value", 3.5f},
            {"l", "INT64", "long_value", -5_000_000_000L},
            {"i", "INT32", "int_value", -7},
            {"b", "BOOL", "bool_value", true},
            {"s", "STRING", "string_value", "ünï ✓"},
            {"y", "BYTES", "bytes_value", ByteString.copyFrom(new byte[] {9, 8, 7})},
        };
        for (int i = 0; i < expected.length; i++) {
            DynamicMessage x = (DynamicMessage) metrics.get(i);
            assertThat(x.getField(metric.findFieldByName("name"))).isEqualTo(expected[i][0]);
            assertThat(x.getField(metric.findFieldByName("type")).toString()).isEqualTo(expected[i][1]);
            assertThat(x.getField(metric.findFieldByName((String) expected[i][2]))).isEqualTo(expected[i][3]);
            // exactly name, type and the one value field
            assertThat(x.getAllFields()).hasSize(3);
        }
        assertThat(m.getUnknownFields().asMap()).isEmpty();
    }

    @Test
    void weReadWhatProtobufJavaWrites() {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(payload)
                .setField(payload.findFieldByName("timestamp"), 42L)
                .setField(payload.findFieldByName("position"), DynamicMessage.newBuilder(position)
                        .setField(position.findFieldByName("latitude"), 1.0)
                        .setField(position.findFieldByName("longitude"), 2.0)
                        .setField(position.findFieldByName("status"), 4)
                        .build())
                .setField(payload.findFieldByName("body"), ByteString.copyFromUtf8("body"));
        addMetric(b, "i", 3, "int_value", -123);
        addMetric(b, "l", 2, "long_value", Long.MIN_VALUE);
        addMetric(b, "s", 5, "string_value", "text");
        addMetric(b, "f", 1, "float_value", -0.5f);
        addMetric(b, "d", 0, "double_value", 1e300);
        addMetric(b, "b", 4, "bool_value", false);
        addMetric(b, "y", 6, "bytes_value", ByteString.copyFrom(new byte[] {-1}));

        RawKuraPayload p = RawKuraPayload.decode(b.build().toByteArray());
        assertThat(p.timestamp()).isEqualTo(42L);
        assertThat(p.position()).isEqualTo(new KuraPosition(1.0, 2.0, null, null, null, null, null, null, 4));
        assertThat(p.body()).containsExactly("body".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(p.getInt32("i")).isEqualTo(-123);
        assertThat(p.getInt64("l")).isEqualTo(Long.MIN_VALUE);
        assertThat(p.getString("s")).isEqualTo("text");
        assertThat(p.getFloat("f")).isEqualTo(-0.5f);
        assertThat(p.getDouble("d")).isEqualTo(1e300);
        assertThat(p.getBool("b")).isFalse();
        assertThat(p.getBytes("y")).containsExactly(-1);
        // and our encoding of it is byte for byte protobuf-java's
        assertThat(p.encode()).isEqualTo(b.build().toByteArray());
    }

    private static void addMetric(DynamicMessage.Builder b, String name, int type, String valueField, Object value) {
        b.addRepeatedField(payload.findFieldByName("metric"), DynamicMessage.newBuilder(metric)
                .setField(metric.findFieldByName("name"), name)
                .setField(metric.findFieldByName("type"), metric.findEnumTypeByName("ValueType")
                        .findValueByNumber(type))
                .setField(metric.findFieldByName(valueField), value)
                .build());
    }

    @Test
    void bothRefuseAMetricTypeOutsideTheSeven() {
        byte[] bytes = new RawKuraPayload().rawMetric("x", 9, 8, "v").encode();
        assertThatThrownBy(() -> DynamicMessage.parseFrom(payload, bytes))
                .isInstanceOf(InvalidProtocolBufferException.class);
        assertThatThrownBy(() -> RawKuraPayload.decode(bytes)).isInstanceOf(MalformedKuraPayloadException.class);
    }
}
