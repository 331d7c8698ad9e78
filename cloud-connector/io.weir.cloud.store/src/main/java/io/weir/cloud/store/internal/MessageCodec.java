// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import io.weir.cloud.store.StoredMessage;

/**
 * The store's key scheme and its compact binary value encoding.
 *
 * <p><b>Keys.</b> {@code id = (priority << 56) | seq}: the priority (0..9) in the top byte, a 56-bit sequence number
 * below it. {@code seq} comes from one counter shared by all priorities that only ever grows, also across restarts
 * (its high-water mark is stored with every commit). So ids are unique, increase within a priority, and the natural
 * {@code long} order of the keys is the send order: priority ascending, then append order.
 *
 * <p><b>Values</b> (big-endian):
 * <pre>
 *  u8   format (1)
 *  u8   flags: bits 0-1 qos, bit 2 retain, others 0
 *  i64  createdMillis
 *  u16  topic length T, then T bytes of UTF-8 topic
 *  i32  payload length P, then P bytes of payload
 *  i32  CRC-32C of all the bytes above
 * </pre>
 * Decoding checks every field, the exact length, strict UTF-8 and the CRC, so a flipped bit is detected even where
 * the MVStore page format has no checksum.
 */
public final class MessageCodec {
    /** The value format written by this version. */
    public static final int FORMAT = 1;
    /** Bits of the id holding the sequence number. */
    public static final long SEQ_MASK = (1L << 56) - 1;
    /** The largest topic length in UTF-8 bytes. */
    public static final int MAX_TOPIC_BYTES = 0xFFFF;
    /** The fixed part of an encoded value: format, flags, created, topic length, payload length, CRC. */
    public static final int OVERHEAD = 1 + 1 + 8 + 2 + 4 + 4;

    private MessageCodec() {
    }

    /**
     * @param priority 0..9
     * @param seq 1..2^56-1
     * @return the id
     */
    public static long id(int priority, long seq) {
        return ((long) priority << 56) | seq;
    }

    /** @param id an id @return its priority */
    public static int priority(long id) {
        return (int) (id >>> 56);
    }

    /** @param id an id @return its sequence number */
    public static long seq(long id) {
        return id & SEQ_MASK;
    }

    /**
     * Encodes a value.
     *
     * @param qos 0..2
     * @param retain retain flag
     * @param createdMillis creation time
     * @param topicUtf8 the topic, at most {@link #MAX_TOPIC_BYTES}
     * @param payload the payload
     * @return the value bytes
     */
    public static byte[] encode(int qos, boolean retain, long createdMillis, byte[] topicUtf8, byte[] payload) {
        if (topicUtf8.length > MAX_TOPIC_BYTES) {
            throw new IllegalArgumentException("topic is " + topicUtf8.length + " bytes, at most " + MAX_TOPIC_BYTES);
        }
        ByteBuffer b = ByteBuffer.allocate(OVERHEAD + topicUtf8.length + payload.length);
        b.put((byte) FORMAT);
        b.put((byte) (qos | (retain ? 4 : 0)));
        b.putLong(createdMillis);
        b.putShort((short) topicUtf8.length);
        b.put(topicUtf8);
        b.putInt(payload.length);
        b.put(payload);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /**
     * Decodes and checks an entry.
     *
     * @param id the key
     * @param value the value bytes
     * @return the message
     * @throws MalformedEntryException saying what is wrong
     */
    public static StoredMessage decode(long id, byte[] value) throws MalformedEntryException {
        int priority = priority(id);
        if (id < 0 || priority > 9 || seq(id) == 0) {
            throw new MalformedEntryException("key " + Long.toHexString(id) + " is not a valid id");
        }
        if (value.length < OVERHEAD) {
            throw new MalformedEntryException("value of " + value.length + " bytes is shorter than the "
                    + OVERHEAD + "-byte minimum");
        }
        CRC32C crc = new CRC32C();
        crc.update(value, 0, value.length - 4);
        ByteBuffer b = ByteBuffer.wrap(value);
        if (b.getInt(value.length - 4) != (int) crc.getValue()) {
            throw new MalformedEntryException("CRC-32C mismatch");
        }
        int format = b.get() & 0xFF;
        if (format != FORMAT) {
            throw new MalformedEntryException("unknown value format " + format);
        }
        int flags = b.get() & 0xFF;
        int qos = flags & 3;
        if ((flags & ~7) != 0 || qos > 2) {
            throw new MalformedEntryException("invalid flags 0x" + Integer.toHexString(flags));
        }
        long created = b.getLong();
        int topicLength = b.getShort() & 0xFFFF;
        if (topicLength > value.length - OVERHEAD) {
            throw new MalformedEntryException("topic length " + topicLength + " exceeds the value");
        }
        String topic = decodeUtf8(value, b.position(), topicLength);
        b.position(b.position() + topicLength);
        int payloadLength = b.getInt();
        if (payloadLength != value.length - OVERHEAD - topicLength) {
            throw new MalformedEntryException("payload length " + payloadLength + " does not match the value length "
                    + value.length);
        }
        byte[] payload = new byte[payloadLength];
        b.get(payload);
        return new StoredMessage(id, priority, topic, qos, (flags & 4) != 0, created, payload);
    }

    /**
     * @param value an encoded value (assumed valid)
     * @return the accounted size: payload length + topic length
     */
    public static int accountedSize(byte[] value) {
        return value.length - OVERHEAD;
    }

    private static String decodeUtf8(byte[] bytes, int offset, int length) throws MalformedEntryException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedEntryException("topic is not valid UTF-8");
        }
    }
}
