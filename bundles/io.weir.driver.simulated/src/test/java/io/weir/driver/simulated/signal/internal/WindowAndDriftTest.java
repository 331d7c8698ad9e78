// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.signal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WindowAndDriftTest {

    @Test
    void aSingleWindowIsHalfOpen() {
        Window w = new Window(1000, 500, 0);
        assertThat(w.contains(999)).isFalse();
        assertThat(w.contains(1000)).isTrue();
        assertThat(w.contains(1499)).isTrue();
        assertThat(w.contains(1500)).isFalse();
        assertThat(w.contains(100_000)).isFalse();
        assertThat(w.startOf(1234)).isEqualTo(1000);
    }

    @Test
    void aPeriodicWindowRepeats() {
        Window w = new Window(1000, 500, 2000);
        assertThat(w.contains(3000)).isTrue();
        assertThat(w.contains(3499)).isTrue();
        assertThat(w.contains(3500)).isFalse();
        assertThat(w.contains(4999)).isFalse();
        assertThat(w.contains(201_000)).isTrue();
        assertThat(w.contains(999)).isFalse();
        assertThat(w.startOf(3250)).isEqualTo(3000);
        assertThat(w.startOf(201_499)).isEqualTo(201_000);
    }

    @Test
    void noWindowContainsNothing() {
        assertThat(Window.NONE.contains(0)).isFalse();
        assertThat(Window.NONE.contains(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void aPeriodMustExceedTheDuration() {
        assertThatThrownBy(() -> new Window(0, 500, 500)).hasMessageContaining("must exceed");
        assertThatThrownBy(() -> new Window(0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStepDriftIsFullyThereFromItsStart() {
        Drift d = new Drift(10_000, 0, 2, 3, 1);
        assertThat(d.progress(9_999)).isZero();
        assertThat(d.progress(10_000)).isEqualTo(1);
        assertThat(d.progressIntegralMs(9_999)).isZero();
        assertThat(d.progressIntegralMs(10_250)).isEqualTo(250);
    }

    @Test
    void aRampGrowsLinearlyAndItsIntegralIsContinuous() {
        Drift d = new Drift(10_000, 1000, 3, 0, 2);
        assertThat(d.progress(10_250)).isEqualTo(0.25);
        assertThat(d.progress(10_500)).isEqualTo(0.5);
        assertThat(d.progress(11_000)).isEqualTo(1);
        assertThat(d.progressIntegralMs(10_500)).isEqualTo(125); // 500² / (2·1000)
        assertThat(d.progressIntegralMs(11_000)).isEqualTo(500);  // ramp/2, from both formulas
        assertThat(d.progressIntegralMs(10_999)).isCloseTo(500, within(1.0));
        assertThat(d.progressIntegralMs(12_000)).isEqualTo(1500); // 2000 - 500
    }

    @Test
    void noDriftNeverStarts() {
        assertThat(Drift.NONE.progress(Long.MAX_VALUE - 1)).isZero();
        assertThat(Drift.NONE.progressIntegralMs(Long.MAX_VALUE - 1)).isZero();
    }
}
