// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.payload;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads protobuf wire format from a byte range, failing with a {@link MalformedKuraPayloadException} that names the
 * message being read and the byte offset.
 */
final class WireReader {

    private final byte[] data;
    private final int end;
    private final String where;
    private int pos;

    WireReader(byte[] data, int start, int end, String where) {
        this.data = data;
        this.pos = start;
        this.end = end;
        this.where = where;
    }

    boolean atEnd() {
        return pos >= end;
    }

    int position() {
        return pos;
    }

    String where() {
        return where;
    }

    MalformedKuraPayloadException error(String problem, int offset) {
        return new MalformedKuraPayloadException(where + ": " + problem + " (at byte " + offset + ")");
    }

    /** Reads a tag; returns {@code field << 3 | wireType} after checking both. */
    int tag() {
        int at = pos;
        long key = varint();
        long field = key >>> 3;
        int wireType = (int) (key & 7);
        if (field == 0 || field > 0x1FFFFFFFL) {
            throw error("invalid field number " + field, at);
        }
        switch (wireType) {
            case WireWriter.VARINT, WireWriter.FIXED64, WireWriter.LENGTH_DELIMITED, WireWriter.FIXED32 -> {
                // supported
            }
            case 3, 4 -> throw error("field " + field + " uses the group wire type " + wireType
                    + ", which the Kura schema never uses", at);
            default -> throw error("field " + field + " has unknown wire type " + wireType, at);
        }
        return (int) key;
    }

    void expect(int key, int wireType, String fieldName, int tagOffset) {
        if ((key & 7) != wireType) {
            throw error("field " + (key >>> 3) + " (" + fieldName + ") has wire type " + (key & 7) + ", expected "
                    + wireType + " (" + wireTypeName(wireType) + ")", tagOffset);
        }
    }

    long varint() {
        int at = pos;
        long result = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= end) {
                throw error("truncated varint", at);
            }
            byte b = data[pos++];
            if (shift == 63 && (b & 0x7E) != 0) {
                throw error("varint longer than 64 bits", at);
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw error("varint longer than 10 bytes", at);
    }

    long fixed64() {
        need(8, "fixed64");
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) (data[pos + i] & 0xFF) << (8 * i);
        }
        pos += 8;
        return v;
    }

    int fixed32() {
        need(4, "fixed32");
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (data[pos + i] & 0xFF) << (8 * i);
        }
        pos += 4;
        return v;
    }

    /** Reads a length prefix and returns the start of the delimited bytes; the reader moves past them. */
    int lengthDelimited(String what) {
        int at = pos;
        long len = varint();
        if (len < 0 || len > end - pos) {
            throw error("length " + len + " of " + what + " exceeds the " + (end - pos) + " remaining bytes", at);
        }
        int start = pos;
        pos += (int) len;
        return start;
    }

    byte[] bytes(String what) {
        int start = lengthDelimited(what);
        byte[] b = new byte[pos - start];
        System.arraycopy(data, start, b, 0, b.length);
        return b;
    }

    String string(String what) {
        int start = lengthDelimited(what);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, start, pos - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error(what + " is not valid UTF-8", start);
        }
    }

    WireReader nested(String what, String nestedWhere) {
        int start = lengthDelimited(what);
        return new WireReader(data, start, pos, nestedWhere);
    }

    void skip(int key) {
        switch (key & 7) {
            case WireWriter.VARINT -> varint();
            case WireWriter.FIXED64 -> need(8, "fixed64").pos += 8;
            case WireWriter.FIXED32 -> need(4, "fixed32").pos += 4;
            case WireWriter.LENGTH_DELIMITED -> lengthDelimited("field " + (key >>> 3));
            default -> throw new IllegalStateException("checked in tag()");
        }
    }

    private WireReader need(int n, String what) {
        if (end - pos < n) {
            throw error("truncated " + what + ": " + (end - pos) + " of " + n + " bytes", pos);
        }
        return this;
    }

    static String wireTypeName(int wireType) {
        return switch (wireType) {
            case WireWriter.VARINT -> "varint";
            case WireWriter.FIXED64 -> "fixed64";
            case WireWriter.LENGTH_DELIMITED -> "length-delimited";
            case WireWriter.FIXED32 -> "fixed32";
            default -> "wire type " + wireType;
        };
    }
}
