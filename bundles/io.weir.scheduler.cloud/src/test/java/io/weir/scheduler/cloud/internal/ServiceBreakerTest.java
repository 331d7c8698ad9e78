// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.weir.scheduler.cloud.internal.ServiceBreaker.State;

class ServiceBreakerTest {

    private static final long MS = 1_000_000L;

    private final AtomicLong clock = new AtomicLong(-5_000 * MS); // System.nanoTime may be negative
    private final ServiceBreaker breaker = new ServiceBreaker(3, 1_000, 4_000, clock::get);

    private void at(long ms) {
        clock.set(-5_000 * MS + ms * MS);
    }

    @Test
    void opensAfterTheLimitOfUnansweredRequestsInARow() {
        assertThat(breaker.unanswered(clock.get())).isFalse();
        assertThat(breaker.unanswered(clock.get())).isFalse();
        breaker.answered(); // an answer in between: the count starts again
        assertThat(breaker.unanswered(clock.get())).isFalse();
        assertThat(breaker.unanswered(clock.get())).isFalse();
        assertThat(breaker.allows()).isTrue();
        assertThat(breaker.refusal()).isNull();
        assertThat(breaker.unanswered(clock.get())).isTrue();
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.allows()).isFalse();
        assertThat(breaker.admit()).isFalse();
        assertThat(breaker.refusal()).isEqualTo("the cloud service did not answer the last 3 request(s) in time; "
                + "offloading is paused, next try in 1.0 s");
        assertThat(breaker.timesOpened()).isEqualTo(1);
    }

    @Test
    void probesAfterThePauseAndDoublesItUpToTheLongestWhileNoAnswerComes() {
        at(0);
        for (int i = 0; i < 3; i++) {
            breaker.unanswered(clock.get());
        }
        at(999);
        assertThat(breaker.allows()).isFalse();
        at(1_000);
        assertThat(breaker.allows()).isTrue();
        assertThat(breaker.admit()).isTrue(); // the probe
        assertThat(breaker.state()).isEqualTo(State.PROBING);
        assertThat(breaker.allows()).isFalse();
        assertThat(breaker.admit()).isFalse();
        // a request sent before the probe times out now: it does not decide
        assertThat(breaker.unanswered(clock.get() - 500 * MS)).isFalse();
        assertThat(breaker.state()).isEqualTo(State.PROBING);
        // the probe times out: 2 s pause
        at(1_200);
        assertThat(breaker.unanswered(clock.get() - 200 * MS)).isTrue();
        at(3_199);
        assertThat(breaker.allows()).isFalse();
        at(3_200);
        assertThat(breaker.admit()).isTrue();
        at(3_300);
        breaker.unanswered(clock.get() - 100 * MS); // 4 s
        at(7_299);
        assertThat(breaker.allows()).isFalse();
        at(7_300);
        assertThat(breaker.admit()).isTrue();
        breaker.unanswered(clock.get()); // 8 s, but at most 4 s
        at(11_300);
        assertThat(breaker.allows()).isTrue();
        assertThat(breaker.timesOpened()).isEqualTo(4);
    }

    @Test
    void anAnswerClosesItAndResetsThePause() {
        for (int i = 0; i < 3; i++) {
            breaker.unanswered(clock.get());
        }
        at(1_000);
        assertThat(breaker.admit()).isTrue();
        breaker.answered();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.refusal()).isNull();
        assertThat(breaker.unansweredInARow()).isZero();
        // opened again later: the first pause again, not a doubled one
        for (int i = 0; i < 3; i++) {
            breaker.unanswered(clock.get());
        }
        at(2_000);
        assertThat(breaker.allows()).isTrue();
    }

    @Test
    void aProbeThatFailsWithoutReachingTheServiceIsTriedAgainAfterTheSamePause() {
        for (int i = 0; i < 3; i++) {
            breaker.unanswered(clock.get());
        }
        at(1_000);
        assertThat(breaker.admit()).isTrue();
        breaker.failedOtherwise(clock.get() - 1); // sent before the probe: ignored
        assertThat(breaker.state()).isEqualTo(State.PROBING);
        breaker.failedOtherwise(clock.get()); // the probe could not be published
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        at(1_999);
        assertThat(breaker.allows()).isFalse();
        at(2_000);
        assertThat(breaker.allows()).isTrue();
    }

    @Test
    void aLimitOf0NeverOpens() {
        ServiceBreaker never = new ServiceBreaker(0, 1_000, 1_000, clock::get);
        for (int i = 0; i < 100; i++) {
            assertThat(never.unanswered(clock.get())).isFalse();
        }
        assertThat(never.allows()).isTrue();
        assertThat(never.admit()).isTrue();
    }
}
