// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WindowFeaturesTest {

    @Test
    void namesAreTheStageOutputNamesInOrder() {
        assertThat(WindowFeatures.names("vibration")).containsExactly("vibration_mean", "vibration_min",
                "vibration_max", "vibration_std", "vibration_rms", "vibration_p2p");
    }

    @Test
    void featuresOfASmallWindowEqualHandComputedValues() {
        // samples 2, 4, 4, 4, 5, 5, 7, 9: sum 40, mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, population
        // variance 4, std 2; sum of squares 4+16+16+16+25+25+49+81 = 232, rms sqrt(29); p2p 9 - 2 = 7
        double[] f = WindowFeatures.compute(new double[] {2, 4, 4, 4, 5, 5, 7, 9});

        assertThat(f).containsExactly(new double[] {5.0, 2.0, 9.0, 2.0, Math.sqrt(29), 7.0}, within(1e-15));
    }

    @Test
    void negativeValuesAndOneSample() {
        assertThat(WindowFeatures.compute(new double[] {-3, 1})).containsExactly(new double[] {-1, -3, 1, 2,
                Math.sqrt(5), 4}, within(1e-15));
        assertThat(WindowFeatures.compute(new double[] {-2.5})).containsExactly(-2.5, -2.5, -2.5, 0.0, 2.5, 0.0);
    }

    @Test
    void missingAndNonFiniteSamplesAreNoSamples() {
        double nan = Double.NaN;
        assertThat(WindowFeatures.compute(new double[] {nan, 2, Double.POSITIVE_INFINITY, 4, 4, 4, 5, 5, 7, 9}))
                .containsExactly(WindowFeatures.compute(new double[] {2, 4, 4, 4, 5, 5, 7, 9}));
    }

    @Test
    void aWindowWithoutSamplesHasNaNFeatures() {
        assertThat(WindowFeatures.compute(new double[] {Double.NaN, Double.NaN})).containsOnly(Double.NaN)
                .hasSize(6);
        assertThat(WindowFeatures.compute(new double[0])).containsOnly(Double.NaN).hasSize(6);
    }

    @Test
    void theStandardDeviationStaysExactForLargeOffsets() {
        double[] f = WindowFeatures.compute(new double[] {1e9 + 1, 1e9 - 1});
        assertThat(f[3]).isEqualTo(1.0);
    }
}
