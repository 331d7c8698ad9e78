// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CadenceTest {

    @Test
    void keepsTheGridWhenSamplesAreFast() {
        Cadence c = new Cadence(100, 0);
        assertThat(c.advance(3)).isEqualTo(100);
        assertThat(c.advance(105)).isEqualTo(200);
        assertThat(c.advance(299)).as("a late but not overdue tick is not skipped").isEqualTo(300);
        assertThat(c.skipped()).isZero();
    }

    @Test
    void runsALateTickAtOnceWithinOnePeriod() {
        Cadence c = new Cadence(100, 0);
        assertThat(c.advance(150)).as("due at 100, now 150: run now").isEqualTo(100);
        assertThat(c.skipped()).isZero();
        assertThat(c.advance(160)).isEqualTo(200);
    }

    @Test
    void skipsTicksThatAnOverrunMissedInsteadOfPilingUp() {
        Cadence c = new Cadence(100, 0);
        long next = c.advance(2_003); // the sample at 0 took 2 s
        assertThat(next).as("the latest passed tick runs, late").isEqualTo(2_000);
        assertThat(c.skipped()).as("ticks 100 .. 1900").isEqualTo(19);
        assertThat(c.advance(2_010)).as("back on the grid").isEqualTo(2_100);
        assertThat(c.skipped()).isEqualTo(19);
    }

    @Test
    void rejectsNonPositivePeriods() {
        assertThatThrownBy(() -> new Cadence(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
