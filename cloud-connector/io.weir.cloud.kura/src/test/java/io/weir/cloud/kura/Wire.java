// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.kura;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal protobuf wire writer for tests, written from the encoding rules (tag = field number &lt;&lt; 3 |
 * wire type; base-128 little-endian varints; little-endian fixed 32/64-bit values; length-delimited = varint
 * length + bytes). Independent of the generated code, so tests can check field numbers and craft malformed
 * input.
 */
final class Wire {

    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;
    static final int START_GROUP = 3;
    static final int END_GROUP = 4;
    static final int I32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Wire create() {
        return new Wire();
    }

    Wire tag(int field, int wireType) {
        return varint(((long) field << 3) | wireType);
    }

    Wire varint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    Wire fixed64(long bits) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (bits >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    Wire fixed32(int bits) {
        for (int i = 0; i < 4; i++) {
            out.write((bits >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    Wire raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    Wire varintField(int field, long value) {
        return tag(field, VARINT).varint(value);
    }

    Wire doubleField(int field, double value) {
        return tag(field, I64).fixed64(Double.doubleToRawLongBits(value));
    }

    Wire floatField(int field, float value) {
        return tag(field, I32).fixed32(Float.floatToRawIntBits(value));
    }

    Wire bytesField(int field, byte[] value) {
        return tag(field, LEN).varint(value.length).raw(value);
    }

    Wire stringField(int field, String value) {
        return bytesField(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Wire messageField(int field, Wire message) {
        return bytesField(field, message.toBytes());
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    /**
     * @param hex hexadecimal digits; spaces, newlines and {@code //} comments to the end of a line are ignored
     * @return the bytes
     */
    static byte[] hex(String hex) {
        StringBuilder digits = new StringBuilder();
        for (String line : hex.split("\n")) {
            int comment = line.indexOf("//");
            digits.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", ""));
        }
        byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
