// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheCapAndResetsOnSuccess() {
        Backoff b = new Backoff(100, 1000);
        assertThat(b.mayAttempt(0)).isTrue();
        assertThat(b.failed(0)).isEqualTo(100);
        assertThat(b.failed(100)).isEqualTo(200);
        assertThat(b.failed(300)).isEqualTo(400);
        assertThat(b.failed(700)).isEqualTo(800);
        assertThat(b.failed(1500)).isEqualTo(1000);
        assertThat(b.failed(2500)).isEqualTo(1000);
        assertThat(b.failures()).isEqualTo(6);
        b.succeeded();
        assertThat(b.failures()).isZero();
        assertThat(b.mayAttempt(2501)).isTrue();
        assertThat(b.failed(5000)).isEqualTo(100);
    }

    @Test
    void blocksAttemptsUntilTheWaitIsOver() {
        Backoff b = new Backoff(500, 30_000);
        b.failed(10_000);
        assertThat(b.mayAttempt(10_000)).isFalse();
        assertThat(b.mayAttempt(10_499)).isFalse();
        assertThat(b.remainingMs(10_200)).isEqualTo(300);
        assertThat(b.mayAttempt(10_500)).isTrue();
        assertThat(b.remainingMs(10_500)).isZero();
    }

    @Test
    void rejectsBadBounds() {
        assertThatThrownBy(() -> new Backoff(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(100, 99)).isInstanceOf(IllegalArgumentException.class);
    }
}
