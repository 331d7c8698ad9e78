// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.kura;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.Position;
import io.weir.data.DataType;
import io.weir.data.TypedValue;

/** encode → decode gives back exactly the payload, for every type and edge value, plain and gzipped. */
class KuraPayloadCodecRoundTripTest {

    private static final int MAX = KuraPayloadCodec.DEFAULT_MAX_PAYLOAD_BYTES;

    static Stream<Arguments> edgeValues() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        return Stream.of(
                TypedValue.ofDouble(0.0), TypedValue.ofDouble(-0.0), TypedValue.ofDouble(Double.NaN),
                TypedValue.ofDouble(Double.longBitsToDouble(0x7FF8_0000_0000_1234L)), // NaN with a payload
                TypedValue.ofDouble(Double.POSITIVE_INFINITY), TypedValue.ofDouble(Double.NEGATIVE_INFINITY),
                TypedValue.ofDouble(Double.MIN_VALUE), TypedValue.ofDouble(Double.MAX_VALUE),
                TypedValue.ofDouble(-1.0e-300), TypedValue.ofDouble(Math.PI),
                TypedValue.ofFloat(0.0f), TypedValue.ofFloat(-0.0f), TypedValue.ofFloat(Float.NaN),
                TypedValue.ofFloat(Float.intBitsToFloat(0x7FC0_0123)), // NaN with a payload
                TypedValue.ofFloat(Float.POSITIVE_INFINITY), TypedValue.ofFloat(Float.NEGATIVE_INFINITY),
                TypedValue.ofFloat(Float.MIN_VALUE), TypedValue.ofFloat(Float.MAX_VALUE),
                TypedValue.ofLong(Long.MIN_VALUE), TypedValue.ofLong(Long.MAX_VALUE), TypedValue.ofLong(0),
                TypedValue.ofLong(-1), TypedValue.ofLong(1L << 53 | 1),
                TypedValue.ofInteger(Integer.MIN_VALUE), TypedValue.ofInteger(Integer.MAX_VALUE),
                TypedValue.ofInteger(0), TypedValue.ofInteger(-1),
                TypedValue.ofBoolean(true), TypedValue.ofBoolean(false),
                TypedValue.ofString(""), TypedValue.ofString("plain ascii"),
                TypedValue.ofString("Zürich – 東京 – Ελλάδα – 😀 – \u0000 nul"),
                TypedValue.ofString("x".repeat(100_000)),
                TypedValue.ofBytes(new byte[0]), TypedValue.ofBytes(all),
                TypedValue.ofBytes(new byte[] { 0x1F, (byte) 0x8B }))
                .map(v -> Arguments.of(v.type(), v));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("edgeValues")
    void everyTypeAndEdgeValueRoundTrips(DataType type, TypedValue value) throws Exception {
        CloudPayload payload = new CloudPayload(1L, null, Map.of("v", value), null);

        for (boolean gzip : new boolean[] { false, true }) {
            CloudPayload decoded = KuraPayloadCodec.decode(KuraPayloadCodec.encode(payload, gzip), MAX);

            // TypedValue equality is exact: same type, same bits (NaN payloads, -0.0 vs 0.0), same bytes
            assertThat(decoded).isEqualTo(payload);
            assertThat(decoded.metric("v").type()).isEqualTo(type);
        }
    }

    @Test
    void equalityIsStrictEnoughToCatchLostBits() {
        // guards the test above: a codec that normalised values would fail it
        assertThat(TypedValue.ofDouble(-0.0)).isNotEqualTo(TypedValue.ofDouble(0.0));
        assertThat(TypedValue.ofDouble(Double.longBitsToDouble(0x7FF8_0000_0000_1234L)))
                .isNotEqualTo(TypedValue.ofDouble(Double.NaN));
        assertThat(TypedValue.ofInteger(1)).isNotEqualTo(TypedValue.ofLong(1));
    }

    @Test
    void allTypesTogetherKeepTheirOrder() throws Exception {
        Map<String, TypedValue> metrics = new LinkedHashMap<>();
        List<String> names = List.of("z", "bytes", "a", "é", "int", "long", "bool", "str", "float", "double");
        metrics.put("z", TypedValue.ofDouble(1));
        metrics.put("bytes", TypedValue.ofBytes(new byte[] { 9 }));
        metrics.put("a", TypedValue.ofString("a"));
        metrics.put("é", TypedValue.ofFloat(2.5f));
        metrics.put("int", TypedValue.ofInteger(7));
        metrics.put("long", TypedValue.ofLong(7));
        metrics.put("bool", TypedValue.ofBoolean(true));
        metrics.put("str", TypedValue.ofString(""));
        metrics.put("float", TypedValue.ofFloat(-1));
        metrics.put("double", TypedValue.ofDouble(-1));
        CloudPayload payload = new CloudPayload(1_700_000_000_123L, null, metrics, null);

        CloudPayload decoded = KuraPayloadCodec.decode(KuraPayloadCodec.encode(payload, false), MAX);

        assertThat(decoded).isEqualTo(payload);
        assertThat(decoded.metrics().keySet()).containsExactlyElementsOf(names);
    }

    @Test
    void positionWithAllFieldsRoundTrips() throws Exception {
        Position position = new Position(-33.8688, 151.2093, -12.5, 0.9, 359.99, 27.8, 1_699_999_999_999L, 11, 4);
        CloudPayload payload = new CloudPayload(42L, position, Map.of(), null);

        CloudPayload decoded = KuraPayloadCodec.decode(KuraPayloadCodec.encode(payload, false), MAX);

        assertThat(decoded.position()).isEqualTo(position);
        assertThat(decoded).isEqualTo(payload);
    }

    @Test
    void positionWithOnlyLatitudeAndLongitudeKeepsTheRestAbsent() throws Exception {
        CloudPayload payload = new CloudPayload(42L, new Position(0.0, -0.0), Map.of(), null);

        Position decoded = KuraPayloadCodec.decode(KuraPayloadCodec.encode(payload, false), MAX).position();

        assertThat(decoded).isEqualTo(new Position(0.0, -0.0));
        assertThat(decoded.altitude()).isNull();
        assertThat(decoded.precision()).isNull();
        assertThat(decoded.heading()).isNull();
        assertThat(decoded.speed()).isNull();
        assertThat(decoded.timestamp()).isNull();
        assertThat(decoded.satellites()).isNull();
        assertThat(decoded.status()).isNull();
        assertThat(Double.doubleToRawLongBits(decoded.longitude())).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void positionZeroValuedOptionalFieldsStayPresent() throws Exception {
        Position position = new Position(1, 2, 0.0, 0.0, 0.0, 0.0, 0L, 0, 0);
        CloudPayload payload = new CloudPayload(0, position, Map.of(), null);

        assertThat(KuraPayloadCodec.decode(KuraPayloadCodec.encode(payload, false), MAX).position())
                .isEqualTo(position);
    }

    @Test
    void bodyRoundTripsAndEmptyBodyDiffersFromNoBody() throws Exception {
        byte[] body = "{\"json\": \"body ✓\"}".getBytes(StandardCharsets.UTF_8);
        CloudPayload withBody = new CloudPayload(7L, null, Map.of("m", TypedValue.ofInteger(1)), body);
        CloudPayload emptyBody = new CloudPayload(7L, null, Map.of(), new byte[0]);
        CloudPayload noBody = new CloudPayload(7L, null, Map.of(), null);

        assertThat(KuraPayloadCodec.decode(KuraPayloadCodec.encode(withBody, false), MAX).body())
                .containsExactly(body);
        assertThat(KuraPayloadCodec.decode(KuraPayloadCodec.encode(emptyBody, false), MAX).body()).isEmpty();
        assertThat(KuraPayloadCodec.decode(KuraPayloadCodec.encode(noBody, false), MAX).body()).isNull();
    }

    @Test
    void noTimestampStaysNoTimestamp() throws Exception {
        CloudPayload payload = new CloudPayload(CloudPayload.NO_TIMESTAMP, null,
                Map.of("x", TypedValue.ofLong(1)), null);

        byte[] bytes = KuraPayloadCodec.encode(payload, false);

        assertThat(bytes[0]).as("no field 1 tag").isNotEqualTo((byte) 0x08);
        assertThat(KuraPayloadCodec.decode(bytes, MAX).timestamp()).isEqualTo(CloudPayload.NO_TIMESTAMP);
    }

    @Test
    void negativeAndExtremeTimestampsRoundTrip() throws Exception {
        for (long ts : new long[] { -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L }) {
            CloudPayload payload = new CloudPayload(ts, null, Map.of(), null);

            assertThat(KuraPayloadCodec.decode(KuraPayloadCodec.encode(payload, false), MAX).timestamp())
                    .isEqualTo(ts);
        }
    }

    @Test
    void unpairedSurrogateIsWrittenAsQuestionMarkLikeKura() throws Exception {
        CloudPayload payload = new CloudPayload(1, null, Map.of("s", TypedValue.ofString("a\uD800b")), null);

        assertThat(KuraPayloadCodec.decode(KuraPayloadCodec.encode(payload, false), MAX).metric("s"))
                .isEqualTo(TypedValue.ofString("a?b"));
    }

    @Test
    void decodingIsSafeFromManyThreads() throws Exception {
        byte[] bytes = KuraWireFormatTest.HAND_WRITTEN;
        CloudPayload expected = KuraWireFormatTest.expected();
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<Object> outcomes = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    try {
                        CloudPayload p = KuraPayloadCodec.decode(bytes, MAX);
                        outcomes.add(p.equals(expected)
                                && KuraPayloadCodec.decode(KuraPayloadCodec.encode(p, true), MAX).equals(expected));
                    } catch (Throwable e) {
                        outcomes.add(e);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(120_000);
        }

        assertThat(outcomes).hasSize(2000).containsOnly(true);
    }
}
