// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.kura;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.weir.cloud.CloudPayload;

/**
 * Bad bytes give a {@link KuraPayloadException} that says what is wrong, and never any other throwable: crafted
 * errors one by one, then seeded random input, mutations and truncations.
 */
class KuraPayloadCodecMalformedTest {

    private static final int MAX = KuraPayloadCodec.DEFAULT_MAX_PAYLOAD_BYTES;

    private static Wire metric(String name, int type) {
        return Wire.create().stringField(1, name).varintField(2, type);
    }

    private static byte[] payloadWith(Wire metric) {
        return Wire.create().varintField(1, 1).messageField(5000, metric).toBytes();
    }

    private static void assertRejected(byte[] bytes, String... messageParts) {
        assertThatThrownBy(() -> KuraPayloadCodec.decode(bytes, MAX))
                .isExactlyInstanceOf(KuraPayloadException.class)
                .hasMessageContainingAll(messageParts);
    }

    // ---- crafted errors

    @Test
    void unknownMetricTypeIsRejectedWithItsNumber() {
        assertRejected(payloadWith(metric("speed", 7).varintField(6, 1)), "metric 'speed'",
                "unknown value type 7");
        assertRejected(payloadWith(metric("speed", -1).varintField(6, 1)), "unknown value type -1");
    }

    @Test
    void unknownMetricTypeIsRejectedEvenAfterAKnownOne() {
        assertRejected(payloadWith(metric("m", 3).varintField(2, 42).varintField(6, 1)), "metric 'm'",
                "unknown value type 42");
    }

    @Test
    void missingRequiredMetricNameIsRejected() {
        assertRejected(payloadWith(Wire.create().varintField(2, 3).varintField(6, 1)), "metric #0",
                "has no name (required field 1)");
    }

    @Test
    void missingRequiredMetricTypeIsRejected() {
        assertRejected(payloadWith(Wire.create().stringField(1, "volts").doubleField(3, 1.0)), "metric 'volts'",
                "has no type (required field 2)");
    }

    @Test
    void missingValueFieldIsRejected() {
        assertRejected(payloadWith(metric("count", 3)), "metric 'count'", "declared INT32",
                "has no int_value (field 6)");
    }

    @Test
    void valueFieldOfAnotherTypeIsRejected() {
        assertRejected(payloadWith(metric("count", 3).doubleField(3, 1.0)), "metric 'count'", "declared INT32",
                "carries double_value (field 3)");
        assertRejected(payloadWith(metric("text", 5).bytesField(9, new byte[] { 1 })), "metric 'text'",
                "declared STRING", "carries bytes_value (field 9)");
    }

    @Test
    void secondValueFieldIsRejected() {
        assertRejected(payloadWith(metric("x", 0).doubleField(3, 1.0).floatField(4, 1f)), "metric 'x'",
                "declared DOUBLE", "carries float_value (field 4)");
    }

    @Test
    void theErrorNamesTheFaultyMetricAmongGoodOnes() {
        byte[] bytes = Wire.create()
                .messageField(5000, metric("good", 4).varintField(7, 1))
                .messageField(5000, metric("bad", 2).varintField(6, 1))
                .toBytes();

        assertRejected(bytes, "metric 'bad'", "declared INT64", "carries int_value");
    }

    @Test
    void longMetricNamesAreCutInMessages() {
        String name = "n".repeat(100_000);

        assertThatThrownBy(() -> KuraPayloadCodec.decode(payloadWith(metric(name, 3)), MAX))
                .isExactlyInstanceOf(KuraPayloadException.class)
                .hasMessageContaining("metric '" + "n".repeat(64) + "…'")
                .hasMessageContaining("has no int_value")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void emptyMetricNameIsRejected() {
        assertRejected(payloadWith(metric("", 4).varintField(7, 1)), "metric #0", "empty name");
    }

    @Test
    void invalidUtf8IsRejectedNotReplaced() {
        byte[] invalid = { 'a', (byte) 0xC3, 'b' };
        assertRejected(payloadWith(Wire.create().bytesField(1, invalid).varintField(2, 4).varintField(7, 1)),
                "metric #0", "name is not valid UTF-8");
        assertRejected(payloadWith(metric("s", 5).bytesField(8, invalid)), "metric 's'",
                "string_value is not valid UTF-8");
    }

    @Test
    void positionWithoutLatitudeOrLongitudeIsRejected() {
        assertRejected(Wire.create().messageField(2, Wire.create().doubleField(2, 1.0)).toBytes(),
                "position has no latitude");
        assertRejected(Wire.create().messageField(2, Wire.create().doubleField(1, 1.0)).toBytes(),
                "position has no longitude");
    }

    @Test
    void wrongWireTypesAreRejectedNotDropped() {
        assertRejected(Wire.create().stringField(1, "1700000000000").toBytes(),
                "payload: field 1 (timestamp) has the wrong wire type (length-delimited)");
        assertRejected(Wire.create().varintField(2, 1).toBytes(), "payload: field 2 (position)", "(varint)");
        assertRejected(Wire.create().varintField(5000, 1).toBytes(), "payload: field 5000 (metric)");
        assertRejected(Wire.create().varintField(5001, 1).toBytes(), "payload: field 5001 (body)");
        assertRejected(Wire.create().messageField(2, Wire.create().floatField(1, 1f).doubleField(2, 1)).toBytes(),
                "position: field 1 (latitude) has the wrong wire type (32-bit)");
        assertRejected(Wire.create().messageField(2, Wire.create().doubleField(1, 1).doubleField(2, 1)
                .doubleField(8, 3)).toBytes(), "position: field 8 (satellites)", "(64-bit)");
        assertRejected(payloadWith(Wire.create().varintField(1, 5).varintField(2, 3).varintField(6, 1)),
                "metric #0: field 1 (name) has the wrong wire type (varint)");
        assertRejected(payloadWith(Wire.create().stringField(1, "m").stringField(2, "INT32").varintField(6, 1)),
                "metric #0 'm': field 2 (type) has the wrong wire type (length-delimited)");
        assertRejected(payloadWith(metric("d", 0).varintField(3, 1)),
                "metric #0 'd': field 3 (double_value) has the wrong wire type (varint)");
        assertRejected(payloadWith(metric("l", 2).doubleField(5, 1)),
                "metric #0 'l': field 5 (long_value)", "(64-bit)");
    }

    @Test
    void malformedProtobufIsRejected() {
        assertRejected(new byte[] { 0x0F }, "malformed protobuf"); // field 1, wire type 7
        assertRejected(new byte[] { 0x0E }, "malformed protobuf"); // field 1, wire type 6
        assertRejected(new byte[] { 0x08 }, "malformed protobuf"); // tag without its varint
        assertRejected(new byte[] { 0x12, 0x05, 0x09 }, "malformed protobuf"); // length beyond the end
        assertRejected(new byte[] { 0x08, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01 }, "malformed protobuf"); // 11-byte varint
        assertRejected(new byte[] { 0x1C }, "malformed protobuf"); // end group without a start
        assertRejected(new byte[] { 0x00 }, "malformed protobuf"); // tag 0
        assertRejected(Wire.create().tag(6000, Wire.START_GROUP).tag(6001, Wire.END_GROUP).toBytes(),
                "malformed protobuf"); // mismatched group end
    }

    @Test
    void deeplyNestedUnknownGroupsHitTheRecursionLimitCleanly() {
        Wire wire = Wire.create();
        for (int i = 0; i < 10_000; i++) {
            wire.tag(6000, Wire.START_GROUP);
        }
        assertRejected(wire.toBytes(), "malformed protobuf");
    }

    @Test
    void negativeLimitIsAProgrammingError() {
        assertThatThrownBy(() -> KuraPayloadCodec.decode(new byte[0], -1))
                .isExactlyInstanceOf(IllegalArgumentException.class);
    }

    // ---- generated garbage

    /** Decodes, and checks that a success is a payload that survives its own round trip. */
    private static boolean decodes(byte[] bytes) throws Exception {
        CloudPayload decoded;
        try {
            decoded = KuraPayloadCodec.decode(bytes, MAX);
        } catch (KuraPayloadException e) {
            assertThat(e.getMessage()).isNotBlank();
            CloudPayload wrapped = KuraPayloadCodec.decodeOrWrap(bytes, MAX);
            assertThat(wrapped.body()).containsExactly(bytes);
            return false;
        }
        assertThat(KuraPayloadCodec.decode(KuraPayloadCodec.encode(decoded, false), MAX)).isEqualTo(decoded);
        assertThat(KuraPayloadCodec.decode(KuraPayloadCodec.encode(decoded, true), MAX)).isEqualTo(decoded);
        return true;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = { 1L, 42L, 20_240_101L })
    void randomBytesNeverThrowAnythingElse(long seed) throws Exception {
        Random random = new Random(seed);
        int rejected = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            if (i % 10 == 0 && bytes.length >= 2) { // some with the gzip magic
                bytes[0] = 0x1F;
                bytes[1] = (byte) 0x8B;
            }
            if (!decodes(bytes)) {
                rejected++;
            }
        }
        assertThat(rejected).as("random bytes are mostly not a payload").isGreaterThan(7_500);
    }

    @Test
    void mutatedValidPayloadsNeverThrowAnythingElse() throws Exception {
        byte[] valid = KuraPayloadCodec.encode(KuraWireFormatTest.expected(), false);
        byte[] validGzip = KuraPayloadCodec.encode(KuraWireFormatTest.expected(), true);
        Random random = new Random(7);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = (i % 4 == 0 ? validGzip : valid).clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            if (decodes(bytes)) {
                accepted++;
            } else {
                rejected++;
            }
        }
        assertThat(accepted).as("some mutations only change values").isPositive();
        assertThat(rejected).as("most mutations break structure or types").isPositive();
    }

    @Test
    void everyTruncationOfAValidPayloadIsRejectedOrIsAFieldBoundary() throws Exception {
        byte[] valid = KuraWireFormatTest.HAND_WRITTEN;
        // the top-level field boundaries of the hand-written payload: after timestamp, position, each metric
        int[] boundaries = { 0, 7, 47, 65, 79, 99, 111, 122, 136, 150 };

        for (int length = 0; length < valid.length; length++) {
            byte[] prefix = Arrays.copyOf(valid, length);
            boolean atBoundary = Arrays.stream(boundaries).anyMatch(b -> b == prefix.length);

            assertThat(decodes(prefix)).as("prefix of %d bytes", length).isEqualTo(atBoundary);
            if (atBoundary) {
                // a prefix that ends between fields is a valid, smaller payload that re-encodes to itself
                assertThat(KuraPayloadCodec.encode(KuraPayloadCodec.decode(prefix, MAX), false))
                        .containsExactly(prefix);
            }
        }
    }

    @Test
    void decodeOrWrapNeverThrowsOnGarbage() {
        Random random = new Random(99);
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);

            CloudPayload p = KuraPayloadCodec.decodeOrWrap(bytes, MAX);

            CloudPayload wrapped = new CloudPayload(CloudPayload.NO_TIMESTAMP, null, Map.of(), bytes);
            try {
                CloudPayload decoded = KuraPayloadCodec.decode(bytes, MAX);
                assertThat(p).isIn(decoded, wrapped);
            } catch (KuraPayloadException e) {
                assertThat(p).isEqualTo(wrapped);
            }
        }
    }
}
