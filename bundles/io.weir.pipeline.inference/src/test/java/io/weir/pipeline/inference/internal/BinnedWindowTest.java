// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** PSI and KS over binned windows against hand-computed values. */
class BinnedWindowTest {

    /** Edges 0 and 1: bins (-inf, 0), [0, 1), [1, +inf) with fractions 0.25, 0.5, 0.25. */
    private static final BinnedReference REF = BinnedReference.of(new double[] {0, 1}, new double[] {0.25, 0.5, 0.25});
    private static final double EPS = BinnedWindow.EPSILON;

    private static BinnedWindow window(int capacity, double... values) {
        BinnedWindow w = new BinnedWindow(REF, capacity);
        for (double v : values) {
            w.add(v);
        }
        return w;
    }

    @Test
    void aValueOnAnEdgeBelongsToTheBinAboveIt() {
        assertThat(REF.bin(-0.001)).isEqualTo(0);
        assertThat(REF.bin(0)).isEqualTo(1);
        assertThat(REF.bin(0.999)).isEqualTo(1);
        assertThat(REF.bin(1)).isEqualTo(2);
        assertThat(REF.bin(1e9)).isEqualTo(2);
        assertThat(REF.bin(-1e9)).isEqualTo(0);
    }

    @Test
    void aWindowMatchingTheReferenceHasPsiAndKsZero() {
        BinnedWindow w = window(4, -1, 0.5, 0.5, 2);
        assertThat(w.psi()).isEqualTo(0.0);
        assertThat(w.ks()).isEqualTo(0.0);
    }

    @Test
    void psiIsTheSumOfBinTermsAndKsTheLargestCdfGapAtTheEdges() {
        // window fractions 0.5, 0.25, 0.25 against 0.25, 0.5, 0.25:
        // PSI = (0.5 - 0.25) ln 2 + (0.25 - 0.5) ln 0.5 + 0 = 0.5 ln 2
        BinnedWindow w = window(4, -1, -1, 0.5, 2);
        assertThat(w.psi()).isCloseTo(0.5 * Math.log(2), within(1e-12)).isCloseTo(0.346574, within(1e-6));
        // CDF at 0: 0.5 vs 0.25; at 1: 0.75 vs 0.75
        assertThat(w.ks()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void emptyBinsAreSmoothedWithEpsilon() {
        BinnedWindow w = window(4, -1, -1, -1, -1);
        // p = 1, eps, eps
        double expected = (1 - 0.25) * Math.log(1 / 0.25) + (EPS - 0.5) * Math.log(EPS / 0.5)
                + (EPS - 0.25) * Math.log(EPS / 0.25);
        assertThat(w.psi()).isCloseTo(expected, within(1e-12)).isCloseTo(7.252695, within(1e-6));
        assertThat(w.ks()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void theOldestValueIsEvictedWhenTheWindowIsFull() {
        BinnedWindow w = window(2, -1, 0.5, 2);
        assertThat(w.size()).isEqualTo(2);
        assertThat(new int[] {w.count(0), w.count(1), w.count(2)}).containsExactly(0, 1, 1);
        for (int i = 0; i < 1000; i++) {
            w.add(i % 3 - 0.5);
        }
        assertThat(w.count(0) + w.count(1) + w.count(2)).isEqualTo(2);
    }

    @Test
    void anEmptyWindowHasNoStatistic() {
        assertThat(window(3).psi()).isNaN();
        assertThat(window(3).ks()).isNaN();
    }

    @Test
    void equalEdgesLeaveEmptyBinsAndAValueOnThemGoesAboveTheLast() {
        // a training sample whose deciles repeat a value: edges 0, 1, 1, 2
        BinnedReference r = BinnedReference.of(new double[] {0, 1, 1, 2}, new double[] {0.2, 0.3, 0, 0.3, 0.2});
        assertThat(r.bin(0.5)).isEqualTo(1);
        assertThat(r.bin(1)).isEqualTo(3);
        assertThat(r.bin(1.5)).isEqualTo(3);
        BinnedWindow w = new BinnedWindow(r, 10);
        for (double v : new double[] {-1, -1, 0.5, 0.5, 0.5, 1, 1, 1, 3, 3}) {
            w.add(v);
        }
        assertThat(w.psi()).isCloseTo(0.0, within(1e-12));
        assertThat(w.ks()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void referenceFractionsAreNormalisedAndTheCdfIsCumulative() {
        BinnedReference r = BinnedReference.of(new double[] {0, 1}, new double[] {1, 2, 1});
        assertThat(r.fraction(1)).isEqualTo(0.5);
        assertThat(r.cumulative(0)).isEqualTo(0.25);
        assertThat(r.cumulative(1)).isEqualTo(0.75);
    }

    @Test
    void referencesParseCommaListsAndJsonArrays() {
        BinnedReference r = BinnedReference.parse("[0, 1.5]", " 0.2, 0.3 ,0.5");
        assertThat(r).isNotNull();
        assertThat(r.bins()).isEqualTo(3);
        assertThat(r.bin(1.5)).isEqualTo(2);
        assertThat(BinnedReference.parse(null, "1")).isNull();
        assertThat(BinnedReference.parse("1", " ")).isNull();
    }

    @Test
    void malformedReferencesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> BinnedReference.of(new double[] {1, 0}, new double[] {1, 1, 1}))
                .hasMessageContaining("ascending");
        assertThatThrownBy(() -> BinnedReference.of(new double[] {0}, new double[] {1, 1, 1}))
                .hasMessageContaining("1 edges need 2 fractions, got 3");
        assertThatThrownBy(() -> BinnedReference.of(new double[] {0}, new double[] {-1, 1}))
                .hasMessageContaining(">= 0");
        assertThatThrownBy(() -> BinnedReference.of(new double[] {0}, new double[] {0, 0}))
                .hasMessageContaining("add up to 0");
        assertThatThrownBy(() -> BinnedReference.parse("0,x", "1,1,1")).hasMessageContaining("'x' is not a number");
    }

    @Test
    void theErrorWindowKeepsARunningRate() {
        ErrorWindow e = new ErrorWindow(4);
        assertThat(e.rate()).isNaN();
        e.add(true);
        e.add(false);
        assertThat(e.rate()).isEqualTo(0.5);
        e.add(false);
        e.add(false);
        e.add(false); // evicts the error
        assertThat(e.size()).isEqualTo(4);
        assertThat(e.rate()).isEqualTo(0.0);
    }
}
