// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ulong;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.util.List;
import java.util.Map;

import org.eclipse.milo.opcua.stack.core.BuiltinDataType;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelMode;
import io.weir.driver.ChannelResult;

class ValueMapperTest {

    private static TypedValue read(DataType target, Object value) throws ValueMapper.TypeMismatch {
        return ValueMapper.toTypedValue(target, new Variant(value));
    }

    private static void mismatch(DataType target, Object value) {
        assertThatThrownBy(() -> read(target, value)).as("%s as %s", value, target)
                .isInstanceOf(ValueMapper.TypeMismatch.class);
    }

    @Test
    void readsEachBuiltInTypeIntoTheTypesThatHoldItWithoutLoss() throws Exception {
        assertThat(read(DataType.BOOLEAN, true)).isEqualTo(TypedValue.ofBoolean(true));
        assertThat(read(DataType.INTEGER, (byte) -5)).isEqualTo(TypedValue.ofInteger(-5));
        assertThat(read(DataType.INTEGER, ubyte(200))).isEqualTo(TypedValue.ofInteger(200));
        assertThat(read(DataType.INTEGER, (short) -300)).isEqualTo(TypedValue.ofInteger(-300));
        assertThat(read(DataType.INTEGER, ushort(65535))).isEqualTo(TypedValue.ofInteger(65535));
        assertThat(read(DataType.INTEGER, Integer.MIN_VALUE)).isEqualTo(TypedValue.ofInteger(Integer.MIN_VALUE));
        assertThat(read(DataType.LONG, (short) 7)).isEqualTo(TypedValue.ofLong(7));
        assertThat(read(DataType.LONG, uint(4_294_967_295L))).isEqualTo(TypedValue.ofLong(4_294_967_295L));
        assertThat(read(DataType.LONG, Long.MAX_VALUE)).isEqualTo(TypedValue.ofLong(Long.MAX_VALUE));
        assertThat(read(DataType.LONG, ulong(Long.MAX_VALUE))).isEqualTo(TypedValue.ofLong(Long.MAX_VALUE));
        assertThat(read(DataType.FLOAT, 1.5f)).isEqualTo(TypedValue.ofFloat(1.5f));
        assertThat(read(DataType.DOUBLE, 1.5f)).isEqualTo(TypedValue.ofDouble(1.5));
        assertThat(read(DataType.DOUBLE, 2.25)).isEqualTo(TypedValue.ofDouble(2.25));
        assertThat(read(DataType.DOUBLE, uint(4_000_000_000L))).isEqualTo(TypedValue.ofDouble(4e9));
        assertThat(read(DataType.DOUBLE, -12)).isEqualTo(TypedValue.ofDouble(-12));
        assertThat(read(DataType.STRING, "text")).isEqualTo(TypedValue.ofString("text"));
        assertThat(read(DataType.STRING, LocalizedText.english("label"))).isEqualTo(TypedValue.ofString("label"));
        assertThat(read(DataType.STRING, new QualifiedName(2, "Name"))).isEqualTo(TypedValue.ofString("Name"));
        assertThat(read(DataType.BYTES, ByteString.of(new byte[] { 1, 2 })))
                .isEqualTo(TypedValue.ofBytes(new byte[] { 1, 2 }));
        assertThat(read(DataType.BYTES, ByteString.NULL_VALUE)).isEqualTo(TypedValue.ofBytes(new byte[0]));
    }

    @Test
    void everythingElseIsATypeMismatch() {
        mismatch(DataType.BOOLEAN, 1);
        mismatch(DataType.INTEGER, uint(1));
        mismatch(DataType.INTEGER, 1L);
        mismatch(DataType.INTEGER, 1.0);
        mismatch(DataType.INTEGER, true);
        mismatch(DataType.LONG, ulong(new java.math.BigInteger("9223372036854775808")));
        mismatch(DataType.LONG, 2.0f);
        mismatch(DataType.FLOAT, 1.0);
        mismatch(DataType.FLOAT, 1);
        mismatch(DataType.DOUBLE, 1L);
        mismatch(DataType.DOUBLE, "1.0");
        mismatch(DataType.STRING, 5);
        mismatch(DataType.BYTES, "bytes");
        mismatch(DataType.DOUBLE, new double[] { 1, 2 });
        mismatch(DataType.STRING, DateTime.now());
        assertThatThrownBy(() -> ValueMapper.toTypedValue(DataType.DOUBLE, Variant.NULL_VALUE))
                .hasMessageContaining("no value");
    }

    @Test
    void mismatchMessagesNameBothTypes() {
        assertThatThrownBy(() -> read(DataType.INTEGER, 2.5)).hasMessage("OPC UA Double cannot be read as INTEGER");
        assertThatThrownBy(() -> read(DataType.DOUBLE, new float[] { 1 })).hasMessageContaining("Float[]");
        assertThatThrownBy(() -> read(DataType.LONG, ulong(new java.math.BigInteger("9223372036854775808"))))
                .hasMessageContaining("does not fit LONG");
    }

    @Test
    void writesConvertToTheNodeTypeWithinRange() throws Exception {
        assertThat(write(TypedValue.ofBoolean(true), BuiltinDataType.Boolean)).isEqualTo(true);
        assertThat(write(TypedValue.ofInteger(-128), BuiltinDataType.SByte)).isEqualTo((byte) -128);
        assertThat(write(TypedValue.ofInteger(255), BuiltinDataType.Byte)).isEqualTo(ubyte(255));
        assertThat(write(TypedValue.ofInteger(-2), BuiltinDataType.Int16)).isEqualTo((short) -2);
        assertThat(write(TypedValue.ofLong(65535), BuiltinDataType.UInt16)).isEqualTo(ushort(65535));
        assertThat(write(TypedValue.ofInteger(5), BuiltinDataType.Int32)).isEqualTo(5);
        assertThat(write(TypedValue.ofLong(4_294_967_295L), BuiltinDataType.UInt32)).isEqualTo(uint(4_294_967_295L));
        assertThat(write(TypedValue.ofLong(Long.MIN_VALUE), BuiltinDataType.Int64)).isEqualTo(Long.MIN_VALUE);
        assertThat(write(TypedValue.ofLong(9), BuiltinDataType.UInt64)).isEqualTo(ulong(9));
        assertThat(write(TypedValue.ofDouble(3.0), BuiltinDataType.Int16)).isEqualTo((short) 3);
        assertThat(write(TypedValue.ofDouble(0.1), BuiltinDataType.Float)).isEqualTo(0.1f);
        assertThat(write(TypedValue.ofInteger(3), BuiltinDataType.Double)).isEqualTo(3.0);
        assertThat(write(TypedValue.ofFloat(Float.NaN), BuiltinDataType.Double)).isEqualTo(Double.NaN);
        assertThat(write(TypedValue.ofString("s"), BuiltinDataType.String)).isEqualTo("s");
        assertThat(write(TypedValue.ofBytes(new byte[] { 4 }), BuiltinDataType.ByteString))
                .isEqualTo(ByteString.of(new byte[] { 4 }));
    }

    private static Object write(TypedValue value, BuiltinDataType type) throws ValueMapper.TypeMismatch {
        return ValueMapper.toVariant(value, type).getValue();
    }

    @Test
    void writesThatDoNotFitAreTypeMismatches() {
        List<Map.Entry<TypedValue, BuiltinDataType>> bad = List.of(
                Map.entry(TypedValue.ofInteger(128), BuiltinDataType.SByte),
                Map.entry(TypedValue.ofInteger(-1), BuiltinDataType.Byte),
                Map.entry(TypedValue.ofInteger(32768), BuiltinDataType.Int16),
                Map.entry(TypedValue.ofInteger(-1), BuiltinDataType.UInt16),
                Map.entry(TypedValue.ofLong(1L << 31), BuiltinDataType.Int32),
                Map.entry(TypedValue.ofLong(1L << 32), BuiltinDataType.UInt32),
                Map.entry(TypedValue.ofLong(-1), BuiltinDataType.UInt64),
                Map.entry(TypedValue.ofDouble(2.5), BuiltinDataType.Int32),
                Map.entry(TypedValue.ofDouble(Double.NaN), BuiltinDataType.Int64),
                Map.entry(TypedValue.ofDouble(1e300), BuiltinDataType.Float),
                Map.entry(TypedValue.ofBoolean(true), BuiltinDataType.Int32),
                Map.entry(TypedValue.ofBoolean(false), BuiltinDataType.Double),
                Map.entry(TypedValue.ofInteger(1), BuiltinDataType.Boolean),
                Map.entry(TypedValue.ofInteger(1), BuiltinDataType.String),
                Map.entry(TypedValue.ofString("x"), BuiltinDataType.ByteString),
                Map.entry(TypedValue.ofString("1"), BuiltinDataType.Double));
        bad.forEach(e -> assertThatThrownBy(() -> ValueMapper.toVariant(e.getKey(), e.getValue()))
                .as("%s as %s", e.getKey(), e.getValue()).isInstanceOf(ValueMapper.TypeMismatch.class));
        assertThatThrownBy(() -> ValueMapper.toVariant(TypedValue.ofInteger(40000), BuiltinDataType.Int16))
                .hasMessage("40000 is out of the range of OPC UA Int16 (-32768..32767)");
    }

    @Test
    void dataValuesBecomeResultsWithTheSourceTimestamp() {
        Channel c = new Channel("t", DataType.DOUBLE, ChannelMode.READ, Map.of());
        DateTime source = new DateTime(java.time.Instant.ofEpochMilli(1_700_000_000_000L));
        DateTime server = new DateTime(java.time.Instant.ofEpochMilli(1_700_000_000_500L));

        ChannelResult ok = ValueMapper.toResult(c, new DataValue(new Variant(1.5), StatusCode.GOOD, source, server), 9);
        assertThat(ok.isOk()).isTrue();
        assertThat(ok.value()).isEqualTo(TypedValue.ofDouble(1.5));
        assertThat(ok.timestamp()).isEqualTo(1_700_000_000_000L);

        ChannelResult serverTime = ValueMapper.toResult(c, new DataValue(new Variant(1.5), StatusCode.GOOD, null,
                server), 9);
        assertThat(serverTime.timestamp()).isEqualTo(1_700_000_000_500L);
        assertThat(ValueMapper.toResult(c, DataValue.valueOnly(new Variant(1.5)), 9).timestamp()).isEqualTo(9);

        ChannelResult bad = ValueMapper.toResult(c, new DataValue(StatusCodes.Bad_NodeIdUnknown), 9);
        assertThat(bad.status().code()).isEqualTo(io.weir.driver.StatusCode.DEVICE_ERROR);
        assertThat(bad.status().message()).contains("Bad_NodeIdUnknown");

        ChannelResult uncertain = ValueMapper.toResult(c, new DataValue(new Variant(1.0),
                new StatusCode(StatusCodes.Uncertain_LastUsableValue)), 9);
        assertThat(uncertain.status().code()).isEqualTo(io.weir.driver.StatusCode.DEVICE_ERROR);
        assertThat(uncertain.status().message()).contains("Uncertain_LastUsableValue");

        ChannelResult wrongType = ValueMapper.toResult(c, DataValue.valueOnly(new Variant("x")), 9);
        assertThat(wrongType.status().code()).isEqualTo(io.weir.driver.StatusCode.TYPE_MISMATCH);
    }
}
