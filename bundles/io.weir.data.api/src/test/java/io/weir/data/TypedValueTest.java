// SPDX-License-Identifier: Apache-2.0
package io.weir.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TypedValueTest {

    @Test
    void roundTripsAllSevenTypes() {
        assertThat(TypedValue.ofDouble(-0.25).doubleValue()).isEqualTo(-0.25);
        assertThat(TypedValue.ofFloat(3.5f).floatValue()).isEqualTo(3.5f);
        assertThat(TypedValue.ofLong(Long.MIN_VALUE).longValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(TypedValue.ofInteger(-7).intValue()).isEqualTo(-7);
        assertThat(TypedValue.ofBoolean(true).booleanValue()).isTrue();
        assertThat(TypedValue.ofString("ü").stringValue()).isEqualTo("ü");
        assertThat(TypedValue.ofBytes(new byte[] {1, 2}).bytesValue()).containsExactly(1, 2);
    }

    @Test
    void typeIsPartOfEquality() {
        assertThat(TypedValue.ofInteger(1)).isNotEqualTo(TypedValue.ofLong(1));
        assertThat(TypedValue.ofDouble(Double.NaN)).isEqualTo(TypedValue.ofDouble(Double.NaN));
        assertThat(TypedValue.ofBytes(new byte[] {9})).isEqualTo(TypedValue.ofBytes(new byte[] {9}))
                .hasSameHashCodeAs(TypedValue.ofBytes(new byte[] {9}));
    }

    @Test
    void wrongAccessorThrowsWithTheTypes() {
        assertThatThrownBy(() -> TypedValue.ofLong(1).doubleValue())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("LONG").hasMessageContaining("DOUBLE");
        assertThatThrownBy(() -> TypedValue.ofString("x").asDouble()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void numericReadingAndBytesAreDefensive() {
        assertThat(TypedValue.ofInteger(3).asDouble()).isEqualTo(3.0);
        assertThat(TypedValue.ofBoolean(true).asDouble()).isEqualTo(1.0);
        assertThat(TypedValue.ofFloat(0.5f).asObject()).isEqualTo(0.5f);
        byte[] in = {1};
        TypedValue v = TypedValue.ofBytes(in);
        in[0] = 2;
        v.bytesValue()[0] = 3;
        assertThat(v.bytesValue()).containsExactly(1);
        assertThat(TypedValue.ofString("é").sizeInBytes()).isEqualTo(2);
    }
}
