// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.kura;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.Position;
import io.weir.data.TypedValue;

/**
 * Field numbers, wire types and the type mapping checked against bytes written by hand from the specification
 * (shared/docs/kapua-protocol.md §1.1), independently of the generated code.
 */
class KuraWireFormatTest {

    /**
     * A payload with every field kind, written out byte by byte. Tag = field &lt;&lt; 3 | wire type (0 varint, 1
     * 64-bit, 2 length-delimited, 5 32-bit). Fields in number order, metrics in order, as protobuf writes them.
     */
    static final byte[] HAND_WRITTEN = Wire.hex("""
            08 80 D0 95 FF BC 31          // 1 timestamp, varint: 1700000000000
            12 26                         // 2 position, length 38
              09 00 00 00 00 00 40 47 40  //   1 latitude, 64-bit: 46.5
              11 00 00 00 00 00 80 1A 40  //   2 longitude, 64-bit: 6.625
              19 00 00 00 00 00 40 77 40  //   3 altitude, 64-bit: 372.0
              38 98 C8 95 FF BC 31        //   7 timestamp, varint: 1699999999000
              40 07                       //   8 satellites, varint: 7
              48 04                       //   9 status, varint: 4
            C2 B8 02 0E                   // 5000 metric (tag 40002 = C2 B8 02), length 14
              0A 01 74                    //   1 name "t"
              10 00                       //   2 type DOUBLE (0)
              19 00 00 00 00 00 00 00 80  //   3 double_value, 64-bit: -0.0
            C2 B8 02 0A                   // 5000 metric, length 10
              0A 01 66                    //   name "f"
              10 01                       //   type FLOAT (1)
              25 00 00 C0 3F              //   4 float_value, 32-bit: 1.5f
            C2 B8 02 10                   // 5000 metric, length 16
              0A 01 6E                    //   name "n"
              10 02                       //   type INT64 (2)
              28 FE FF FF FF FF FF FF FF FF 01  // 5 long_value, varint: -2 (ten bytes, two's complement)
            C2 B8 02 08                   // 5000 metric, length 8
              0A 01 69                    //   name "i"
              10 03                       //   type INT32 (3)
              30 AC 02                    //   6 int_value, varint: 300
            C2 B8 02 07                   // 5000 metric, length 7
              0A 01 62                    //   name "b"
              10 04                       //   type BOOL (4)
              38 01                       //   7 bool_value, varint: true
            C2 B8 02 0A                   // 5000 metric, length 10
              0A 01 73                    //   name "s"
              10 05                       //   type STRING (5)
              42 03 68 C3 A9              //   8 string_value: "hé" in UTF-8
            C2 B8 02 0A                   // 5000 metric, length 10
              0A 01 78                    //   name "x"
              10 06                       //   type BYTES (6)
              4A 03 01 02 03              //   9 bytes_value: 01 02 03
            CA B8 02 02 6F 6B             // 5001 body (tag 40010 = CA B8 02): "ok"
            """);

    static CloudPayload expected() {
        Map<String, TypedValue> metrics = new LinkedHashMap<>();
        metrics.put("t", TypedValue.ofDouble(-0.0));
        metrics.put("f", TypedValue.ofFloat(1.5f));
        metrics.put("n", TypedValue.ofLong(-2));
        metrics.put("i", TypedValue.ofInteger(300));
        metrics.put("b", TypedValue.ofBoolean(true));
        metrics.put("s", TypedValue.ofString("hé"));
        metrics.put("x", TypedValue.ofBytes(new byte[] { 1, 2, 3 }));
        return new CloudPayload(1_700_000_000_000L,
                new Position(46.5, 6.625, 372.0, null, null, null, 1_699_999_999_000L, 7, 4), metrics,
                "ok".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void handWrittenBytesDecodeToTheExpectedPayload() throws Exception {
        CloudPayload decoded = KuraPayloadCodec.decode(HAND_WRITTEN, KuraPayloadCodec.DEFAULT_MAX_PAYLOAD_BYTES);

        assertThat(decoded).isEqualTo(expected());
        assertThat(decoded.metrics().keySet()).containsExactly("t", "f", "n", "i", "b", "s", "x");
        assertThat(Double.doubleToRawLongBits(decoded.metric("t").doubleValue()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(decoded.position().precision()).isNull();
        assertThat(decoded.position().heading()).isNull();
        assertThat(decoded.position().speed()).isNull();
    }

    @Test
    void encodingTheExpectedPayloadGivesExactlyTheHandWrittenBytes() {
        assertThat(KuraPayloadCodec.encode(expected(), false)).containsExactly(HAND_WRITTEN);
    }

    @Test
    void encodedBytesDecodeIdenticallyToTheHandWrittenOnes() throws Exception {
        byte[] encoded = KuraPayloadCodec.encode(expected(), false);

        assertThat(KuraPayloadCodec.decode(encoded, 1 << 20))
                .isEqualTo(KuraPayloadCodec.decode(HAND_WRITTEN, 1 << 20));
    }

    @Test
    void positionDoubleFieldsUseTheirOwnNumbers() throws Exception {
        byte[] bytes = Wire.create()
                .messageField(2, Wire.create().doubleField(1, 1.0).doubleField(2, 2.0).doubleField(3, 3.0)
                        .doubleField(4, 4.0).doubleField(5, 5.0).doubleField(6, 6.0).varintField(7, 7)
                        .varintField(8, 8).varintField(9, 9))
                .toBytes();

        Position p = KuraPayloadCodec.decode(bytes, 1024).position();

        assertThat(p).isEqualTo(new Position(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7L, 8, 9));
        assertThat(KuraPayloadCodec.encode(new CloudPayload(0, p, Map.of(), null), false)).containsExactly(bytes);
    }

    @Test
    void negativeInt32IsATenByteVarint() throws Exception {
        byte[] bytes = Wire.create()
                .messageField(5000, Wire.create().stringField(1, "v").varintField(2, 3).varintField(6, -1L))
                .toBytes();

        CloudPayload decoded = KuraPayloadCodec.decode(bytes, 1024);

        assertThat(decoded.metric("v")).isEqualTo(TypedValue.ofInteger(-1));
        assertThat(bytes).hasSize(3 + 1 + 3 + 2 + 11);
        assertThat(KuraPayloadCodec.encode(decoded, false)).containsExactly(bytes);
    }

    @Test
    void emptyPayloadIsZeroBytes() throws Exception {
        assertThat(KuraPayloadCodec.encode(CloudPayload.EMPTY, false)).isEmpty();
        assertThat(KuraPayloadCodec.decode(new byte[0], 0)).isEqualTo(CloudPayload.EMPTY);
    }

    @Test
    void timestampZeroIsNotWritten() {
        CloudPayload p = new CloudPayload(CloudPayload.NO_TIMESTAMP, null,
                Map.of("a", TypedValue.ofBoolean(false)), null);

        assertThat(KuraPayloadCodec.encode(p, false)).containsExactly(Wire.create()
                .messageField(5000, Wire.create().stringField(1, "a").varintField(2, 4).varintField(7, 0))
                .toBytes());
    }

    @Test
    void duplicateMetricNamesKeepTheLastValueAtTheFirstPosition() throws Exception {
        byte[] bytes = Wire.create()
                .messageField(5000, Wire.create().stringField(1, "a").varintField(2, 3).varintField(6, 1))
                .messageField(5000, Wire.create().stringField(1, "b").varintField(2, 3).varintField(6, 2))
                .messageField(5000, Wire.create().stringField(1, "a").varintField(2, 5).stringField(8, "three"))
                .toBytes();

        CloudPayload decoded = KuraPayloadCodec.decode(bytes, 1024);

        assertThat(decoded.metrics().keySet()).containsExactly("a", "b");
        assertThat(decoded.metric("a")).isEqualTo(TypedValue.ofString("three"));
        assertThat(decoded.metric("b")).isEqualTo(TypedValue.ofInteger(2));
    }

    @Test
    void unknownFieldNumbersAndTheExtensionRangeAreIgnored() throws Exception {
        byte[] bytes = Wire.create().varintField(1, 5)
                .varintField(3, 99) // first number of the extension range
                .stringField(4999, "ext") // last number of the extension range
                .doubleField(6000, 1.0) // not in the schema
                .messageField(5000, Wire.create().stringField(1, "m").varintField(2, 4).varintField(7, 1)
                        .stringField(10, "future field"))
                .messageField(2, Wire.create().doubleField(1, 1).doubleField(2, 2).varintField(12, 1))
                .toBytes();

        assertThat(KuraPayloadCodec.decode(bytes, 1024)).isEqualTo(new CloudPayload(5, new Position(1, 2),
                Map.of("m", TypedValue.ofBoolean(true)), null));
    }
}
