// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.payload;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes protobuf wire format: tags, varints, fixed32/64 little-endian, length-delimited fields. */
final class WireWriter {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    /** Writes an unsigned 64-bit varint (negative int32 and int64 values take 10 bytes, as in protobuf). */
    void varint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    void fixed64(long value) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }

    void fixed32(int value) {
        for (int i = 0; i < 4; i++) {
            out.write((value >>> (8 * i)) & 0xFF);
        }
    }

    void varintField(int field, long value) {
        tag(field, VARINT);
        varint(value);
    }

    void doubleField(int field, double value) {
        tag(field, FIXED64);
        fixed64(Double.doubleToRawLongBits(value));
    }

    void floatField(int field, float value) {
        tag(field, FIXED32);
        fixed32(Float.floatToRawIntBits(value));
    }

    void bytesField(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        varint(value.length);
        out.write(value, 0, value.length);
    }

    void stringField(int field, String value) {
        bytesField(field, value.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
