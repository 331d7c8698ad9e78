// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.weir.data.DataType;
import io.weir.data.TypedValue;

/** Register layouts computed by hand: "ABCD" names the bytes of the value, most significant first. */
class RegisterCodecTest {

    private static ChannelSpec spec(ModbusType type, Endian word, Endian bytes, double scale, double offset) {
        return new ChannelSpec(RegisterKind.HOLDING_REGISTER, 0, type, word, bytes, scale, offset);
    }

    private static int[] words(String hex) {
        String[] parts = hex.split(" ");
        int[] w = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            w[i] = Integer.parseInt(parts[i], 16);
        }
        return w;
    }

    /** type, raw value, then the registers for ABCD, CDAB (word LITTLE), BADC (byte LITTLE), DCBA (both). */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "INT16,   -2,          FFFE,      FFFE,      FEFF,      FEFF",
            "INT16,   4660,        1234,      1234,      3412,      3412",
            "UINT16,  65534,       FFFE,      FFFE,      FEFF,      FEFF",
            "UINT16,  4660,        1234,      1234,      3412,      3412",
            "INT32,   305419896,   1234 5678, 5678 1234, 3412 7856, 7856 3412",
            "INT32,   -305419896,  EDCB A988, A988 EDCB, CBED 88A9, 88A9 CBED",
            "UINT32,  3735928559,  DEAD BEEF, BEEF DEAD, ADDE EFBE, EFBE ADDE",
            "FLOAT32, 3.1415927410125732, 4049 0FDB, 0FDB 4049, 4940 DB0F, DB0F 4940",
            "FLOAT32, -2.5,        C020 0000, 0000 C020, 20C0 0000, 0000 20C0",
            "FLOAT64, 3.141592653589793, 4009 21FB 5444 2D18, 2D18 5444 21FB 4009, 0940 FB21 4454 182D, 182D 4454 FB21 0940",
            "FLOAT64, -1.5,        BFF8 0000 0000 0000, 0000 0000 0000 BFF8, F8BF 0000 0000 0000, 0000 0000 0000 F8BF",
    })
    void encodesAndDecodesEveryTypeInEveryOrder(ModbusType type, double raw, String abcd, String cdab, String badc,
            String dcba) {
        check(type, Endian.BIG, Endian.BIG, raw, words(abcd));
        check(type, Endian.LITTLE, Endian.BIG, raw, words(cdab));
        check(type, Endian.BIG, Endian.LITTLE, raw, words(badc));
        check(type, Endian.LITTLE, Endian.LITTLE, raw, words(dcba));
    }

    private static void check(ModbusType type, Endian word, Endian bytes, double raw, int[] expected) {
        assertThat(RegisterCodec.encodeRaw(type, word, bytes, raw)).as("%s %s/%s encode", type, word, bytes)
                .containsExactly(expected);
        assertThat(RegisterCodec.decodeRaw(type, word, bytes, expected, 0)).as("%s %s/%s decode", type, word, bytes)
                .isEqualTo(raw);
    }

    @Test
    void decodesAtAnOffsetWithinABlock() {
        int[] block = {0xAAAA, 0x1234, 0x5678, 0xBBBB};
        assertThat(RegisterCodec.decodeRaw(ModbusType.INT32, Endian.BIG, Endian.BIG, block, 1)).isEqualTo(305419896);
        assertThat(RegisterCodec.decodeRaw(ModbusType.INT16, Endian.BIG, Endian.BIG, block, 3)).isEqualTo(-17477);
    }

    @Test
    void scalesReadsAndInvertsTheScalingForWrites() throws Exception {
        // 0x0929 = 2345 raw, * 0.1 - 40 = 194.5 (a temperature in 0.1 K steps with an offset)
        ChannelSpec s = spec(ModbusType.UINT16, Endian.BIG, Endian.BIG, 0.1, -40);
        assertThat(RegisterCodec.decode(s, DataType.DOUBLE, words("0929"), 0).doubleValue()).isCloseTo(194.5,
                org.assertj.core.data.Offset.offset(1e-9));
        // (194.5 + 40) / 0.1 = 2344.9999999999995 in floating point: rounded to the nearest raw 2345
        assertThat(RegisterCodec.encode(s, TypedValue.ofDouble(194.5))).containsExactly(0x0929);
        assertThat(RegisterCodec.encode(s, TypedValue.ofInteger(-40))).containsExactly(0);
    }

    @Test
    void convertsToEachChannelType() throws Exception {
        ChannelSpec int16x10 = spec(ModbusType.INT16, Endian.BIG, Endian.BIG, 10, 0);
        assertThat(RegisterCodec.decode(int16x10, DataType.INTEGER, words("FF85"), 0)) // -123 * 10
                .isEqualTo(TypedValue.ofInteger(-1230));
        assertThat(RegisterCodec.decode(int16x10, DataType.LONG, words("FF85"), 0)).isEqualTo(TypedValue.ofLong(-1230));
        assertThat(RegisterCodec.decode(int16x10, DataType.FLOAT, words("FF85"), 0)).isEqualTo(TypedValue.ofFloat(-1230f));
        ChannelSpec floatx2 = spec(ModbusType.FLOAT32, Endian.BIG, Endian.BIG, 2, 1);
        assertThat(RegisterCodec.decode(floatx2, DataType.DOUBLE, words("3FC0 0000"), 0)) // 1.5 * 2 + 1
                .isEqualTo(TypedValue.ofDouble(4.0));
        assertThat(RegisterCodec.encode(floatx2, TypedValue.ofDouble(4.0))).containsExactly(0x3FC0, 0);
        // unscaled UINT32 keeps its full range in a LONG
        ChannelSpec u32 = spec(ModbusType.UINT32, Endian.BIG, Endian.BIG, 1, 0);
        assertThat(RegisterCodec.decode(u32, DataType.LONG, words("FFFF FFFF"), 0))
                .isEqualTo(TypedValue.ofLong(4294967295L));
        assertThat(RegisterCodec.encode(u32, TypedValue.ofLong(4294967295L))).containsExactly(0xFFFF, 0xFFFF);
        // a scaled value into an integer channel is rounded to the nearest integer
        ChannelSpec tenth = spec(ModbusType.UINT16, Endian.BIG, Endian.BIG, 0.1, 0);
        assertThat(RegisterCodec.decode(tenth, DataType.INTEGER, words("0017"), 0)) // 2.3
                .isEqualTo(TypedValue.ofInteger(2));
    }

    @Test
    void rejectsValuesThatDoNotFit() {
        ChannelSpec u32 = spec(ModbusType.UINT32, Endian.BIG, Endian.BIG, 1, 0);
        assertThatThrownBy(() -> RegisterCodec.decode(u32, DataType.INTEGER, words("FFFF FFFF"), 0))
                .isInstanceOf(ConversionException.class).hasMessageContaining("INTEGER");
        ChannelSpec f64 = spec(ModbusType.FLOAT64, Endian.BIG, Endian.BIG, 1, 0);
        assertThatThrownBy(() -> RegisterCodec.decode(f64, DataType.LONG, words("7FF8 0000 0000 0000"), 0)) // NaN
                .isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> RegisterCodec.decode(f64, DataType.FLOAT, words("7E37 E43C 8800 759C"), 0)) // 1e300
                .isInstanceOf(ConversionException.class).hasMessageContaining("FLOAT");
        ChannelSpec i16 = spec(ModbusType.INT16, Endian.BIG, Endian.BIG, 1, 0);
        assertThatThrownBy(() -> RegisterCodec.encode(i16, TypedValue.ofInteger(32768)))
                .isInstanceOf(ConversionException.class).hasMessageContaining("-32768..32767");
        assertThatThrownBy(() -> RegisterCodec.encode(spec(ModbusType.UINT16, Endian.BIG, Endian.BIG, 1, 0),
                TypedValue.ofInteger(-1))).isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> RegisterCodec.encode(i16, TypedValue.ofDouble(Double.NaN)))
                .isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> RegisterCodec.encode(i16, TypedValue.ofString("12")))
                .isInstanceOf(ConversionException.class).hasMessageContaining("STRING");
        assertThatThrownBy(() -> RegisterCodec.encode(spec(ModbusType.FLOAT32, Endian.BIG, Endian.BIG, 1, 0),
                TypedValue.ofDouble(1e300))).isInstanceOf(ConversionException.class);
    }

    @Test
    void coilStatesAcceptBooleansAndZeroOrOne() throws Exception {
        assertThat(RegisterCodec.toBit(TypedValue.ofBoolean(true))).isTrue();
        assertThat(RegisterCodec.toBit(TypedValue.ofInteger(1))).isTrue();
        assertThat(RegisterCodec.toBit(TypedValue.ofDouble(0.0))).isFalse();
        assertThatThrownBy(() -> RegisterCodec.toBit(TypedValue.ofInteger(2))).isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> RegisterCodec.toBit(TypedValue.ofString("true")))
                .isInstanceOf(ConversionException.class);
    }

    @Test
    void everyTypeAndOrderRoundTrips() throws Exception {
        double[] samples = {0, 1, -1, 123, 32767, -32768, 65535, 2147483647, -2147483648.0, 4294967295.0, 0.15625};
        for (ModbusType type : ModbusType.values()) {
            if (type.isBit()) {
                continue;
            }
            for (Endian word : Endian.values()) {
                for (Endian bytes : Endian.values()) {
                    for (double v : samples) {
                        boolean fits = !type.isInteger() || (v == Math.rint(v) && v >= type.min() && v <= type.max());
                        if (!fits || (type == ModbusType.FLOAT32 && (float) v != v)) {
                            continue;
                        }
                        ChannelSpec s = spec(type, word, bytes, 1, 0);
                        int[] w = RegisterCodec.encode(s, TypedValue.ofDouble(v));
                        assertThat(w).hasSize(type.registers());
                        assertThat(java.util.Arrays.stream(w).allMatch(x -> x >= 0 && x <= 0xFFFF)).isTrue();
                        assertThat(RegisterCodec.decode(s, DataType.DOUBLE, w, 0).doubleValue())
                                .as("%s %s/%s %s", type, word, bytes, v).isEqualTo(v);
                    }
                }
            }
        }
    }
}
