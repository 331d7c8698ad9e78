// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;

import io.weir.cloud.store.StoredMessage;

class MessageCodecTest {
    private static final byte[] TOPIC = "$EDC/acc/dev/MQTT/BIRTH".getBytes(UTF_8);

    /** Rewrites the CRC so a deliberately malformed field is what the decoder finds. */
    private static byte[] withValidCrc(byte[] value) {
        CRC32C crc = new CRC32C();
        crc.update(value, 0, value.length - 4);
        ByteBuffer.wrap(value).putInt(value.length - 4, (int) crc.getValue());
        return value;
    }

    @Test
    void roundTripsEveryField() throws Exception {
        byte[] payload = {1, 2, 3, 0, (byte) 0xFF};
        long id = MessageCodec.id(7, 123_456);
        byte[] value = MessageCodec.encode(2, true, 1_700_000_000_123L, TOPIC, payload);
        assertThat(value).hasSize(MessageCodec.OVERHEAD + TOPIC.length + payload.length);
        assertThat(MessageCodec.accountedSize(value)).isEqualTo(TOPIC.length + payload.length);
        StoredMessage m = MessageCodec.decode(id, value);
        assertThat(m).isEqualTo(new StoredMessage(id, 7, "$EDC/acc/dev/MQTT/BIRTH", 2, true, 1_700_000_000_123L,
                payload));
        StoredMessage empty = MessageCodec.decode(MessageCodec.id(0, 1),
                MessageCodec.encode(0, false, 0, new byte[0], new byte[0]));
        assertThat(empty.topic()).isEmpty();
        assertThat(empty.payload()).isEmpty();
        assertThat(empty.retain()).isFalse();
    }

    @Test
    void idOrderIsPriorityThenSequence() {
        assertThat(MessageCodec.id(0, MessageCodec.SEQ_MASK)).isLessThan(MessageCodec.id(1, 1));
        assertThat(MessageCodec.id(9, 5)).isLessThan(MessageCodec.id(9, 6)).isPositive();
        long id = MessageCodec.id(9, MessageCodec.SEQ_MASK);
        assertThat(MessageCodec.priority(id)).isEqualTo(9);
        assertThat(MessageCodec.seq(id)).isEqualTo(MessageCodec.SEQ_MASK);
    }

    @Test
    void everyFlippedBitIsDetected() {
        byte[] value = MessageCodec.encode(1, false, 42, TOPIC, "payload".getBytes(UTF_8));
        long id = MessageCodec.id(3, 9);
        for (int bit = 0; bit < value.length * 8; bit++) {
            byte[] copy = value.clone();
            copy[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> MessageCodec.decode(id, copy)).isInstanceOf(MalformedEntryException.class);
        }
    }

    @Test
    void malformedFieldsAreNamed() {
        long id = MessageCodec.id(3, 9);
        byte[] ok = MessageCodec.encode(1, false, 42, TOPIC, "p".getBytes(UTF_8));
        assertThatThrownBy(() -> MessageCodec.decode(id, new byte[5])).hasMessageContaining("shorter than");
        byte[] format = ok.clone();
        format[0] = 2;
        assertThatThrownBy(() -> MessageCodec.decode(id, withValidCrc(format))).hasMessageContaining("format 2");
        byte[] flags = ok.clone();
        flags[1] = 3;
        assertThatThrownBy(() -> MessageCodec.decode(id, withValidCrc(flags))).hasMessageContaining("flags");
        byte[] topicLength = ok.clone();
        topicLength[10] = (byte) 0xFF;
        assertThatThrownBy(() -> MessageCodec.decode(id, withValidCrc(topicLength)))
                .hasMessageContaining("topic length");
        byte[] utf8 = ok.clone();
        utf8[12] = (byte) 0xC3; // a lone lead byte
        utf8[13] = (byte) 0x28;
        assertThatThrownBy(() -> MessageCodec.decode(id, withValidCrc(utf8))).hasMessageContaining("UTF-8");
        byte[] truncated = withValidCrc(java.util.Arrays.copyOf(ok, ok.length - 1));
        assertThatThrownBy(() -> MessageCodec.decode(id, truncated)).hasMessageContaining("payload length");
        assertThatThrownBy(() -> MessageCodec.decode(MessageCodec.id(10, 1), ok))
                .hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> MessageCodec.decode(MessageCodec.id(1, 0), ok)).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> MessageCodec.encode(0, false, 0, new byte[70_000], new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
