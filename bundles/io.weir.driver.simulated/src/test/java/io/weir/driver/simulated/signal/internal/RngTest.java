// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.signal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void inverseNormalMatchesTabulatedQuantiles() {
        // quantiles of the standard normal distribution (tables / erf inverse)
        assertThat(Rng.inverseNormal(0.5)).isCloseTo(0.0, within(1e-12));
        assertThat(Rng.inverseNormal(0.975)).isCloseTo(1.959963984540054, within(1e-8));
        assertThat(Rng.inverseNormal(0.025)).isCloseTo(-1.959963984540054, within(1e-8));
        assertThat(Rng.inverseNormal(0.8413447460685429)).isCloseTo(1.0, within(1e-8));
        assertThat(Rng.inverseNormal(0.001)).isCloseTo(-3.090232306167813, within(1e-8));
        assertThat(Rng.inverseNormal(0.999)).isCloseTo(3.090232306167813, within(1e-8));
        assertThat(Rng.inverseNormal(1e-9)).isCloseTo(-5.997807015007686, within(1e-7));
    }

    @Test
    void inverseNormalIsAntisymmetricAndIncreasing() {
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 1; i < 1000; i++) {
            double p = i / 1000.0;
            double x = Rng.inverseNormal(p);
            assertThat(x).isGreaterThan(previous);
            assertThat(Rng.inverseNormal(1 - p)).isCloseTo(-x, within(1e-9));
            previous = x;
        }
    }

    @Test
    void inverseNormalRejectsProbabilitiesOutsideTheOpenInterval() {
        assertThatThrownBy(() -> Rng.inverseNormal(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rng.inverseNormal(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rng.inverseNormal(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mixIsTheSplitMix64Finaliser() {
        // SplitMix64 seeded with 0: the first output is mix(0x9E3779B97F4A7C15) = 0xE220A8397B1DCDAF
        assertThat(Rng.hash(0, 1)).isEqualTo(0xE220A8397B1DCDAFL);
        assertThat(Rng.mix(0)).isZero();
    }

    @Test
    void uniformNumbersAreInTheOpenIntervalWithTheRightMoments() {
        long key = Rng.streamKey(42, 7);
        double sum = 0;
        double sumSq = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double u = Rng.uniform(key, i);
            assertThat(u).isGreaterThan(0).isLessThan(1);
            sum += u;
            sumSq += u * u;
        }
        double mean = sum / n;
        assertThat(mean).isCloseTo(0.5, within(0.005));
        assertThat(sumSq / n - mean * mean).isCloseTo(1 / 12.0, within(0.002));
    }

    @Test
    void gaussianNumbersHaveMeanZeroAndUnitVariance() {
        long key = Rng.streamKey(1, 1);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        int beyondTwoSigma = 0;
        for (int i = 0; i < n; i++) {
            double z = Rng.gaussian(key, i);
            sum += z;
            sumSq += z * z;
            if (Math.abs(z) > 1.959963984540054) {
                beyondTwoSigma++;
            }
        }
        assertThat(sum / n).isCloseTo(0, within(0.01));
        assertThat(sumSq / n).isCloseTo(1, within(0.015));
        assertThat(beyondTwoSigma / (double) n).isCloseTo(0.05, within(0.003));
    }

    @Test
    void numbersArePureFunctionsOfKeyAndIndex() {
        long key = Rng.streamKey(99, 3);
        assertThat(Rng.gaussian(key, 123_456_789L)).isEqualTo(Rng.gaussian(Rng.streamKey(99, 3), 123_456_789L));
        assertThat(Rng.gaussian(key, 1)).isNotEqualTo(Rng.gaussian(key, 2));
        assertThat(Rng.streamKey(99, 3)).isNotEqualTo(Rng.streamKey(99, 4)).isNotEqualTo(Rng.streamKey(98, 3));
    }

    @Test
    void derivedSeedsDependOnDriverSeedAndChannelName() {
        Set<Long> seeds = new HashSet<>();
        for (long driverSeed = 0; driverSeed < 10; driverSeed++) {
            for (String name : new String[] {"a", "b", "rms", "temperature", "temperature2"}) {
                seeds.add(Rng.deriveSeed(driverSeed, name));
            }
        }
        assertThat(seeds).hasSize(50);
        assertThat(Rng.deriveSeed(7, "rms")).isEqualTo(Rng.deriveSeed(7, "rms"));
    }

    @Test
    void fnv1aMatchesTheReferenceVectors() {
        assertThat(Rng.fnv1a64("")).isEqualTo(0xCBF29CE484222325L);
        assertThat(Rng.fnv1a64("a")).isEqualTo(0xAF63DC4C8601EC8CL);
    }
}
