// SPDX-License-Identifier: Apache-2.0
package io.weir.model.testmodels;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.weir.inference.ElementType;

class IdentityTest {

    static Stream<Arguments> typesAndShapes() {
        long[][] shapes = {{}, {-1}, {-1, 3}, {2, -1, 2}, {1, 4}};
        return Arrays.stream(ElementType.values())
                .flatMap(t -> Arrays.stream(shapes).map(s -> Arguments.of(t, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("typesAndShapes")
    void returnsItsInputAndDeclaresTypeAndShape(ElementType type, long[] shape) throws Exception {
        byte[] model = Identity.model(type, shape);
        try (OrtSession s = Ort.open(model)) {
            TensorInfo in = (TensorInfo) s.getInputInfo().get(Identity.INPUT).getInfo();
            assertThat(in.type).isEqualTo(OnnxJavaType.valueOf(type.name()));
            assertThat(in.getShape()).isEqualTo(shape);
            assertThat(s.getOutputNames()).containsExactly(Identity.OUTPUT);
        }
        long[] concrete = Arrays.stream(shape).map(d -> d < 0 ? 2 : d).toArray();
        Object value = sample(type, concrete);

        Object out = Ort.run(model, Map.of(Identity.INPUT, value)).get(Identity.OUTPUT);

        assertThat(out).isEqualTo(value);
    }

    @Test
    void takesAnyNamesAndUnsupportedElementTypes() throws Exception {
        try (OrtSession s = Ort.open(Identity.model("in,0", "out:0", Identity.ONNX_UINT8, new long[] {-1, 2}))) {
            assertThat(s.getInputNames()).containsExactly("in,0");
            assertThat(((TensorInfo) s.getOutputInfo().get("out:0").getInfo()).type).isEqualTo(OnnxJavaType.UINT8);
        }
        try (OrtSession s = Ort.open(Identity.model("x", "y", Identity.ONNX_FLOAT16, new long[] {3}))) {
            assertThat(((TensorInfo) s.getInputInfo().get("x").getInfo()).type).isEqualTo(OnnxJavaType.FLOAT16);
        }
    }

    /** A Java array (or boxed scalar) of the given type and shape with distinct, non-default values. */
    private static Object sample(ElementType type, long[] shape) {
        int[] dims = Arrays.stream(shape).mapToInt(d -> (int) d).toArray();
        int[] counter = {1};
        if (dims.length == 0) {
            return element(type, counter);
        }
        Object array = Array.newInstance(javaType(type), dims);
        fill(array, type, counter);
        return array;
    }

    private static void fill(Object array, ElementType type, int[] counter) {
        for (int i = 0; i < Array.getLength(array); i++) {
            Object e = Array.get(array, i);
            if (e != null && e.getClass().isArray()) {
                fill(e, type, counter);
            } else {
                Array.set(array, i, element(type, counter));
            }
        }
    }

    private static Object element(ElementType type, int[] counter) {
        int n = counter[0]++;
        return switch (type) {
            case FLOAT -> n * 1.5f;
            case DOUBLE -> n * -0.25;
            case INT32 -> n * 7;
            case INT64 -> n * 1_000_000_007L;
            case BOOL -> n % 2 == 0;
            case STRING -> "s" + n + ",ü";
        };
    }

    private static Class<?> javaType(ElementType type) {
        return switch (type) {
            case FLOAT -> float.class;
            case DOUBLE -> double.class;
            case INT32 -> int.class;
            case INT64 -> long.class;
            case BOOL -> boolean.class;
            case STRING -> String.class;
        };
    }
}
