// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.kura;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import io.weir.cloud.CloudPayload;
import io.weir.data.TypedValue;

/** gzip: compression only when it pays, detection, Kura's fallback, and the decompression cap. */
class KuraPayloadCodecGzipTest {

    private static final int MAX = KuraPayloadCodec.DEFAULT_MAX_PAYLOAD_BYTES;

    static CloudPayload small() {
        return new CloudPayload(1_700_000_000_000L, null, Map.of("temperature", TypedValue.ofDouble(21.5)), null);
    }

    static CloudPayload largeRepetitive() {
        Map<String, TypedValue> metrics = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            metrics.put("channel." + i, TypedValue.ofString("status OK status OK status OK"));
        }
        return new CloudPayload(1_700_000_000_000L, null, metrics, new byte[10_000]);
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    @Test
    void smallPayloadStaysPlainBecauseGzipWouldBeLonger() throws Exception {
        byte[] plain = KuraPayloadCodec.encode(small(), false);
        byte[] maybeCompressed = KuraPayloadCodec.encode(small(), true);

        assertThat(gzip(plain).length).as("gzip is not shorter here").isGreaterThanOrEqualTo(plain.length);
        assertThat(KuraPayloadCodec.isGzip(maybeCompressed)).isFalse();
        assertThat(maybeCompressed).containsExactly(plain);
    }

    @Test
    void largeRepetitivePayloadIsCompressedAndDecodes() throws Exception {
        byte[] plain = KuraPayloadCodec.encode(largeRepetitive(), false);
        byte[] compressed = KuraPayloadCodec.encode(largeRepetitive(), true);

        assertThat(KuraPayloadCodec.isGzip(compressed)).isTrue();
        assertThat(compressed.length).isLessThan(plain.length);
        assertThat(gunzip(compressed)).as("standard gzip of the plain form").containsExactly(plain);
        assertThat(KuraPayloadCodec.decode(compressed, MAX)).isEqualTo(largeRepetitive());
    }

    @Test
    void gzipIsDecodedEvenWhenLongerThanPlain() throws Exception {
        // Kapua never compresses, other senders may compress regardless of size: both must decode
        byte[] compressed = gzip(KuraPayloadCodec.encode(small(), false));

        assertThat(KuraPayloadCodec.decode(compressed, MAX)).isEqualTo(small());
    }

    @Test
    void isGzipNeedsBothMagicBytes() {
        assertThat(KuraPayloadCodec.isGzip(new byte[] { 0x1F, (byte) 0x8B })).isTrue();
        assertThat(KuraPayloadCodec.isGzip(new byte[] { 0x1F, (byte) 0x8B, 8, 0 })).isTrue();
        assertThat(KuraPayloadCodec.isGzip(new byte[] { 0x1F })).isFalse();
        assertThat(KuraPayloadCodec.isGzip(new byte[0])).isFalse();
        assertThat(KuraPayloadCodec.isGzip(new byte[] { (byte) 0x8B, 0x1F })).isFalse();
        assertThat(KuraPayloadCodec.isGzip(new byte[] { 0x1F, (byte) 0x8C })).isFalse();
    }

    @Test
    void validProtobufCanNeverStartWithTheGzipMagic() {
        // 0x1F as a first byte is a complete one-byte tag: field 3, wire type 7, which does not exist. So Kura's
        // fallback (parse the original bytes when gunzip fails) can only ever end in a parse error; it is kept for
        // fidelity, and this is what it reports.
        byte[] notGzip = { 0x1F, (byte) 0x8B, 0x08, 0x01 };

        assertThatThrownBy(() -> KuraPayloadCodec.decode(notGzip, MAX))
                .isExactlyInstanceOf(KuraPayloadException.class)
                .hasMessageContaining("starts with the gzip magic but is not gzip")
                .hasMessageContaining("as plain protobuf: malformed protobuf")
                .hasMessageContaining("wire type");
    }

    @Test
    void fallbackParsesTheOriginalBytesWhenGunzipFails() {
        // the fallback path: the magic alone (two bytes) is not a gzip stream; the original bytes are then parsed
        // and, being the magic, fail as protobuf too, with both reasons given
        assertThatThrownBy(() -> KuraPayloadCodec.decode(new byte[] { 0x1F, (byte) 0x8B }, MAX))
                .isExactlyInstanceOf(KuraPayloadException.class)
                .hasMessageContaining("not gzip")
                .hasMessageContaining("plain protobuf");
        // and the size limit applies to the original bytes on that path
        byte[] longNotGzip = new byte[100];
        longNotGzip[0] = 0x1F;
        longNotGzip[1] = (byte) 0x8B;
        assertThatThrownBy(() -> KuraPayloadCodec.decode(longNotGzip, 50))
                .isExactlyInstanceOf(KuraPayloadException.class)
                .hasMessageContaining("exceeds the limit of 50 bytes");
    }

    @Test
    void truncatedGzipFailsCleanlyAtEveryLength() throws Exception {
        byte[] compressed = KuraPayloadCodec.encode(largeRepetitive(), true);
        assertThat(KuraPayloadCodec.isGzip(compressed)).isTrue();

        int failures = 0;
        for (int length = 2; length < compressed.length; length++) {
            try {
                KuraPayloadCodec.decode(Arrays.copyOf(compressed, length), MAX);
            } catch (KuraPayloadException e) {
                assertThat(e.getMessage()).isNotBlank();
                failures++;
            }
        }

        assertThat(failures).isEqualTo(compressed.length - 2);
    }

    @Test
    void gzipOfInvalidProtobufSaysSo() throws Exception {
        byte[] compressed = gzip(new byte[] { 0x0A, 0x05, 1 }); // field 1 length-delimited, truncated

        assertThatThrownBy(() -> KuraPayloadCodec.decode(compressed, MAX))
                .isExactlyInstanceOf(KuraPayloadException.class)
                .hasMessageStartingWith("gzip payload: ");
    }

    @Test
    void decompressionBombIsCappedAtTheDefaultLimit() throws Exception {
        // a valid payload whose body is 16 MiB + 1 zero bytes, streamed into gzip: about 16 KiB on the wire
        int bodyLength = KuraPayloadCodec.DEFAULT_MAX_PAYLOAD_BYTES + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(Wire.create().tag(5001, Wire.LEN).varint(bodyLength).toBytes());
            byte[] zeros = new byte[1 << 16];
            for (int left = bodyLength; left > 0; left -= zeros.length) {
                gz.write(zeros, 0, Math.min(left, zeros.length));
            }
        }
        byte[] bomb = out.toByteArray();
        assertThat(bomb.length).isLessThan(100_000);

        assertThatThrownBy(() -> KuraPayloadCodec.decode(bomb, KuraPayloadCodec.DEFAULT_MAX_PAYLOAD_BYTES))
                .isExactlyInstanceOf(KuraPayloadException.class)
                .hasMessageContaining("decompresses to more than 16777216 bytes")
                .hasMessageContaining("decompression bomb");
    }

    @Test
    void decompressionLimitIsExact() throws Exception {
        CloudPayload payload = new CloudPayload(0, null, Map.of(), new byte[100_000]);
        byte[] plain = KuraPayloadCodec.encode(payload, false);
        byte[] compressed = KuraPayloadCodec.encode(payload, true);
        assertThat(KuraPayloadCodec.isGzip(compressed)).isTrue();

        assertThat(KuraPayloadCodec.decode(compressed, plain.length)).isEqualTo(payload);
        assertThatThrownBy(() -> KuraPayloadCodec.decode(compressed, plain.length - 1))
                .isExactlyInstanceOf(KuraPayloadException.class)
                .hasMessageContaining("more than " + (plain.length - 1) + " bytes");
    }

    @Test
    void plainPayloadOverTheLimitIsRejected() throws Exception {
        CloudPayload payload = new CloudPayload(0, null, Map.of(), new byte[1000]);
        byte[] plain = KuraPayloadCodec.encode(payload, false);

        assertThat(KuraPayloadCodec.decode(plain, plain.length)).isEqualTo(payload);
        assertThatThrownBy(() -> KuraPayloadCodec.decode(plain, plain.length - 1))
                .isExactlyInstanceOf(KuraPayloadException.class)
                .hasMessage("payload of " + plain.length + " bytes exceeds the limit of " + (plain.length - 1)
                        + " bytes");
    }

    @Test
    void bombOnADataTopicIsWrappedStillCompressed() throws Exception {
        CloudPayload payload = new CloudPayload(0, null, Map.of(), new byte[100_000]);
        byte[] compressed = KuraPayloadCodec.encode(payload, true);

        CloudPayload wrapped = KuraPayloadCodec.decodeOrWrap(compressed, 1000);

        assertThat(wrapped.body()).containsExactly(compressed);
        assertThat(wrapped.metrics()).isEmpty();
    }

    @Test
    void concatenatedGzipMembersAreOneStream() throws Exception {
        byte[] plain = KuraPayloadCodec.encode(KuraWireFormatTest.expected(), false);
        int half = plain.length / 2;
        byte[] first = gzip(Arrays.copyOfRange(plain, 0, half));
        byte[] second = gzip(Arrays.copyOfRange(plain, half, plain.length));
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);

        assertThat(KuraPayloadCodec.decode(both, MAX)).isEqualTo(KuraWireFormatTest.expected());
    }
}
