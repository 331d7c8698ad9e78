// SPDX-License-Identifier: Apache-2.0
package io.weir.model.testmodels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import ai.onnxruntime.OrtSession;

class LogisticRegressionTest {

    private static final float[][] WEIGHTS = random(6, 2, 1);
    private static final float[] BIAS = {0.25f, -0.5f};

    @Test
    void onnxRuntimeComputesWhatExpectedComputes() throws Exception {
        float[][] x = random(5, 6, 2);

        Map<String, Object> out = Ort.run(LogisticRegression.model(WEIGHTS, BIAS), Map.of(LogisticRegression.INPUT, x));

        float[][] actual = (float[][]) out.get(LogisticRegression.OUTPUT);
        float[][] expected = LogisticRegression.expected(WEIGHTS, BIAS, x);
        assertThat(actual).hasNumberOfRows(5);
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 2; c++) {
                assertThat(actual[r][c]).as("row %d column %d", r, c).isCloseTo(expected[r][c], within(1e-5f));
            }
            assertThat(expected[r][0] + expected[r][1]).isCloseTo(1f, within(1e-6f));
        }
    }

    @Test
    void declaresDynamicBatchAndFixedFeatureDimensions() throws Exception {
        try (OrtSession s = Ort.open(LogisticRegression.model(WEIGHTS, BIAS))) {
            assertThat(Ort.describe(s.getInputInfo())).containsExactly(Map.entry("input", "FLOAT[-1, 6]"));
            assertThat(Ort.describe(s.getOutputInfo())).containsExactly(Map.entry("output", "FLOAT[-1, 2]"));
        }
    }

    @Test
    void sameArgumentsGiveSameBytes() {
        assertThat(LogisticRegression.model(WEIGHTS, BIAS)).isEqualTo(LogisticRegression.model(WEIGHTS, BIAS));
        assertThat(LogisticRegression.model(WEIGHTS, BIAS))
                .isNotEqualTo(LogisticRegression.model(WEIGHTS, new float[] {0f, 0f}));
    }

    @Test
    void refusesWeightsThatDoNotFitTheBias() {
        assertThatIllegalArgumentException().isThrownBy(() -> LogisticRegression.model(WEIGHTS, new float[3]))
                .withMessageContaining("row 0");
    }

    static float[][] random(int rows, int columns, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] m = new float[rows][columns];
        for (float[] row : m) {
            for (int i = 0; i < columns; i++) {
                row[i] = (float) (random.nextDouble() * 4 - 2);
            }
        }
        return m;
    }
}
