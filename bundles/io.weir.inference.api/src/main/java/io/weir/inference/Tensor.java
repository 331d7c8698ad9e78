// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An immutable tensor: an {@link ElementType element type}, a concrete shape, and the elements in row-major
 * order, stored in a primitive array of the element type (or a {@code String[]}).
 *
 * <p>The elements are copied on the way in. On the way out, numeric tensors offer read-only buffer views that
 * copy nothing ({@link #floatBuffer()} ...), and every type offers an array copy ({@link #toFloatArray()}
 * ...). Reading with the accessor of another element type throws {@link IllegalStateException}. Instances are
 * safe to share between threads. {@link #equals(Object)} compares type, shape and elements; {@code NaN}
 * elements are equal to each other.
 *
 * <p>A value class defined by Weir: a provider type.
 */
@ProviderType
public final class Tensor {

    private final ElementType type;
    private final long[] shape;
    /** float[], double[], int[], long[], boolean[] or String[], matching {@link #type}; never exposed. */
    private final Object data;

    private Tensor(ElementType type, long[] shape, Object data, int length) {
        this.type = type;
        this.shape = shape.clone();
        this.data = data;
        long count = 1;
        for (long d : this.shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor dimension " + d + " in " + Arrays.toString(shape)
                        + " is negative; a tensor has a concrete shape");
            }
            count *= d;
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than "
                        + Integer.MAX_VALUE + " elements");
            }
        }
        if (count != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + count
                    + " elements, got " + length);
        }
    }

    /**
     * @param shape the dimensions, each {@code >= 0}; empty for a scalar
     * @param data the elements in row-major order; copied
     * @return a FLOAT tensor
     * @throws IllegalArgumentException if the element count does not match the shape
     */
    public static Tensor ofFloats(long[] shape, float[] data) {
        return new Tensor(ElementType.FLOAT, shape, data.clone(), data.length);
    }

    /**
     * @param shape the dimensions, each {@code >= 0}; empty for a scalar
     * @param data the elements from its position to its limit; copied, the buffer's position is unchanged
     * @return a FLOAT tensor
     * @throws IllegalArgumentException if the element count does not match the shape
     */
    public static Tensor ofFloats(long[] shape, FloatBuffer data) {
        float[] a = new float[data.remaining()];
        data.duplicate().get(a);
        return new Tensor(ElementType.FLOAT, shape, a, a.length);
    }

    /**
     * @param shape the dimensions, each {@code >= 0}; empty for a scalar
     * @param data the elements in row-major order; copied
     * @return a DOUBLE tensor
     * @throws IllegalArgumentException if the element count does not match the shape
     */
    public static Tensor ofDoubles(long[] shape, double[] data) {
        return new Tensor(ElementType.DOUBLE, shape, data.clone(), data.length);
    }

    /**
     * @param shape the dimensions, each {@code >= 0}; empty for a scalar
     * @param data the elements from its position to its limit; copied, the buffer's position is unchanged
     * @return a DOUBLE tensor
     * @throws IllegalArgumentException if the element count does not match the shape
     */
    public static Tensor ofDoubles(long[] shape, DoubleBuffer data) {
        double[] a = new double[data.remaining()];
        data.duplicate().get(a);
        return new Tensor(ElementType.DOUBLE, shape, a, a.length);
    }

    /**
     * @param shape the dimensions, each {@code >= 0}; empty for a scalar
     * @param data the elements in row-major order; copied
     * @return an INT32 tensor
     * @throws IllegalArgumentException if the element count does not match the shape
     */
    public static Tensor ofInts(long[] shape, int[] data) {
        return new Tensor(ElementType.INT32, shape, data.clone(), data.length);
    }

    /**
     * @param shape the dimensions, each {@code >= 0}; empty for a scalar
     * @param data the elements from its position to its limit; copied, the buffer's position is unchanged
     * @return an INT32 tensor
     * @throws IllegalArgumentException if the element count does not match the shape
     */
    public static Tensor ofInts(long[] shape, IntBuffer data) {
        int[] a = new int[data.remaining()];
        data.duplicate().get(a);
        return new Tensor(ElementType.INT32, shape, a, a.length);
    }

    /**
     * @param shape the dimensions, each {@code >= 0}; empty for a scalar
     * @param data the elements in row-major order; copied
     * @return an INT64 tensor
     * @throws IllegalArgumentException if the element count does not match the shape
     */
    public static Tensor ofLongs(long[] shape, long[] data) {
        return new Tensor(ElementType.INT64, shape, data.clone(), data.length);
    }

    /**
     * @param shape the dimensions, each {@code >= 0}; empty for a scalar
     * @param data the elements from its position to its limit; copied, the buffer's position is unchanged
     * @return an INT64 tensor
     * @throws IllegalArgumentException if the element count does not match the shape
     */
    public static Tensor ofLongs(long[] shape, LongBuffer data) {
        long[] a = new long[data.remaining()];
        data.duplicate().get(a);
        return new Tensor(ElementType.INT64, shape, a, a.length);
    }

    /**
     * @param shape the dimensions, each {@code >= 0}; empty for a scalar
     * @param data the elements in row-major order; copied
     * @return a BOOL tensor
     * @throws IllegalArgumentException if the element count does not match the shape
     */
    public static Tensor ofBooleans(long[] shape, boolean[] data) {
        return new Tensor(ElementType.BOOL, shape, data.clone(), data.length);
    }

    /**
     * @param shape the dimensions, each {@code >= 0}; empty for a scalar
     * @param data the elements in row-major order, none {@code null}; copied
     * @return a STRING tensor
     * @throws IllegalArgumentException if the element count does not match the shape
     * @throws NullPointerException if an element is {@code null}
     */
    public static Tensor ofStrings(long[] shape, String[] data) {
        String[] a = data.clone();
        for (int i = 0; i < a.length; i++) {
            Objects.requireNonNull(a[i], "element " + i);
        }
        return new Tensor(ElementType.STRING, shape, a, a.length);
    }

    /** @return the element type, never {@code null} */
    public ElementType type() {
        return type;
    }

    /** @return a copy of the dimensions; empty for a scalar */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of dimensions, 0 for a scalar */
    public int rank() {
        return shape.length;
    }

    /** @return the number of elements, the product of the dimensions */
    public int size() {
        switch (type) {
            case FLOAT:
                return ((float[]) data).length;
            case DOUBLE:
                return ((double[]) data).length;
            case INT32:
                return ((int[]) data).length;
            case INT64:
                return ((long[]) data).length;
            case BOOL:
                return ((boolean[]) data).length;
            default:
                return ((String[]) data).length;
        }
    }

    /**
     * @return a read-only view of the FLOAT elements, position 0; copies nothing
     * @throws IllegalStateException if the type is not FLOAT
     */
    public FloatBuffer floatBuffer() {
        return FloatBuffer.wrap((float[]) as(ElementType.FLOAT)).asReadOnlyBuffer();
    }

    /**
     * @return a copy of the FLOAT elements
     * @throws IllegalStateException if the type is not FLOAT
     */
    public float[] toFloatArray() {
        return ((float[]) as(ElementType.FLOAT)).clone();
    }

    /**
     * @return a read-only view of the DOUBLE elements, position 0; copies nothing
     * @throws IllegalStateException if the type is not DOUBLE
     */
    public DoubleBuffer doubleBuffer() {
        return DoubleBuffer.wrap((double[]) as(ElementType.DOUBLE)).asReadOnlyBuffer();
    }

    /**
     * @return a copy of the DOUBLE elements
     * @throws IllegalStateException if the type is not DOUBLE
     */
    public double[] toDoubleArray() {
        return ((double[]) as(ElementType.DOUBLE)).clone();
    }

    /**
     * @return a read-only view of the INT32 elements, position 0; copies nothing
     * @throws IllegalStateException if the type is not INT32
     */
    public IntBuffer intBuffer() {
        return IntBuffer.wrap((int[]) as(ElementType.INT32)).asReadOnlyBuffer();
    }

    /**
     * @return a copy of the INT32 elements
     * @throws IllegalStateException if the type is not INT32
     */
    public int[] toIntArray() {
        return ((int[]) as(ElementType.INT32)).clone();
    }

    /**
     * @return a read-only view of the INT64 elements, position 0; copies nothing
     * @throws IllegalStateException if the type is not INT64
     */
    public LongBuffer longBuffer() {
        return LongBuffer.wrap((long[]) as(ElementType.INT64)).asReadOnlyBuffer();
    }

    /**
     * @return a copy of the INT64 elements
     * @throws IllegalStateException if the type is not INT64
     */
    public long[] toLongArray() {
        return ((long[]) as(ElementType.INT64)).clone();
    }

    /**
     * @return a copy of the BOOL elements
     * @throws IllegalStateException if the type is not BOOL
     */
    public boolean[] toBooleanArray() {
        return ((boolean[]) as(ElementType.BOOL)).clone();
    }

    /**
     * @return a copy of the STRING elements
     * @throws IllegalStateException if the type is not STRING
     */
    public String[] toStringArray() {
        return ((String[]) as(ElementType.STRING)).clone();
    }

    private Object as(ElementType expected) {
        if (type != expected) {
            throw new IllegalStateException("tensor is " + type + ", not " + expected);
        }
        return data;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Tensor) || type != ((Tensor) other).type) {
            return false;
        }
        Tensor that = (Tensor) other;
        return Arrays.equals(shape, that.shape) && Arrays.deepEquals(new Object[] {data}, new Object[] {that.data});
    }

    @Override
    public int hashCode() {
        return (type.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Arrays.deepHashCode(new Object[] {data});
    }

    /** @return the type and shape, for example {@code Tensor[FLOAT [1, 16]]}; never the elements */
    @Override
    public String toString() {
        return "Tensor[" + type + " " + Arrays.toString(shape) + "]";
    }
}
