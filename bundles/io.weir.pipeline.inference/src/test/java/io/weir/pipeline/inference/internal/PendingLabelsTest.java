// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PendingLabelsTest {

    @Test
    void aPredictionIsTakenOnceByItsTimestamp() {
        PendingLabels p = new PendingLabels(1_000, 10);
        p.put(100, true);
        p.put(200, false);
        p.put(100, false); // a second record with the same timestamp: the first prediction stays
        assertThat(p.size()).isEqualTo(2);
        assertThat(p.take(100, 300)).isTrue();
        assertThat(p.take(100, 300)).isNull();
        assertThat(p.take(200, 300)).isFalse();
        assertThat(p.take(150, 300)).isNull();
        assertThat(p.size()).isZero();
        assertThat(p.expired()).isZero();
    }

    @Test
    void theOldestGoWhenTooOldOrTooMany() {
        PendingLabels p = new PendingLabels(100, 3);
        p.put(0, true);
        p.put(10, true);
        p.put(20, true);
        p.put(30, true); // 4 > 3: 0 goes
        assertThat(p.expired()).isEqualTo(1);
        assertThat(p.take(0, 30)).isNull();
        // at 111, 10 is 101 ms old (gone) and 20 is 91 ms old (stays)
        assertThat(p.take(20, 111)).isTrue();
        assertThat(p.expired()).isEqualTo(2);
        assertThat(p.take(10, 111)).isNull();
        p.clear();
        assertThat(p.expired()).isEqualTo(3); // 30
        assertThat(p.size()).isZero();
    }
}
