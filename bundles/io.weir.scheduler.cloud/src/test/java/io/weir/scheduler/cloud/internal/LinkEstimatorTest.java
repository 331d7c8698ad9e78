// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import io.weir.scheduler.LatencyEstimates;

/** The estimator's numbers, computed by hand in the comments. */
class LinkEstimatorTest {

    private static final double EPS = 1e-9;

    private static void assertEstimates(LinkEstimator e, double up, double perKiB, double down) {
        LatencyEstimates l = e.estimates();
        assertThat(l.uplinkMs()).as("uplinkMs").isCloseTo(up, within(EPS));
        assertThat(l.uplinkMsPerKiB()).as("uplinkMsPerKiB").isCloseTo(perKiB, within(EPS));
        assertThat(l.downlinkMs()).as("downlinkMs").isCloseTo(down, within(EPS));
        assertThat(l.queueMs()).isZero();
        assertThat(l.computeFactor()).isEqualTo(1);
    }

    @Test
    void reportsThePriorsUntilTheFirstSample() {
        LinkEstimator e = new LinkEstimator(0.2, 40, 1.5, 25);
        assertEstimates(e, 40, 1.5, 25);
        assertThat(e.samples()).isZero();
    }

    @Test
    void fitsTheLineThroughWeightedSamples() {
        // priors 30 / 2 / 10: the fixed part is split 30:10 = 3/4 up, 1/4 down
        LinkEstimator e = new LinkEstimator(0.5, 30, 2, 10);

        // (1 KiB, 60 ms): mS 1, mY 60, mSS 1, mSY 60; var 0 -> k stays 2; F = 60 - 2 = 58
        e.observe(60, 1024);
        assertEstimates(e, 58 * 0.75, 2, 58 * 0.25);

        // (5 KiB, 100 ms): mS 3, mY 80, mSS 13, mSY 280; var 13 - 9 = 4, cov 280 - 240 = 40 -> k 10; F = 80 - 30 = 50
        e.observe(100, 5 * 1024);
        assertEstimates(e, 37.5, 10, 12.5);

        // (1 KiB, 50 ms): mS 2, mY 65, mSS 7, mSY 165; var 3, cov 165 - 130 = 35 -> k 35/3; F = 65 - 70/3 = 125/3
        e.observe(50, 1024);
        assertEstimates(e, 125.0 / 3 * 0.75, 35.0 / 3, 125.0 / 3 * 0.25);
        assertThat(e.samples()).isEqualTo(3);
    }

    @Test
    void sizesThatDoNotVaryKeepThePriorSlope() {
        LinkEstimator e = new LinkEstimator(0.5, 20, 4, 20);
        // 2 KiB each time: var 0; F = mY - 4 * 2
        e.observe(48, 2048);  // mY 48 -> F 40
        e.observe(58, 2048);  // mY 53 -> F 45
        assertEstimates(e, 22.5, 4, 22.5);
    }

    @Test
    void smallSizeSpreadsKeepTheLastSlope() {
        LinkEstimator e = new LinkEstimator(1.0, 10, 3, 10);
        // alpha 1: each sample replaces the moments, so the variance is always 0 and the slope never moves
        e.observe(30, 0);
        e.observe(130, 100 * 1024);
        assertEstimates(e, 0, 3, 0); // F = max(0, 130 - 3 * 100) = 0
    }

    @Test
    void aFallingLineIsClampedToNoPerKiBCost() {
        LinkEstimator e = new LinkEstimator(0.5, 10, 2, 10);
        e.observe(100, 0);
        e.observe(20, 4 * 1024); // mS 2, mY 60, mSS 8, mSY 40: var 4, cov -80 -> k = 0; F = 60
        assertEstimates(e, 30, 0, 30);
    }

    @Test
    void withoutPriorLatenciesTheFixedPartIsSplitInHalves() {
        LinkEstimator e = new LinkEstimator(0.2, 0, 0, 0);
        e.observe(80, 0);
        assertEstimates(e, 40, 0, 40);
    }

    @Test
    void invalidSamplesAreIgnored() {
        LinkEstimator e = new LinkEstimator(0.2, 40, 1, 40);
        e.observe(Double.NaN, 10);
        e.observe(-1, 10);
        e.observe(Double.POSITIVE_INFINITY, 10);
        e.observe(5, -1);
        assertEstimates(e, 40, 1, 40);
        assertThat(e.samples()).isZero();
    }
}
