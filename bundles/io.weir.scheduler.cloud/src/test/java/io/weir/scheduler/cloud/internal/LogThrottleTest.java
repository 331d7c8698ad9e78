// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LogThrottleTest {

    @Test
    void letsOneLinePerIntervalThroughAndCountsTheRest() {
        AtomicLong nanos = new AtomicLong(-5); // any start value, negative included
        LogThrottle t = new LogThrottle(10, nanos::get);
        assertThat(t.admit()).isZero();
        nanos.addAndGet(9_999_999);
        assertThat(t.admit()).isEqualTo(-1);
        assertThat(t.admit()).isEqualTo(-1);
        nanos.addAndGet(1);
        assertThat(t.admit()).isEqualTo(2);
        assertThat(t.admit()).isEqualTo(-1);
    }
}
