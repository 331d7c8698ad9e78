// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.kura;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.cloud.CloudPayload;

/** Data topics: what is not a Kura payload becomes the body of an empty one (spec §1.2). */
class KuraPayloadCodecDecodeOrWrapTest {

    private static final int MAX = KuraPayloadCodec.DEFAULT_MAX_PAYLOAD_BYTES;

    private static CloudPayload wrapped(byte[] bytes) {
        return new CloudPayload(CloudPayload.NO_TIMESTAMP, null, Map.of(), bytes);
    }

    @Test
    void textBecomesTheBody() {
        byte[] text = "{\"temperature\": 21.5, \"unit\": \"°C\"}".getBytes(StandardCharsets.UTF_8);

        CloudPayload p = KuraPayloadCodec.decodeOrWrap(text, MAX);

        assertThat(p).isEqualTo(wrapped(text));
        assertThat(p.timestamp()).isEqualTo(CloudPayload.NO_TIMESTAMP);
        assertThat(p.position()).isNull();
        assertThat(p.metrics()).isEmpty();
        assertThat(p.body()).containsExactly(text);
    }

    @Test
    void textThatHappensToBeWellFormedProtobufIsNotLost() throws Exception {
        byte[] hi = "hi".getBytes(StandardCharsets.US_ASCII); // 0x68 = field 13 varint, 0x69 = its value

        assertThat(KuraPayloadCodec.decode(hi, MAX)).as("protobuf ignores unknown fields")
                .isEqualTo(CloudPayload.EMPTY);
        assertThat(KuraPayloadCodec.decodeOrWrap(hi, MAX)).isEqualTo(wrapped(hi));
    }

    @Test
    void aValidPayloadIsDecoded() throws Exception {
        byte[] bytes = KuraPayloadCodec.encode(KuraWireFormatTest.expected(), true);

        assertThat(KuraPayloadCodec.decodeOrWrap(bytes, MAX)).isEqualTo(KuraWireFormatTest.expected());
    }

    @Test
    void aValidPayloadWithUnknownFieldsBesideKnownOnesIsDecoded() {
        byte[] bytes = Wire.create().varintField(1, 99).varintField(13, 1).toBytes();

        assertThat(KuraPayloadCodec.decodeOrWrap(bytes, MAX)).isEqualTo(new CloudPayload(99, null, Map.of(), null));
    }

    @Test
    void emptyInputIsTheEmptyPayload() {
        assertThat(KuraPayloadCodec.decodeOrWrap(new byte[0], MAX)).isEqualTo(CloudPayload.EMPTY);
    }

    @Test
    void invalidPayloadsAreWrappedUnchanged() {
        byte[] wrongType = Wire.create()
                .messageField(5000, Wire.create().stringField(1, "n").varintField(2, 3).doubleField(3, 1))
                .toBytes();
        byte[] notGzip = { 0x1F, (byte) 0x8B, 1, 2, 3 };
        byte[] tooLarge = new byte[100];

        assertThat(KuraPayloadCodec.decodeOrWrap(wrongType, MAX)).isEqualTo(wrapped(wrongType));
        assertThat(KuraPayloadCodec.decodeOrWrap(notGzip, MAX)).isEqualTo(wrapped(notGzip));
        assertThat(KuraPayloadCodec.decodeOrWrap(tooLarge, 10)).isEqualTo(wrapped(tooLarge));
    }

    @Test
    void negativeLimitIsStillAProgrammingError() {
        assertThatThrownBy(() -> KuraPayloadCodec.decodeOrWrap(new byte[] { 1 }, -1))
                .isExactlyInstanceOf(IllegalArgumentException.class);
    }
}
