// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.signal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class TrigTest {

    @Test
    void exactValuesAtSpecialAngles() {
        assertThat(Trig.sin(0)).isEqualTo(0);
        assertThat(Trig.cos(0)).isEqualTo(1);
        assertThat(Trig.sin(Math.PI / 2)).isEqualTo(1);
        assertThat(Trig.sin(Math.PI / 6)).isCloseTo(0.5, within(1e-16));
        assertThat(Trig.cos(Math.PI / 3)).isCloseTo(0.5, within(2e-16));
        assertThat(Trig.sin(Math.PI)).isCloseTo(0, within(1e-15));
        assertThat(Trig.cos(Math.PI)).isEqualTo(-1);
        assertThat(Trig.sin(-Math.PI / 2)).isEqualTo(-1);
    }

    @Test
    void agreesWithStrictMathToAFewUlps() {
        Random r = new Random(1);
        double worst = 0;
        for (int i = 0; i < 1_000_000; i++) {
            double x = (r.nextDouble() - 0.5) * 40; // the range signals use: a period plus phases
            worst = Math.max(worst, Math.abs(Trig.sin(x) - StrictMath.sin(x)));
            worst = Math.max(worst, Math.abs(Trig.cos(x) - StrictMath.cos(x)));
        }
        assertThat(worst).isLessThan(1e-15);
        for (double x = -1e5; x < 1e5; x += 12.345) {
            assertThat(Trig.sin(x)).isCloseTo(StrictMath.sin(x), within(1e-12));
        }
    }

    @Test
    void sineIsOddAndCosineEven() {
        for (double x = 0; x < 10; x += 0.01) {
            assertThat(Trig.sin(-x)).isEqualTo(-Trig.sin(x));
            assertThat(Trig.cos(-x)).isCloseTo(Trig.cos(x), within(1e-16));
        }
    }
}
