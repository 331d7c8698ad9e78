// SPDX-License-Identifier: Apache-2.0
package io.weir.console.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final LoginThrottle throttle = new LoginThrottle(3, 10_000, now::get);

    @Test
    void locksAfterMaxFailuresAndUnlocksAfterTheLockout() {
        throttle.failure("a");
        throttle.failure("a");
        assertThat(throttle.lockedFor("a")).isZero();
        throttle.failure("a");
        assertThat(throttle.lockedFor("a")).isEqualTo(10_000);
        assertThat(throttle.lockedFor("b")).as("other addresses are not affected").isZero();
        now.addAndGet(9_999);
        assertThat(throttle.lockedFor("a")).isEqualTo(1);
        now.addAndGet(1);
        assertThat(throttle.lockedFor("a")).isZero();
        throttle.failure("a");
        assertThat(throttle.lockedFor("a")).as("counter restarts after a lockout").isZero();
    }

    @Test
    void successResetsTheCount() {
        throttle.failure("a");
        throttle.failure("a");
        throttle.success("a");
        throttle.failure("a");
        throttle.failure("a");
        assertThat(throttle.lockedFor("a")).isZero();
    }

    @Test
    void tableIsBounded() {
        for (int i = 0; i < LoginThrottle.MAX_ENTRIES + 50; i++) {
            throttle.failure("10.0." + i);
        }
        throttle.failure("x");
        throttle.failure("x");
        throttle.failure("x");
        assertThat(throttle.lockedFor("x")).isPositive();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new LoginThrottle(0, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
