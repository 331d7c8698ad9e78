// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EwmaTest {

    private static final long S = 1_000_000_000L;

    @Test
    void resultsMoveTheAverageFromThePriorByAlpha() {
        Ewma e = new Ewma(0.5, 1.0, 10 * S);
        assertThat(e.value(0)).isEqualTo(1.0);
        e.add(3, S); // the first result replaces the prior
        assertThat(e.value(S)).isEqualTo(3.0);
        e.add(5, 2 * S);
        assertThat(e.value(2 * S)).isEqualTo(4.0);
        // only results: nothing to fade, whatever the time
        assertThat(e.value(1_000 * S)).isEqualTo(4.0);
        assertThat(e.baseline()).isEqualTo(4.0);
    }

    @Test
    void aPenaltyFadesToTheBaselineWithTheHalfLife() {
        Ewma e = new Ewma(0.5, 1.0, 10 * S);
        e.add(2, 0);
        e.penalize(10, 0); // 2 + 0.5 x (10 - 2) = 6
        assertThat(e.value(0)).isEqualTo(6.0);
        assertThat(e.baseline()).isEqualTo(2.0);
        assertThat(e.value(10 * S)).isCloseTo(4.0, within(1e-12)); // 2 + 4 / 2
        assertThat(e.value(20 * S)).isCloseTo(3.0, within(1e-12)); // 2 + 4 / 4
        assertThat(e.value(5 * S)).isCloseTo(2 + 4 / Math.sqrt(2), within(1e-12));
        // the next result starts from the faded value: 3 + 0.5 x (2 - 3) = 2.5; the baseline 2 + 0.5 x 0 = 2
        e.add(2, 20 * S);
        assertThat(e.value(20 * S)).isCloseTo(2.5, within(1e-12));
        assertThat(e.baseline()).isEqualTo(2.0);
        assertThat(e.value(30 * S)).isCloseTo(2.25, within(1e-12));
    }

    @Test
    void aPenaltyBeforeAnyResultFadesToThePrior() {
        Ewma e = new Ewma(0.2, 1.0, 30 * S);
        e.penalize(400, 7 * S); // unseeded: the first sample replaces the prior
        assertThat(e.value(7 * S)).isEqualTo(400.0);
        assertThat(e.value(37 * S)).isCloseTo(1 + 399 / 2.0, within(1e-9));
        assertThat(e.baseline()).isEqualTo(1.0);
    }

    @Test
    void aPenaltyNeverLowersTheAverage() {
        Ewma e = new Ewma(0.5, 1.0, 10 * S);
        e.add(4, 0);
        e.penalize(0.001, S); // a refusal at once: no time lost, nothing learnt
        assertThat(e.value(S)).isEqualTo(4.0);
        e.penalize(8, S);
        assertThat(e.value(S)).isEqualTo(6.0);
        e.penalize(5, 11 * S); // 4 + 2 / 2 = 5 by then: not above, ignored
        assertThat(e.value(11 * S)).isCloseTo(5.0, within(1e-12));
    }

    @Test
    void withoutAHalfLifePenaltiesStay() {
        Ewma e = new Ewma(0.5, 1.0);
        e.add(2);
        e.penalize(10, 0);
        assertThat(e.value(1_000 * S)).isEqualTo(6.0);
        assertThat(e.value()).isEqualTo(6.0);
    }

    @Test
    void badSamplesAreIgnoredAndBadSettingsRefused() {
        Ewma e = new Ewma(0.5, 1.0, S);
        e.add(-1, 0);
        e.add(Double.NaN, 0);
        e.penalize(Double.POSITIVE_INFINITY, 0);
        assertThat(e.value(0)).isEqualTo(1.0);
        assertThatThrownBy(() -> new Ewma(0, 1)).hasMessageContaining("alpha must be in (0, 1]");
        assertThatThrownBy(() -> new Ewma(0.5, 1, -1)).hasMessageContaining("half-life must not be negative");
    }
}
