// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.signal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class RandomWalkTest {

    private static final long NOW_STEPS = 1_785_000_000L; // seconds since the epoch, one step per second

    @Test
    void incrementsAreStandardNormal() {
        RandomWalk w = new RandomWalk(Rng.streamKey(1, 2));
        int n = 100_000;
        double sum = 0;
        double sumSq = 0;
        double previous = w.at(NOW_STEPS);
        for (int i = 1; i <= n; i++) {
            double v = w.at(NOW_STEPS + i);
            double d = v - previous;
            sum += d;
            sumSq += d * d;
            previous = v;
        }
        assertThat(sum / n).isCloseTo(0, within(0.01));
        assertThat(sumSq / n).isCloseTo(1, within(0.015));
    }

    @Test
    void incrementsOverKStepsHaveVarianceK() {
        RandomWalk w = new RandomWalk(Rng.streamKey(3, 2));
        int k = 100;
        int blocks = 4000;
        double sumSq = 0;
        for (int b = 0; b < blocks; b++) {
            double d = w.at(NOW_STEPS + (long) (b + 1) * k) - w.at(NOW_STEPS + (long) b * k);
            sumSq += d * d;
        }
        assertThat(sumSq / blocks / k).isCloseTo(1, within(0.07));
    }

    @Test
    void consecutiveIncrementsAreUncorrelated() {
        RandomWalk w = new RandomWalk(Rng.streamKey(4, 2));
        int n = 100_000;
        double cross = 0;
        double previousStep = w.at(1) - w.at(0);
        for (int i = 2; i <= n; i++) {
            double step = w.at(i) - w.at(i - 1);
            cross += step * previousStep;
            previousStep = step;
        }
        assertThat(cross / n).isCloseTo(0, within(0.015));
    }

    @Test
    void randomAccessGivesTheSameBitsAsSequentialAccess() {
        long key = Rng.streamKey(5, 2);
        RandomWalk sequential = new RandomWalk(key);
        double[] expected = new double[5000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = sequential.at(NOW_STEPS + i);
        }
        RandomWalk shuffled = new RandomWalk(key);
        Random order = new Random(1);
        for (int j = 0; j < 20_000; j++) {
            int i = order.nextInt(expected.length);
            assertThat(Double.doubleToRawLongBits(shuffled.at(NOW_STEPS + i)))
                    .isEqualTo(Double.doubleToRawLongBits(expected[i]));
        }
        // far jumps in between must not disturb later reads
        assertThat(new RandomWalk(key).at(-NOW_STEPS)).isEqualTo(shuffled.at(-NOW_STEPS));
        assertThat(shuffled.at(NOW_STEPS + 17)).isEqualTo(expected[17]);
    }

    @Test
    void concurrentReadersSeeTheSameValues() throws Exception {
        long key = Rng.streamKey(6, 2);
        double[] expected = new double[2000];
        RandomWalk reference = new RandomWalk(key);
        for (int i = 0; i < expected.length; i++) {
            expected[i] = reference.at(NOW_STEPS + i);
        }
        RandomWalk shared = new RandomWalk(key);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int seed = thread;
                results.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    int mismatches = 0;
                    for (int j = 0; j < 50_000; j++) {
                        int i = r.nextInt(expected.length);
                        if (shared.at(NOW_STEPS + i) != expected[i]) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void differentKeysGiveDifferentWalks() {
        RandomWalk a = new RandomWalk(Rng.streamKey(7, 2));
        RandomWalk b = new RandomWalk(Rng.streamKey(8, 2));
        int equal = 0;
        for (int i = 0; i < 1000; i++) {
            equal += a.at(NOW_STEPS + i) == b.at(NOW_STEPS + i) ? 1 : 0;
        }
        assertThat(equal).isZero();
    }

    @Test
    void stepsBeyondTheRangeAreClamped() {
        RandomWalk w = new RandomWalk(Rng.streamKey(9, 2));
        long last = (1L << (RandomWalk.DEPTH - 1)) - 1;
        assertThat(w.at(Long.MAX_VALUE)).isEqualTo(w.at(last));
        assertThat(w.at(Long.MIN_VALUE)).isEqualTo(w.at(-(1L << (RandomWalk.DEPTH - 1))));
        assertThat(w.at(Long.MIN_VALUE)).isZero(); // W(0) = 0 at the lower end of the range
    }
}
