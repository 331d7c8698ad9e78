// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The binary form of a set of named {@link Tensor tensors}, format <b>WTN1</b>: what a gateway sends to a cloud
 * service to offload an inference, and what comes back (protocol {@code OFFLOAD-V1}). Both sides use this class,
 * so it lives in the API package; it is a pure function of its arguments with no state and no dependency beyond
 * the JDK.
 *
 * <h2>Format WTN1</h2>
 * Every integer is little-endian; "u8" is one unsigned byte, "i32" a signed 32-bit integer, "i64" a signed 64-bit
 * integer.
 *
 * <pre>
 * message := magic count tensor*
 *   magic   4 bytes, ASCII "WTN1" (0x57 0x54 0x4E 0x31); the digit is the format version
 *   count   i32, the number of tensors, &gt;= 0
 * tensor  := nameLength name type rank dim* elements
 *   nameLength  i32, 1..{@value #MAX_NAME_BYTES}
 *   name        nameLength bytes of UTF-8; unique within the message
 *   type        u8, the element type code (the ONNX TensorProto.DataType number):
 *                 1 FLOAT, 6 INT32, 7 INT64, 8 STRING, 9 BOOL, 11 DOUBLE
 *   rank        u8, 0..{@value #MAX_RANK} (0 = a scalar, which has one element)
 *   dim         rank times i64, each &gt;= 0; their product (the element count), and every product of
 *               the first k dimensions, at most 2^31 - 1
 *   elements    element count values in row-major order:
 *                 FLOAT  4 bytes IEEE 754 binary32 (bits kept as they are, NaN payloads included)
 *                 DOUBLE 8 bytes IEEE 754 binary64 (bits kept)
 *                 INT32  4 bytes two's complement
 *                 INT64  8 bytes two's complement
 *                 BOOL   1 byte, 0 (false) or 1 (true)
 *                 STRING i32 byte length (&gt;= 0), then that many bytes of UTF-8
 * </pre>
 *
 * Nothing follows the last tensor. Tensors appear in the order of the map given to {@link #encode(Map)}, and
 * {@link #decode(byte[], int)} returns them in that order. A later, incompatible format gets another magic
 * ({@code WTN2}, ...); this class reads only WTN1 and says so for any other.
 *
 * <p>Example: one FLOAT tensor {@code "x"} of shape {@code [1, 2]} holding {@code 1.0, 2.0} is 39 bytes: {@code
 * 57 54 4E 31 | 01 00 00 00 | 01 00 00 00 78 | 01 | 02 | 01 00 00 00 00 00 00 00 | 02 00 00 00 00 00 00 00 | 00 00
 * 80 3F | 00 00 00 40}.
 *
 * <p><b>Validation.</b> {@link #decode(byte[], int)} checks everything before it allocates: the size limit, the
 * magic, every length and count against the bytes that are left (so a forged count or shape cannot make it
 * allocate more than the input justifies), names (non-empty, valid UTF-8, unique), element type codes, ranks,
 * dimensions, BOOL bytes, string lengths and UTF-8, and that nothing trails the last tensor. Any violation is an
 * {@link IllegalArgumentException} whose message names the tensor, what is wrong and the byte offset.
 *
 * <p><b>Threads.</b> Stateless: safe to call from any thread; nothing blocks. The work is in memory and
 * proportional to the data.
 *
 * <p>Defined by Weir, not meant to be implemented or extended: a provider type.
 */
@ProviderType
public final class TensorCodec {

    /** The magic at the start of every message, which also names the format and its version: {@value}. */
    public static final String MAGIC = "WTN1";

    /** The longest tensor name, in UTF-8 bytes: {@value}. */
    public static final int MAX_NAME_BYTES = 1024;

    /** The highest rank (number of dimensions) of a tensor: {@value}. */
    public static final int MAX_RANK = 32;

    private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_BYTES = 8;

    private static final int CODE_FLOAT = 1;
    private static final int CODE_INT32 = 6;
    private static final int CODE_INT64 = 7;
    private static final int CODE_STRING = 8;
    private static final int CODE_BOOL = 9;
    private static final int CODE_DOUBLE = 11;
    private static final String KNOWN_CODES = "1 FLOAT, 6 INT32, 7 INT64, 8 STRING, 9 BOOL, 11 DOUBLE";

    private TensorCodec() {
    }

    // ------------------------------------------------------------------------------------------------ encoding

    /**
     * Writes tensors in format WTN1, in the map's iteration order.
     *
     * @param tensors the tensors by name, none {@code null}; may be empty
     * @return the encoded bytes, never {@code null}
     * @throws IllegalArgumentException if a name is empty or longer than {@value #MAX_NAME_BYTES} UTF-8 bytes, a
     *         tensor's rank exceeds {@value #MAX_RANK}, a name or STRING element is not valid Unicode (an unpaired
     *         surrogate has no UTF-8 form), or the result would exceed 2 GiB
     * @throws NullPointerException if the map, a name or a tensor is {@code null}
     */
    public static byte[] encode(Map<String, Tensor> tensors) {
        Objects.requireNonNull(tensors, "tensors");
        List<byte[]> names = new ArrayList<>(tensors.size());
        List<byte @Nullable [][]> strings = new ArrayList<>(tensors.size());
        long size = HEADER_BYTES;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "tensor name");
            Tensor t = Objects.requireNonNull(e.getValue(), () -> "tensor " + name);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("tensor names must not be empty");
            }
            byte[] nameBytes = utf8(name, "tensor name '" + name + "'");
            if (nameBytes.length > MAX_NAME_BYTES) {
                throw new IllegalArgumentException("tensor name '" + name + "' is " + nameBytes.length
                        + " bytes of UTF-8, more than the " + MAX_NAME_BYTES + " allowed");
            }
            if (t.rank() > MAX_RANK) {
                throw new IllegalArgumentException("tensor '" + name + "' has rank " + t.rank() + ", more than the "
                        + MAX_RANK + " allowed");
            }
            names.add(nameBytes);
            size += 4L + nameBytes.length + 2 + 8L * t.rank();
            if (t.type() == ElementType.STRING) {
                String[] elements = t.toStringArray();
                byte[][] encoded = new byte[elements.length][];
                for (int i = 0; i < elements.length; i++) {
                    encoded[i] = utf8(elements[i], "tensor '" + name + "' element " + i);
                    size += 4L + encoded[i].length;
                }
                strings.add(encoded);
            } else {
                strings.add(null);
                size += (long) t.size() * width(t.type());
            }
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the tensors take " + size + " bytes encoded, more than 2 GiB");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC_BYTES).putInt(tensors.size());
        int i = 0;
        for (Tensor t : tensors.values()) {
            byte[] name = names.get(i);
            out.putInt(name.length).put(name);
            out.put((byte) code(t.type())).put((byte) t.rank());
            for (long d : t.shape()) {
                out.putLong(d);
            }
            writeElements(out, t, strings.get(i));
            i++;
        }
        return out.array();
    }

    private static void writeElements(ByteBuffer out, Tensor t, byte @Nullable [][] strings) {
        switch (t.type()) {
            case FLOAT -> {
                for (float f : t.toFloatArray()) {
                    out.putInt(Float.floatToRawIntBits(f));
                }
            }
            case DOUBLE -> {
                for (double d : t.toDoubleArray()) {
                    out.putLong(Double.doubleToRawLongBits(d));
                }
            }
            case INT32 -> {
                for (int v : t.toIntArray()) {
                    out.putInt(v);
                }
            }
            case INT64 -> {
                for (long v : t.toLongArray()) {
                    out.putLong(v);
                }
            }
            case BOOL -> {
                for (boolean b : t.toBooleanArray()) {
                    out.put((byte) (b ? 1 : 0));
                }
            }
            case STRING -> {
                for (byte[] s : Objects.requireNonNull(strings)) {
                    out.putInt(s.length).put(s);
                }
            }
            default -> throw new IllegalArgumentException("element type " + t.type() + " has no WTN1 code");
        }
    }

    private static byte[] utf8(String s, String what) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
            return Arrays.copyOfRange(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid Unicode (an unpaired surrogate has no UTF-8 "
                    + "form)", e);
        }
    }

    private static int code(ElementType type) {
        return switch (type) {
            case FLOAT -> CODE_FLOAT;
            case DOUBLE -> CODE_DOUBLE;
            case INT32 -> CODE_INT32;
            case INT64 -> CODE_INT64;
            case BOOL -> CODE_BOOL;
            case STRING -> CODE_STRING;
        };
    }

    /** @return bytes per element, 0 for STRING (variable) */
    private static int width(ElementType type) {
        return switch (type) {
            case FLOAT, INT32 -> 4;
            case DOUBLE, INT64 -> 8;
            case BOOL -> 1;
            case STRING -> 0;
        };
    }

    // ------------------------------------------------------------------------------------------------ decoding

    /**
     * Reads tensors written in format WTN1, checking everything (see the class description).
     *
     * @param bytes the encoded tensors, not {@code null}
     * @param maxBytes the largest input accepted, in bytes; longer input is refused before it is read
     * @return the tensors by name, in the order they were written; a new modifiable {@link LinkedHashMap}
     * @throws IllegalArgumentException if {@code maxBytes} is negative, or the bytes are longer than {@code
     *         maxBytes} or are not valid WTN1 data; the message says what is wrong, in which tensor, at which byte
     * @throws NullPointerException if {@code bytes} is {@code null}
     */
    public static Map<String, Tensor> decode(byte[] bytes, int maxBytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException("tensor data of " + bytes.length + " bytes exceeds the limit of "
                    + maxBytes + " bytes");
        }
        return new Reader(bytes).read();
    }

    /** One pass over one message. */
    private static final class Reader {
        private final ByteBuffer in;
        private String where = "header";

        Reader(byte[] bytes) {
            this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        Map<String, Tensor> read() {
            if (in.remaining() < MAGIC_BYTES.length) {
                throw fail("only " + in.remaining() + " bytes; a WTN1 message starts with the 4-byte magic "
                        + MAGIC + " and a 4-byte tensor count", 0);
            }
            byte[] magic = new byte[MAGIC_BYTES.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC_BYTES)) {
                if (magic[0] == 'W' && magic[1] == 'T' && magic[2] == 'N') {
                    throw fail("unsupported tensor format " + printable(magic) + "; this decoder reads " + MAGIC,
                            0);
                }
                throw fail("not " + MAGIC + " tensor data: the magic is " + hex(magic), 0);
            }
            int count = readInt("the tensor count");
            if (count < 0) {
                throw fail("negative tensor count " + count, 4);
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (int i = 1; i <= count; i++) {
                where = "tensor #" + i + " of " + count;
                if (!in.hasRemaining()) {
                    throw fail("missing: the data ends after " + (i - 1) + " of " + count + " tensors",
                            in.position());
                }
                int at = in.position();
                String name = readName();
                where = "tensor #" + i + " ('" + name + "')";
                if (tensors.containsKey(name)) {
                    throw fail("duplicate name '" + name + "'", at);
                }
                tensors.put(name, readTensor());
            }
            if (in.hasRemaining()) {
                where = "end";
                throw fail(in.remaining() + " bytes of trailing data after the last tensor", in.position());
            }
            return tensors;
        }

        private String readName() {
            int at = in.position();
            int length = readInt("the name length");
            if (length <= 0) {
                throw fail("name length " + length + "; names must not be empty", at);
            }
            if (length > MAX_NAME_BYTES) {
                throw fail("name length " + length + " exceeds the limit of " + MAX_NAME_BYTES + " bytes", at);
            }
            return readUtf8(length, "the name");
        }

        private Tensor readTensor() {
            int at = in.position();
            int code = readByte("the element type");
            ElementType type = switch (code) {
                case CODE_FLOAT -> ElementType.FLOAT;
                case CODE_DOUBLE -> ElementType.DOUBLE;
                case CODE_INT32 -> ElementType.INT32;
                case CODE_INT64 -> ElementType.INT64;
                case CODE_BOOL -> ElementType.BOOL;
                case CODE_STRING -> ElementType.STRING;
                default -> throw fail("unknown element type code " + code + " (known: " + KNOWN_CODES + ")", at);
            };
            at = in.position();
            int rank = readByte("the rank");
            if (rank > MAX_RANK) {
                throw fail("rank " + rank + " exceeds the limit of " + MAX_RANK, at);
            }
            at = in.position();
            need(8L * rank, "the " + rank + " dimensions");
            long[] shape = new long[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = in.getLong();
                if (shape[d] < 0) {
                    throw fail("dimension " + d + " is " + shape[d] + "; dimensions must be >= 0", at + 8 * d);
                }
            }
            long count = elementCount(shape);
            if (count < 0) {
                throw fail("shape " + Arrays.toString(shape) + " has more than " + Integer.MAX_VALUE
                        + " elements", at);
            }
            int n = (int) count;
            String of = "shape " + Arrays.toString(shape) + " needs ";
            switch (type) {
                case FLOAT -> {
                    need(4L * n, of + 4L * n + " bytes of FLOAT elements");
                    float[] a = new float[n];
                    in.asFloatBuffer().get(a);
                    skip(4L * n);
                    return Tensor.ofFloats(shape, a);
                }
                case DOUBLE -> {
                    need(8L * n, of + 8L * n + " bytes of DOUBLE elements");
                    double[] a = new double[n];
                    in.asDoubleBuffer().get(a);
                    skip(8L * n);
                    return Tensor.ofDoubles(shape, a);
                }
                case INT32 -> {
                    need(4L * n, of + 4L * n + " bytes of INT32 elements");
                    int[] a = new int[n];
                    in.asIntBuffer().get(a);
                    skip(4L * n);
                    return Tensor.ofInts(shape, a);
                }
                case INT64 -> {
                    need(8L * n, of + 8L * n + " bytes of INT64 elements");
                    long[] a = new long[n];
                    in.asLongBuffer().get(a);
                    skip(8L * n);
                    return Tensor.ofLongs(shape, a);
                }
                case BOOL -> {
                    need(n, of + n + " bytes of BOOL elements");
                    boolean[] a = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        int p = in.position();
                        byte b = in.get();
                        if (b != 0 && b != 1) {
                            throw fail("BOOL element " + i + " is " + hex(new byte[] {b}) + "; must be 0 or 1", p);
                        }
                        a[i] = b == 1;
                    }
                    return Tensor.ofBooleans(shape, a);
                }
                default -> {
                    // each element takes at least its 4-byte length: checked before the array is allocated
                    need(4L * n, of + "at least " + 4L * n + " bytes of STRING elements");
                    String[] a = new String[n];
                    for (int i = 0; i < n; i++) {
                        int p = in.position();
                        int length = readInt("the length of STRING element " + i);
                        if (length < 0) {
                            throw fail("STRING element " + i + " has negative length " + length, p);
                        }
                        a[i] = readUtf8(length, "STRING element " + i);
                    }
                    return Tensor.ofStrings(shape, a);
                }
            }
        }

        /**
         * @return the product of the dimensions, or -1 if a running product exceeds {@link Integer#MAX_VALUE}:
         *     the rule of {@link Tensor}, which takes {@code [0, 2^40]} but not {@code [2^40, 0]}
         */
        private static long elementCount(long[] shape) {
            long count = 1;
            for (long d : shape) {
                if (d != 0 && count > Integer.MAX_VALUE / d) {
                    return -1;
                }
                count *= d;
            }
            return count;
        }

        private String readUtf8(int length, String what) {
            int at = in.position();
            need(length, what + " of " + length + " bytes");
            ByteBuffer slice = in.slice().limit(length);
            try {
                String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
                skip(length);
                return s;
            } catch (CharacterCodingException e) {
                throw fail(what + " is not valid UTF-8", at);
            }
        }

        private int readInt(String what) {
            need(4, what + " (4 bytes)");
            return in.getInt();
        }

        private int readByte(String what) {
            need(1, what + " (1 byte)");
            return in.get() & 0xFF;
        }

        private void need(long bytes, String what) {
            if (bytes > in.remaining()) {
                throw fail("truncated: " + what + " but only " + in.remaining() + " bytes are left",
                        in.position());
            }
        }

        /** Moves past bytes a {@link #need} call has already checked. */
        private void skip(long bytes) {
            in.position(in.position() + (int) bytes);
        }

        private IllegalArgumentException fail(String problem, int offset) {
            return new IllegalArgumentException(MAGIC + " " + where + ": " + problem + " (at byte " + offset + ")");
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append(b.length() == 0 ? "0x" : " 0x").append(String.format("%02X", x & 0xFF));
        }
        return b.toString();
    }

    private static String printable(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append(x >= 0x20 && x < 0x7F ? String.valueOf((char) x) : String.format("\\x%02X", x & 0xFF));
        }
        return b.toString();
    }
}
