// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Encoding, decoding and strictness of the hand-written Kura payload codec. */
class RawKuraPayloadTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    /** Parses hex digits, ignoring all white space. */
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    /**
     * A payload written out by hand from the schema (spec §1.1): tag = field number << 3 | wire type, varints little
     * end first, 7 bits per byte; fixed64/fixed32 little-endian.
     */
    private static final byte[] KNOWN = hex(String.join(" ",
            "08 ac 02", // timestamp (1, varint) = 300
            "12 12", // position (2, length-delimited), 18 bytes
            "  09 00 00 00 00 00 00 f8 3f", // latitude (1, fixed64) = 1.5
            "  11 00 00 00 00 00 00 00 c0", // longitude (2, fixed64) = -2.0
            "c2 b8 02 10", // metric (5000 = c2 b8 02 with wire type 2), 16 bytes
            "  0a 01 6e 10 03", // name "n", type 3 INT32
            "  30 ff ff ff ff ff ff ff ff ff 01", // int_value (6) = -1: ten bytes, sign-extended
            "c2 b8 02 0a 0a 01 73 10 05 42 03 68 c3 a9", // "s" STRING (5) string_value (8) = "hé"
            "c2 b8 02 0e 0a 01 64 10 00 19 00 00 00 00 00 00 f8 3f", // "d" DOUBLE (0) double_value (3) = 1.5
            "c2 b8 02 0a 0a 01 66 10 01 25 00 00 00 3f", // "f" FLOAT (1) float_value (4) = 0.5
            "c2 b8 02 08 0a 01 6c 10 02 28 96 01", // "l" INT64 (2) long_value (5) = 150
            "c2 b8 02 07 0a 01 62 10 04 38 01", // "b" BOOL (4) bool_value (7) = true
            "c2 b8 02 09 0a 01 79 10 06 4a 02 01 02", // "y" BYTES (6) bytes_value (9) = {1, 2}
            "ca b8 02 02 68 69")); // body (5001 = ca b8 02) = "hi"

    private static RawKuraPayload knownModel() {
        return new RawKuraPayload()
                .timestamp(300L)
                .position(KuraPosition.of(1.5, -2.0))
                .metric("n", MetricType.INT32, -1)
                .metric("s", MetricType.STRING, "hé")
                .metric("d", MetricType.DOUBLE, 1.5)
                .metric("f", MetricType.FLOAT, 0.5f)
                .metric("l", MetricType.INT64, 150L)
                .metric("b", MetricType.BOOL, true)
                .metric("y", MetricType.BYTES, new byte[] {1, 2})
                .body("hi".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesHandWrittenBytes() {
        RawKuraPayload p = RawKuraPayload.decode(KNOWN);
        assertThat(p.wasGzipped()).isFalse();
        assertThat(p.timestamp()).isEqualTo(300L);
        assertThat(p.position()).isEqualTo(KuraPosition.of(1.5, -2.0));
        assertThat(p.metrics().keySet()).containsExactly("n", "s", "d", "f", "l", "b", "y");
        assertThat(p.getInt32("n")).isEqualTo(-1);
        assertThat(p.getString("s")).isEqualTo("hé");
        assertThat(p.getDouble("d")).isEqualTo(1.5);
        assertThat(p.getFloat("f")).isEqualTo(0.5f);
        assertThat(p.getInt64("l")).isEqualTo(150L);
        assertThat(p.getBool("b")).isTrue();
        assertThat(p.getBytes("y")).containsExactly(1, 2);
        assertThat(p.body()).asString(StandardCharsets.UTF_8).isEqualTo("hi");
        assertThat(p.get("n")).isEqualTo(new Metric("n", 3, "INT32", -1));
        assertThat(p.unknownFields()).isEmpty();
        assertThat(p).isEqualTo(knownModel());
    }

    @Test
    void encodesToTheHandWrittenBytes() {
        assertThat(HEX.formatHex(knownModel().encode())).isEqualTo(HEX.formatHex(KNOWN));
    }

    @Test
    void allSevenTypesPositionAndBodyRoundTrip() {
        RawKuraPayload p = new RawKuraPayload()
                .timestamp(1_700_000_000_123L)
                .position(new KuraPosition(45.5, -73.25, 120.0, 2.5, 270.0, 13.5, 1_700_000_000_000L, 7, 4))
                .metric("double", MetricType.DOUBLE, Double.NaN)
                .metric("double.neg", MetricType.DOUBLE, -0.0)
                .metric("float", MetricType.FLOAT, Float.NEGATIVE_INFINITY)
                .metric("int64.min", MetricType.INT64, Long.MIN_VALUE)
                .metric("int64.max", MetricType.INT64, Long.MAX_VALUE)
                .metric("int32.min", MetricType.INT32, Integer.MIN_VALUE)
                .metric("int32.max", MetricType.INT32, Integer.MAX_VALUE)
                .metric("bool", MetricType.BOOL, false)
                .metric("string.empty", MetricType.STRING, "")
                .metric("string", MetricType.STRING, "ünï ✓ 𝄞")
                .metric("bytes.empty", MetricType.BYTES, new byte[0])
                .metric("bytes", MetricType.BYTES, new byte[] {0, -1, 127, -128})
                .body(new byte[1000]);
        RawKuraPayload back = RawKuraPayload.decode(p.encode());
        assertThat(back).isEqualTo(p);
        assertThat(back.metricList()).extracting(Metric::typeName).containsExactly("DOUBLE", "DOUBLE", "FLOAT",
                "INT64", "INT64", "INT32", "INT32", "BOOL", "STRING", "STRING", "BYTES", "BYTES");
        assertThat(back.getDouble("double")).isNaN();
        assertThat(Double.doubleToRawLongBits(back.getDouble("double.neg")))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(back.position().satellites()).isEqualTo(7);
    }

    @Test
    void emptyPayloadIsZeroBytes() {
        assertThat(new RawKuraPayload().encode()).isEmpty();
        RawKuraPayload p = RawKuraPayload.decode(new byte[0]);
        assertThat(p.timestamp()).isNull();
        assertThat(p.position()).isNull();
        assertThat(p.metricList()).isEmpty();
        assertThat(p.body()).isNull();
    }

    @Test
    void gzipRoundTripIsDetectedByTheMagic() {
        RawKuraPayload p = knownModel();
        byte[] gz = p.encodeGzip();
        assertThat(gz[0]).isEqualTo((byte) 0x1F);
        assertThat(gz[1]).isEqualTo((byte) 0x8B);
        RawKuraPayload back = RawKuraPayload.decode(gz);
        assertThat(back.wasGzipped()).isTrue();
        assertThat(back).isEqualTo(p);
        assertThat(back.toString()).startsWith("KuraPayload{gzipped");
    }

    @Test
    void gzipMagicWithoutGzipIsAnError() {
        byte[] fake = {0x1F, (byte) 0x8B, 1, 2, 3};
        assertThatThrownBy(() -> RawKuraPayload.decode(fake))
                .isInstanceOf(MalformedKuraPayloadException.class)
                .hasMessageContaining("gzip magic 1F 8B but does not gunzip");
    }

    @Test
    void wrongTypesCanBeDeclaredOnPurpose() {
        // request.id as INT64: a gateway must drop such a request
        RawKuraPayload p = new RawKuraPayload().metric("request.id", MetricType.INT64, 42);
        byte[] bytes = p.encode();
        assertThat(HEX.formatHex(bytes)).isEqualTo("c2 b8 02 10 0a 0a 72 65 71 75 65 73 74 2e 69 64 10 02 28 2a");
        Metric m = RawKuraPayload.decode(bytes).get("request.id");
        assertThat(m.typeNumber()).isEqualTo(2);
        assertThat(m.value()).isEqualTo(42L);
        assertThatThrownBy(() -> RawKuraPayload.decode(bytes).getString("request.id"))
                .hasMessageContaining("metric 'request.id' is INT64, not STRING");
    }

    @Test
    void valuesMustFitTheDeclaredType() {
        assertThatThrownBy(() -> new RawKuraPayload().metric("x", MetricType.INT32, "5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metric 'x': a String value does not fit type INT32");
        assertThatThrownBy(() -> new RawKuraPayload().metric("x", MetricType.INT32, 5L))
                .hasMessageContaining("Long value does not fit type INT32");
        assertThatThrownBy(() -> new RawKuraPayload().metric("x", MetricType.DOUBLE, 1.5f))
                .hasMessageContaining("does not fit type DOUBLE");
    }

    @Test
    void repeatedNamesAreAllKeptAndTheLastWins() {
        RawKuraPayload p = RawKuraPayload.decode(new RawKuraPayload()
                .metric("a", MetricType.STRING, "first")
                .metric("b", MetricType.INT32, 1)
                .metric("a", MetricType.INT32, 2)
                .encode());
        assertThat(p.metricList()).hasSize(3);
        assertThat(p.metrics()).hasSize(2);
        assertThat(p.metrics().keySet()).containsExactly("a", "b");
        assertThat(p.getInt32("a")).isEqualTo(2);
        assertThat(p.removeMetric("a").metricList()).extracting(Metric::name).containsExactly("b");
    }

    @Test
    void missingMetricsAreReportedWithThePayload() {
        RawKuraPayload p = new RawKuraPayload().metric("b", MetricType.INT32, 1);
        assertThatThrownBy(() -> p.getString("a")).hasMessageContaining("no metric 'a' in KuraPayload{");
        assertThat(p.has("b")).isTrue();
        assertThat(p.get("a")).isNull();
    }

    // ------------------------------------------------------------------------------------------ strictness

    @Test
    void everyTruncationIsDetected() {
        // each proper prefix that ends inside a field fails; prefixes that end between fields are valid payloads
        int[] fieldEnds = fieldBoundaries(KNOWN);
        for (int len = 1; len < KNOWN.length; len++) {
            byte[] prefix = Arrays.copyOf(KNOWN, len);
            if (Arrays.binarySearch(fieldEnds, len) >= 0) {
                assertThat(RawKuraPayload.decode(prefix)).isNotNull();
            } else {
                assertThatThrownBy(() -> RawKuraPayload.decode(prefix))
                        .as("prefix of %d bytes", len)
                        .isInstanceOf(MalformedKuraPayloadException.class)
                        .hasMessageContaining("(at byte ");
            }
        }
    }

    /** Ends of the top-level fields of {@link #KNOWN}, from the hand-written layout. */
    private static int[] fieldBoundaries(byte[] b) {
        // timestamp 3, position 2+18, metrics 4+16, 4+10, 4+14, 4+10, 4+8, 4+7, 4+9, body 6
        int[] sizes = {3, 20, 20, 14, 18, 14, 12, 11, 13, 6};
        int[] ends = new int[sizes.length];
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            at += sizes[i];
            ends[i] = at;
        }
        assertThat(at).isEqualTo(b.length);
        return ends;
    }

    @Test
    void truncationMessagesNameTheProblem() {
        assertThatThrownBy(() -> RawKuraPayload.decode(hex("08 ac")))
                .hasMessage("KuraPayload: truncated varint (at byte 1)");
        assertThatThrownBy(() -> RawKuraPayload.decode(hex("ca b8 02 05 68 69")))
                .hasMessage("KuraPayload: length 5 of body exceeds the 2 remaining bytes (at byte 3)");
        assertThatThrownBy(() -> RawKuraPayload.decode(hex("12 05 09 00 00 00 00")))
                .hasMessage("KuraPayload.position: truncated fixed64: 4 of 8 bytes (at byte 3)");
    }

    @Test
    void unknownAndGroupWireTypesAreRefused() {
        assertThatThrownBy(() -> RawKuraPayload.decode(hex("0f 01")))
                .hasMessage("KuraPayload: field 1 has unknown wire type 7 (at byte 0)");
        assertThatThrownBy(() -> RawKuraPayload.decode(hex("1b 1c")))
                .hasMessageContaining("field 3 uses the group wire type 3");
        assertThatThrownBy(() -> RawKuraPayload.decode(hex("00 01")))
                .hasMessageContaining("invalid field number 0");
    }

    @Test
    void knownFieldsWithTheWrongWireTypeAreRefused() {
        // timestamp as a length-delimited field
        assertThatThrownBy(() -> RawKuraPayload.decode(hex("0a 01 00")))
                .hasMessage("KuraPayload: field 1 (timestamp) has wire type 2, expected 0 (varint) (at byte 0)");
    }

    @Test
    void requiredFieldsAreEnforced() {
        // metric without name: type INT32, int_value 1
        assertThatThrownBy(() -> RawKuraPayload.decode(hex("c2 b8 02 04 10 03 30 01")))
                .hasMessageContaining("KuraPayload.metric #1: required field name (1) missing");
        // metric without type
        assertThatThrownBy(() -> RawKuraPayload.decode(hex("c2 b8 02 05 0a 01 61 30 01")))
                .hasMessage("KuraPayload.metric #1 ('a'): required field type (2) missing");
        // position without longitude
        assertThatThrownBy(() -> RawKuraPayload.decode(hex("12 09 09 00 00 00 00 00 00 f8 3f")))
                .hasMessageContaining("KuraPayload.position: required field longitude (2) missing");
    }

    @Test
    void metricsWhoseValueDoesNotMatchTheTypeAreRefused() {
        byte[] unknownType = new RawKuraPayload().rawMetric("a", 7, 8, "v").encode();
        assertThatThrownBy(() -> RawKuraPayload.decode(unknownType))
                .hasMessageContaining("('a'): type 7 is not a ValueType (0..6)");
        byte[] mismatch = new RawKuraPayload().rawMetric("a", MetricType.STRING.number(), 6, 5).encode();
        assertThatThrownBy(() -> RawKuraPayload.decode(mismatch))
                .hasMessageContaining("('a'): declared STRING but has no string_value (field 8)");
        // name "a", type STRING, string_value "v", int_value 1
        byte[] twoValues = hex("c2 b8 02 0a 0a 01 61 10 05 42 01 76 30 01");
        assertThatThrownBy(() -> RawKuraPayload.decode(twoValues))
                .hasMessageContaining("('a'): declared STRING but also carries int_value (field 6)");
    }

    @Test
    void invalidUtf8IsRefused() {
        // metric name 0xff
        assertThatThrownBy(() -> RawKuraPayload.decode(hex("c2 b8 02 07 0a 01 ff 10 03 30 01")))
                .hasMessageContaining("name is not valid UTF-8");
    }

    @Test
    void overlongVarintsAreRefused() {
        assertThatThrownBy(() -> RawKuraPayload.decode(hex("08 ff ff ff ff ff ff ff ff ff 7f")))
                .hasMessageContaining("varint longer than 64 bits");
        assertThatThrownBy(() -> RawKuraPayload.decode(hex("08 ff ff ff ff ff ff ff ff ff 81 01")))
                .hasMessageContaining("varint longer than 10 bytes");
    }

    @Test
    void unknownFieldsAreSkippedAndListed() {
        // top-level 7 (varint), extension 100 (fixed32), position field 12, metric field 10
        byte[] bytes = hex(String.join(" ",
                "38 05",
                "a5 06 01 02 03 04",
                "12 14 09 00 00 00 00 00 00 f8 3f 11 00 00 00 00 00 00 00 c0 60 01",
                "c2 b8 02 09 0a 01 61 10 03 30 01 50 02"));
        RawKuraPayload p = RawKuraPayload.decode(bytes);
        assertThat(p.unknownFields()).containsExactly("7", "100", "position.12", "metric[a].10");
        assertThat(p.getInt32("a")).isEqualTo(1);
        assertThat(p.position()).isEqualTo(KuraPosition.of(1.5, -2.0));
    }

    @Test
    void garbageIsRefusedNotMisread() {
        for (String text : List.of("hello world", "{\"metrics\":{}}", "\u0000\u0000")) {
            assertThatThrownBy(() -> RawKuraPayload.decode(text.getBytes(StandardCharsets.UTF_8)))
                    .as(text)
                    .isInstanceOf(MalformedKuraPayloadException.class);
        }
    }
}
