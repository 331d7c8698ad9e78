// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.FloatBuffer;
import java.nio.ReadOnlyBufferException;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void elementCountMustMatchAConcreteShape() {
        assertThatThrownBy(() -> Tensor.ofFloats(new long[] {2, 3}, new float[5]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6").hasMessageContaining("5");
        assertThatThrownBy(() -> Tensor.ofFloats(new long[] {-1, 3}, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concrete");
        assertThatThrownBy(() -> Tensor.ofLongs(new long[] {1L << 20, 1L << 20}, new long[1]))
                .isInstanceOf(IllegalArgumentException.class);

        Tensor scalar = Tensor.ofDoubles(new long[0], new double[] {2.5});
        assertThat(scalar.rank()).isZero();
        assertThat(scalar.size()).isEqualTo(1);
        Tensor empty = Tensor.ofInts(new long[] {0, 4}, new int[0]);
        assertThat(empty.size()).isZero();
    }

    @Test
    void copiesOnTheWayInAndOut() {
        float[] in = {1f, 2f};
        long[] shape = {1, 2};
        Tensor t = Tensor.ofFloats(shape, in);
        in[0] = 9f;
        shape[1] = 7;
        t.toFloatArray()[1] = 9f;
        t.shape()[0] = 5;
        assertThat(t.toFloatArray()).containsExactly(1f, 2f);
        assertThat(t.shape()).containsExactly(1, 2);

        FloatBuffer view = t.floatBuffer();
        assertThat(view.get(1)).isEqualTo(2f);
        assertThatThrownBy(() -> view.put(0, 3f)).isInstanceOf(ReadOnlyBufferException.class);
    }

    @Test
    void bufferFactoryTakesTheRemainingElementsAndLeavesThePosition() {
        FloatBuffer buffer = FloatBuffer.wrap(new float[] {0f, 1f, 2f, 3f});
        buffer.position(1);
        Tensor t = Tensor.ofFloats(new long[] {3}, buffer);
        assertThat(buffer.position()).isEqualTo(1);
        buffer.put(1, 8f);
        assertThat(t.toFloatArray()).containsExactly(1f, 2f, 3f);
    }

    @Test
    void accessorsCheckTheElementType() {
        Tensor t = Tensor.ofLongs(new long[] {2}, new long[] {4L, 5L});
        assertThat(t.type()).isEqualTo(ElementType.INT64);
        assertThat(t.longBuffer().get(1)).isEqualTo(5L);
        assertThatThrownBy(t::toFloatArray).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("INT64").hasMessageContaining("FLOAT");
        assertThatThrownBy(t::intBuffer).isInstanceOf(IllegalStateException.class);
        assertThat(Tensor.ofBooleans(new long[] {2}, new boolean[] {true, false}).toBooleanArray())
                .containsExactly(true, false);
        assertThat(Tensor.ofStrings(new long[] {1}, new String[] {"ok"}).toStringArray()).containsExactly("ok");
        assertThatThrownBy(() -> Tensor.ofStrings(new long[] {1}, new String[] {null}))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void equalityComparesTypeShapeAndElements() {
        Tensor a = Tensor.ofFloats(new long[] {1, 2}, new float[] {Float.NaN, 1f});
        assertThat(a).isEqualTo(Tensor.ofFloats(new long[] {1, 2}, new float[] {Float.NaN, 1f}))
                .hasSameHashCodeAs(Tensor.ofFloats(new long[] {1, 2}, new float[] {Float.NaN, 1f}));
        assertThat(a).isNotEqualTo(Tensor.ofFloats(new long[] {2, 1}, new float[] {Float.NaN, 1f}));
        assertThat(Tensor.ofInts(new long[] {1}, new int[] {1}))
                .isNotEqualTo(Tensor.ofLongs(new long[] {1}, new long[] {1}));
        assertThat(a.toString()).isEqualTo("Tensor[FLOAT [1, 2]]");
    }
}
