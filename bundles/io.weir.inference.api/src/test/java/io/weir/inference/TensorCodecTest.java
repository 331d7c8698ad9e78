// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TensorCodecTest {

    private static final int LIMIT = 1 << 20;

    // ------------------------------------------------------------------------------------------- round trips

    @Test
    void everyElementTypeRoundTripsInOrder() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("f", Tensor.ofFloats(new long[] {2, 3}, new float[] {1.5f, -0.0f, Float.NaN,
                Float.POSITIVE_INFINITY, Float.MIN_VALUE, -Float.MAX_VALUE}));
        in.put("d", Tensor.ofDoubles(new long[] {4}, new double[] {Math.PI, -0.0, Double.NEGATIVE_INFINITY,
                Double.MIN_NORMAL}));
        in.put("i", Tensor.ofInts(new long[] {1, 3}, new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE}));
        in.put("l", Tensor.ofLongs(new long[] {3, 1}, new long[] {Long.MIN_VALUE, -1L, Long.MAX_VALUE}));
        in.put("b", Tensor.ofBooleans(new long[] {2, 2}, new boolean[] {true, false, false, true}));
        in.put("s", Tensor.ofStrings(new long[] {5}, new String[] {"", "plain", "Grüße", "雪", "\uD83D\uDE80 rocket"}));
        in.put("名前:0", Tensor.ofFloats(new long[] {1}, new float[] {7f}));

        Map<String, Tensor> out = TensorCodec.decode(TensorCodec.encode(in), LIMIT);

        assertThat(out).isInstanceOf(LinkedHashMap.class).isEqualTo(in);
        assertThat(out.keySet()).containsExactly("f", "d", "i", "l", "b", "s", "名前:0");
        out.put("modifiable", in.get("f")); // a fresh map the caller owns
    }

    @Test
    void floatingPointBitsAreKeptExactly() {
        float oddNan = Float.intBitsToFloat(0x7FC0_1234);
        double oddNanD = Double.longBitsToDouble(0x7FF8_0000_0000_ABCDL);
        Map<String, Tensor> out = TensorCodec.decode(TensorCodec.encode(Map.of(
                "f", Tensor.ofFloats(new long[] {2}, new float[] {oddNan, -0.0f}),
                "d", Tensor.ofDoubles(new long[] {2}, new double[] {oddNanD, -0.0}))), LIMIT);

        float[] f = out.get("f").toFloatArray();
        double[] d = out.get("d").toDoubleArray();
        assertThat(Float.floatToRawIntBits(f[0])).isEqualTo(0x7FC0_1234);
        assertThat(Float.floatToRawIntBits(f[1])).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(Double.doubleToRawLongBits(d[0])).isEqualTo(0x7FF8_0000_0000_ABCDL);
        assertThat(Double.doubleToRawLongBits(d[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void scalarsOfEveryTypeRoundTrip() {
        long[] scalar = {};
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("f", Tensor.ofFloats(scalar, new float[] {3f}));
        in.put("d", Tensor.ofDoubles(scalar, new double[] {3d}));
        in.put("i", Tensor.ofInts(scalar, new int[] {3}));
        in.put("l", Tensor.ofLongs(scalar, new long[] {3L}));
        in.put("b", Tensor.ofBooleans(scalar, new boolean[] {true}));
        in.put("s", Tensor.ofStrings(scalar, new String[] {"three"}));

        Map<String, Tensor> out = TensorCodec.decode(TensorCodec.encode(in), LIMIT);

        assertThat(out).isEqualTo(in);
        assertThat(out.values()).allSatisfy(t -> {
            assertThat(t.rank()).isZero();
            assertThat(t.size()).isEqualTo(1);
        });
    }

    @Test
    void emptyTensorsAndAnEmptyMessageRoundTrip() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("none", Tensor.ofFloats(new long[] {0}, new float[0]));
        in.put("rows0", Tensor.ofInts(new long[] {0, 6}, new int[0]));
        in.put("cols0", Tensor.ofStrings(new long[] {3, 0}, new String[0]));
        in.put("huge-but-empty", Tensor.ofBooleans(new long[] {0, 1L << 40}, new boolean[0]));

        assertThat(TensorCodec.decode(TensorCodec.encode(in), LIMIT)).isEqualTo(in);

        byte[] empty = TensorCodec.encode(Map.of());
        assertThat(empty).containsExactly('W', 'T', 'N', '1', 0, 0, 0, 0);
        assertThat(TensorCodec.decode(empty, 8)).isEmpty();
    }

    @Test
    void theDocumentedExampleHasTheseExactBytes() {
        byte[] bytes = TensorCodec.encode(Map.of("x", Tensor.ofFloats(new long[] {1, 2}, new float[] {1f, 2f})));

        assertThat(hex(bytes)).isEqualTo("57544E31" + "01000000" + "01000000" + "78" + "01" + "02"
                + "0100000000000000" + "0200000000000000" + "0000803F" + "00000040");
        assertThat(bytes).hasSize(39);
    }

    @Test
    void elementTypeCodesAreTheOnnxDataTypeNumbers() {
        Map<ElementType, Integer> codes = new HashMap<>();
        for (ElementType type : ElementType.values()) {
            byte[] bytes = TensorCodec.encode(Map.of("t", zeros(type)));
            codes.put(type, bytes[4 + 4 + 4 + 1] & 0xFF);
        }
        assertThat(codes).containsExactlyInAnyOrderEntriesOf(Map.of(ElementType.FLOAT, 1, ElementType.INT32, 6,
                ElementType.INT64, 7, ElementType.STRING, 8, ElementType.BOOL, 9, ElementType.DOUBLE, 11));
    }

    @Test
    void aMessageExactlyAtTheLimitIsAccepted() {
        byte[] bytes = TensorCodec.encode(Map.of("x", Tensor.ofLongs(new long[] {2}, new long[] {1, 2})));
        assertThat(TensorCodec.decode(bytes, bytes.length)).containsKey("x");
    }

    // ------------------------------------------------------------------------------------------- encode refusals

    @Test
    void encodeRefusesWhatTheFormatCannotCarry() {
        Tensor one = Tensor.ofFloats(new long[] {1}, new float[] {1f});
        assertThatThrownBy(() -> TensorCodec.encode(Map.of("", one)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> TensorCodec.encode(Map.of("n".repeat(TensorCodec.MAX_NAME_BYTES + 1), one)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1025 bytes")
                .hasMessageContaining("1024");
        assertThatThrownBy(() -> TensorCodec.encode(Map.of("x", Tensor.ofFloats(new long[33], new float[0]))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank 33");
        assertThatThrownBy(() -> TensorCodec.encode(Map.of("s",
                Tensor.ofStrings(new long[] {2}, new String[] {"ok", "bad \uD800"}))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tensor 's' element 1")
                .hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> TensorCodec.encode(Map.of("\uDC00", one)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tensor name");
        Map<String, Tensor> withNull = new HashMap<>();
        withNull.put("x", null);
        assertThatThrownBy(() -> TensorCodec.encode(withNull)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aNameOfExactlyTheLongestLengthRoundTrips() {
        String name = "é".repeat(TensorCodec.MAX_NAME_BYTES / 2); // 2 bytes each in UTF-8
        Map<String, Tensor> in = Map.of(name, Tensor.ofInts(new long[] {1}, new int[] {1}));
        assertThat(TensorCodec.decode(TensorCodec.encode(in), LIMIT)).isEqualTo(in);
    }

    // ------------------------------------------------------------------------------------------- decode refusals

    @Test
    void refusesInputOverTheLimitBeforeReadingIt() {
        byte[] bytes = TensorCodec.encode(Map.of("x", Tensor.ofFloats(new long[] {4}, new float[4])));
        assertThatThrownBy(() -> TensorCodec.decode(bytes, bytes.length - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor data of " + bytes.length + " bytes exceeds the limit of " + (bytes.length - 1)
                        + " bytes");
        assertThatThrownBy(() -> TensorCodec.decode(bytes, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }

    @Test
    void refusesAWrongOrMissingMagic() {
        assertBad(new byte[0], "only 0 bytes", "at byte 0");
        assertBad(new byte[] {'W', 'T'}, "only 2 bytes");
        assertBad(bytes("ABCD", 0), "not WTN1 tensor data: the magic is 0x41 0x42 0x43 0x44");
        assertBad(bytes("WTN2", 0), "unsupported tensor format WTN2; this decoder reads WTN1");
        // a Kura payload or JSON sent by mistake
        assertBad("{\"x\":[1]}".getBytes(StandardCharsets.UTF_8), "not WTN1 tensor data");
    }

    @Test
    void refusesBadTensorCounts() {
        assertBad(new byte[] {'W', 'T', 'N', '1', 1, 0}, "truncated: the tensor count (4 bytes) but only 2 bytes");
        assertBad(bytes("WTN1", -1), "negative tensor count -1", "at byte 4");
        // the count promises more tensors than the data holds
        byte[] one = TensorCodec.encode(Map.of("x", Tensor.ofInts(new long[0], new int[] {1})));
        ByteBuffer.wrap(one).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 3);
        assertBad(one, "tensor #2 of 3: missing: the data ends after 1 of 3 tensors");
        assertBad(bytes("WTN1", Integer.MAX_VALUE), "tensor #1 of 2147483647: missing");
    }

    @Test
    void refusesBadNames() {
        assertBad(message(w -> w.i32(0)), "tensor #1 of 1: name length 0; names must not be empty", "at byte 8");
        assertBad(message(w -> w.i32(-7)), "name length -7");
        assertBad(message(w -> w.i32(TensorCodec.MAX_NAME_BYTES + 1)), "name length 1025 exceeds the limit of 1024");
        assertBad(message(w -> w.i32(10).raw("abc")), "truncated: the name of 10 bytes but only 3 bytes are left");
        assertBad(message(w -> w.i32(2).raw(new byte[] {(byte) 0xC3, (byte) 0x28})), "the name is not valid UTF-8",
                "at byte 12");
        assertBad(message(2, w -> w.scalarInt("x", 1).scalarInt("x", 2)), "tensor #2 ('x'): duplicate name 'x'");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 3, 10, 12, 16, 255})
    void refusesUnknownElementTypeCodes(int code) {
        assertBad(message(w -> w.name("t").u8(code).u8(0)), "tensor #1 ('t'): unknown element type code " + code
                + " (known: 1 FLOAT, 6 INT32, 7 INT64, 8 STRING, 9 BOOL, 11 DOUBLE)", "at byte 13");
    }

    @Test
    void refusesBadRanksAndDimensions() {
        assertBad(message(w -> w.name("t").u8(1)), "truncated: the rank (1 byte)");
        assertBad(message(w -> w.name("t").u8(1).u8(33)), "rank 33 exceeds the limit of 32");
        assertBad(message(w -> w.name("t").u8(1).u8(2).i64(1)), "truncated: the 2 dimensions but only 8 bytes");
        assertBad(message(w -> w.name("t").u8(1).u8(2).i64(3).i64(-1)), "dimension 1 is -1; dimensions must be >= 0",
                "at byte 23");
        assertBad(message(w -> w.name("t").u8(1).u8(2).i64(1L << 20).i64(1L << 20)),
                "shape [1048576, 1048576] has more than 2147483647 elements");
        assertBad(message(w -> w.name("t").u8(1).u8(1).i64(Long.MAX_VALUE)), "more than 2147483647 elements");
        // Tensor's rule: the running product counts, so a zero after a huge dimension does not help
        assertBad(message(w -> w.name("t").u8(1).u8(2).i64(1L << 40).i64(0)), "shape [1099511627776, 0] has more");
    }

    @Test
    void refusesShapesTheElementsDoNotFillBeforeAllocating() {
        // a forged shape of 500 million floats in a few bytes: refused without allocating 2 GB
        assertBad(message(w -> w.name("t").u8(1).u8(1).i64(500_000_000L).raw(new byte[8])),
                "shape [500000000] needs 2000000000 bytes of FLOAT elements but only 8 bytes are left");
        assertBad(message(w -> w.name("t").u8(11).u8(2).i64(2).i64(3).raw(new byte[47])),
                "shape [2, 3] needs 48 bytes of DOUBLE elements but only 47 bytes are left");
        assertBad(message(w -> w.name("t").u8(6).u8(0).raw(new byte[3])), "needs 4 bytes of INT32 elements");
        assertBad(message(w -> w.name("t").u8(7).u8(1).i64(2).raw(new byte[8])), "needs 16 bytes of INT64 elements");
        assertBad(message(w -> w.name("t").u8(9).u8(1).i64(3).raw(new byte[2])), "needs 3 bytes of BOOL elements");
        assertBad(message(w -> w.name("t").u8(8).u8(1).i64(1_000_000_000L)),
                "needs at least 4000000000 bytes of STRING elements but only 0 bytes are left");
    }

    @Test
    void refusesBoolBytesOtherThanZeroAndOne() {
        assertBad(message(w -> w.name("t").u8(9).u8(1).i64(3).raw(new byte[] {1, 0, 2})),
                "BOOL element 2 is 0x02; must be 0 or 1", "at byte 25");
        assertBad(message(w -> w.name("t").u8(9).u8(0).raw(new byte[] {(byte) 0xFF})), "BOOL element 0 is 0xFF");
    }

    @Test
    void refusesBadStrings() {
        assertBad(message(w -> w.name("t").u8(8).u8(1).i64(2).i32(1).raw("a").i32(-2)),
                "STRING element 1 has negative length -2");
        assertBad(message(w -> w.name("t").u8(8).u8(1).i64(2).i32(1).raw("a").i32(9).raw("abcd")),
                "truncated: STRING element 1 of 9 bytes but only 4 bytes are left");
        assertBad(message(w -> w.name("t").u8(8).u8(1).i64(1).i32(3).raw(new byte[] {'a', (byte) 0xFF, 'b'})),
                "STRING element 0 is not valid UTF-8");
        // a surrogate encoded in UTF-8 (CESU) is not valid UTF-8 either
        assertBad(message(w -> w.name("t").u8(8).u8(0).i32(3).raw(new byte[] {(byte) 0xED, (byte) 0xA0,
                (byte) 0x80})), "not valid UTF-8");
    }

    @Test
    void refusesTrailingData() {
        byte[] good = TensorCodec.encode(Map.of("x", Tensor.ofInts(new long[] {1}, new int[] {5})));
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertBad(longer, "end: 3 bytes of trailing data after the last tensor", "at byte " + good.length);
        assertBad(Arrays.copyOf(TensorCodec.encode(Map.of()), 9), "1 bytes of trailing data");
    }

    @Test
    void everyTruncationOfAValidMessageIsRefused() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("f", Tensor.ofFloats(new long[] {1, 2}, new float[] {1f, 2f}));
        in.put("s", Tensor.ofStrings(new long[] {2}, new String[] {"ab", "ü"}));
        in.put("b", Tensor.ofBooleans(new long[0], new boolean[] {true}));
        byte[] good = TensorCodec.encode(in);
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThatThrownBy(() -> TensorCodec.decode(cut, LIMIT)).as("first %d bytes", n)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("WTN1 ");
        }
        assertThat(TensorCodec.decode(good, LIMIT)).isEqualTo(in);
    }

    @Test
    void singleByteCorruptionNeverEscapesAsAnotherException() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("f", Tensor.ofFloats(new long[] {2}, new float[] {1f, 2f}));
        in.put("s", Tensor.ofStrings(new long[] {1}, new String[] {"text"}));
        in.put("b", Tensor.ofBooleans(new long[] {2}, new boolean[] {true, false}));
        byte[] good = TensorCodec.encode(in);
        for (int i = 0; i < good.length; i++) {
            for (int value : List.of(0x00, 0x01, 0x7F, 0x80, 0xFF)) {
                byte[] bad = good.clone();
                bad[i] = (byte) value;
                try {
                    TensorCodec.decode(bad, LIMIT); // element bytes may well decode to other values
                } catch (IllegalArgumentException expected) {
                    assertThat(expected.getMessage()).startsWith("WTN1 ");
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static void assertBad(byte[] bytes, String... fragments) {
        assertThatThrownBy(() -> TensorCodec.decode(bytes, LIMIT)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
    }

    private static Tensor zeros(ElementType type) {
        long[] one = {1};
        return switch (type) {
            case FLOAT -> Tensor.ofFloats(one, new float[1]);
            case DOUBLE -> Tensor.ofDoubles(one, new double[1]);
            case INT32 -> Tensor.ofInts(one, new int[1]);
            case INT64 -> Tensor.ofLongs(one, new long[1]);
            case BOOL -> Tensor.ofBooleans(one, new boolean[1]);
            case STRING -> Tensor.ofStrings(one, new String[] {""});
        };
    }

    private static byte[] bytes(String magic, int count) {
        return new Writer().raw(magic).i32(count).bytes();
    }

    private static byte[] message(java.util.function.UnaryOperator<Writer> tensors) {
        return message(1, tensors);
    }

    private static byte[] message(int count, java.util.function.UnaryOperator<Writer> tensors) {
        return tensors.apply(new Writer().raw("WTN1").i32(count)).bytes();
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append(String.format("%02X", x & 0xFF));
        }
        return b.toString();
    }

    /** Writes WTN1 by hand, independently of the codec, including what the codec would never write. */
    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer raw(String ascii) {
            return raw(ascii.getBytes(StandardCharsets.UTF_8));
        }

        Writer raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Writer u8(int v) {
            out.write(v);
            return this;
        }

        Writer i32(int v) {
            return raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
        }

        Writer i64(long v) {
            return raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }

        Writer name(String name) {
            byte[] b = name.getBytes(StandardCharsets.UTF_8);
            return i32(b.length).raw(b);
        }

        Writer scalarInt(String name, int v) {
            return name(name).u8(6).u8(0).i32(v);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
