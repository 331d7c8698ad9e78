// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.convert;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import io.weir.inference.ElementType;
import io.weir.inference.Tensor;

import org.jspecify.annotations.Nullable;

/**
 * Conversions between Weir's {@link Tensor} and ONNX Runtime's {@link OnnxTensor}, shared by the gateway's engine and
 * the cloud inference service (which uses this bundle's jar as a plain library). Stateless utilities defined by Weir.
 */
public final class OnnxTensors {

    private OnnxTensors() {
    }

    /** @return the element type, or {@code null} if Weir has none for it */
    public static @Nullable ElementType elementType(OnnxJavaType t) {
        return switch (t) {
            case FLOAT -> ElementType.FLOAT;
            case DOUBLE -> ElementType.DOUBLE;
            case INT32 -> ElementType.INT32;
            case INT64 -> ElementType.INT64;
            case BOOL -> ElementType.BOOL;
            case STRING -> ElementType.STRING;
            default -> null;
        };
    }

    public static OnnxTensor toOnnx(OrtEnvironment env, Tensor t) throws OrtException {
        long[] shape = t.shape();
        return switch (t.type()) {
            case FLOAT -> OnnxTensor.createTensor(env, t.floatBuffer(), shape);
            case DOUBLE -> OnnxTensor.createTensor(env, t.doubleBuffer(), shape);
            case INT32 -> OnnxTensor.createTensor(env, t.intBuffer(), shape);
            case INT64 -> OnnxTensor.createTensor(env, t.longBuffer(), shape);
            case BOOL -> {
                boolean[] b = t.toBooleanArray();
                ByteBuffer bytes = ByteBuffer.allocateDirect(b.length).order(ByteOrder.nativeOrder());
                for (boolean v : b) {
                    bytes.put((byte) (v ? 1 : 0));
                }
                bytes.rewind();
                yield OnnxTensor.createTensor(env, bytes, shape, OnnxJavaType.BOOL);
            }
            case STRING -> OnnxTensor.createTensor(env, t.toStringArray(), shape);
        };
    }

    /**
     * @param value an output value
     * @return it as a Weir tensor
     * @throws OrtException if ONNX Runtime fails reading it
     * @throws IllegalStateException if it is not a tensor of a supported element type
     */
    public static Tensor fromOnnx(String name, OnnxValue value) throws OrtException {
        if (!(value instanceof OnnxTensor ot)) {
            throw new IllegalStateException("output " + name + " is a " + value.getType()
                    + ", not a tensor (sequences and maps are not supported)");
        }
        TensorInfo info = ot.getInfo();
        long[] shape = info.getShape();
        return switch (info.type) {
            case FLOAT -> Tensor.ofFloats(shape, ot.getFloatBuffer());
            case DOUBLE -> Tensor.ofDoubles(shape, ot.getDoubleBuffer());
            case INT32 -> Tensor.ofInts(shape, ot.getIntBuffer());
            case INT64 -> Tensor.ofLongs(shape, ot.getLongBuffer());
            case BOOL -> {
                ByteBuffer b = ot.getByteBuffer();
                boolean[] a = new boolean[b.remaining()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = b.get() != 0;
                }
                yield Tensor.ofBooleans(shape, a);
            }
            case STRING -> Tensor.ofStrings(shape, flattenStrings(ot.getValue(), shape));
            default -> throw new IllegalStateException("output " + name + " has element type " + info.type
                    + ", which Weir does not support");
        };
    }

    private static String[] flattenStrings(Object value, long[] shape) {
        if (shape.length == 0) {
            return new String[] { (String) value };
        }
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        String[] out = new String[(int) n];
        int[] at = { 0 };
        flatten(value, out, at);
        if (at[0] != out.length) {
            throw new IllegalStateException("string output has " + at[0] + " elements, shape "
                    + Arrays.toString(shape) + " needs " + out.length);
        }
        return out;
    }

    private static void flatten(Object value, String[] out, int[] at) {
        if (value instanceof String s) {
            out[at[0]++] = s;
            return;
        }
        int n = Array.getLength(value);
        for (int i = 0; i < n; i++) {
            flatten(Array.get(value, i), out, at);
        }
    }

    /** @return a tensor of zeros (false, "") fitting a spec, with every dynamic dimension 1 */
    public static Tensor zeros(ElementType type, long[] specShape) {
        long[] shape = specShape.clone();
        int n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                shape[i] = 1;
            }
            n = Math.multiplyExact(n, Math.toIntExact(shape[i]));
        }
        return switch (type) {
            case FLOAT -> Tensor.ofFloats(shape, new float[n]);
            case DOUBLE -> Tensor.ofDoubles(shape, new double[n]);
            case INT32 -> Tensor.ofInts(shape, new int[n]);
            case INT64 -> Tensor.ofLongs(shape, new long[n]);
            case BOOL -> Tensor.ofBooleans(shape, new boolean[n]);
            case STRING -> {
                String[] s = new String[n];
                Arrays.fill(s, "");
                yield Tensor.ofStrings(shape, s);
            }
        };
    }
}
