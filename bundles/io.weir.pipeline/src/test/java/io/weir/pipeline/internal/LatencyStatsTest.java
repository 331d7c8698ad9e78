// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import io.weir.pipeline.LatencySummary;

class LatencyStatsTest {

    @Test
    void bucketsCoverEveryValueWithinSixPercent() {
        for (long v : new long[] {0, 1, 15, 16, 17, 31, 32, 100, 999, 1_000_000, 123_456_789, Long.MAX_VALUE / 3}) {
            long lower = LatencyStats.lowerBound(LatencyStats.index(v));
            assertThat(lower).as("lower bound of %d", v).isLessThanOrEqualTo(v);
            assertThat((double) (v - lower)).as("error at %d", v).isLessThanOrEqualTo(v / 16.0);
        }
    }

    @Test
    void percentilesOfAKnownDistribution() {
        LatencyStats s = new LatencyStats();
        assertThat(s.summary()).isEqualTo(LatencySummary.EMPTY);
        for (int i = 1; i <= 1000; i++) {
            s.record(i * 1000L); // 1 µs .. 1 ms, uniform
        }
        LatencySummary l = s.summary();
        assertThat(l.count()).isEqualTo(1000);
        assertThat((double) l.p50Nanos()).isCloseTo(500_000, within(500_000 / 16.0));
        assertThat((double) l.p99Nanos()).isCloseTo(990_000, within(990_000 / 16.0));
        assertThat(l.maxNanos()).isEqualTo(1_000_000);
    }
}
