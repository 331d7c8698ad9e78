// SPDX-License-Identifier: Apache-2.0
package io.weir.model.testmodels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.onnxruntime.OrtSession;

class MixedTypesTest {

    @Test
    void onnxRuntimeComputesWhatTheExpectedFunctionsCompute() throws Exception {
        float[][] a = {{1f, -2f, 3.5f}, {0f, 0.25f, -0.5f}, {-1f, -1f, -1f}};
        long[][] b = {{41L}, {-1L}, {Long.MAX_VALUE - 1}};
        double[][] c = {{1.0, 2.0}, {3.0, 4.0}};

        Map<String, Object> out = Ort.run(MixedTypes.model(), Map.of(MixedTypes.A, a, MixedTypes.B, b, MixedTypes.C, c));

        assertThat(out).containsOnlyKeys(MixedTypes.A_SUM, MixedTypes.B_PLUS_ONE, MixedTypes.C_TRANSPOSED,
                MixedTypes.A_POSITIVE);
        assertThat((float[][]) out.get(MixedTypes.A_SUM)).isDeepEqualTo(MixedTypes.expectedSum(a));
        assertThat((long[][]) out.get(MixedTypes.B_PLUS_ONE)).isDeepEqualTo(MixedTypes.expectedPlusOne(b));
        assertThat((double[][]) out.get(MixedTypes.C_TRANSPOSED)).isDeepEqualTo(MixedTypes.expectedTransposed(c));
        assertThat((boolean[][]) out.get(MixedTypes.A_POSITIVE)).isDeepEqualTo(MixedTypes.expectedPositive(a));
    }

    @Test
    void declaresTypesAndShapesInModelOrder() throws Exception {
        try (OrtSession s = Ort.open(MixedTypes.model())) {
            assertThat(Ort.describe(s.getInputInfo())).containsExactly(
                    Map.entry("a", "FLOAT[-1, 3]"), Map.entry("b", "INT64[-1, 1]"), Map.entry("c", "DOUBLE[2, 2]"));
            assertThat(Ort.describe(s.getOutputInfo())).containsExactly(
                    Map.entry("a_sum", "FLOAT[-1, 1]"), Map.entry("b_plus_one", "INT64[-1, 1]"),
                    Map.entry("c_transposed", "DOUBLE[2, 2]"), Map.entry("a_positive", "BOOL[-1, 3]"));
        }
    }

    @Test
    void sameBytesEveryTime() {
        assertThat(MixedTypes.model()).isEqualTo(MixedTypes.model());
    }
}
