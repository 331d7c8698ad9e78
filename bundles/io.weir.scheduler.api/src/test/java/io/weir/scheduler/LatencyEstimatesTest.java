// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencyEstimatesTest {

    @Test
    void uplinkSlotsAreTheTasksInFlightThatKeepTheUplinkBusy() {
        // 4 Mbit/s = 2 ms per KiB; 64 KiB inputs take 128 ms on the link; 300 ms in flight: 2 tasks at a time
        LatencyEstimates slow = new LatencyEstimates(0, 0.5, 20, 2.0, 20);
        assertThat(slow.uplinkSlots(16, 300, 64)).isEqualTo(2);
        assertThat(slow.uplinkSlots(16, 383.9, 64)).isEqualTo(2);
        assertThat(slow.uplinkSlots(16, 384, 64)).isEqualTo(3);
        // never below one: a task longer on the link than in flight still needs the link
        assertThat(slow.uplinkSlots(16, 100, 64)).isEqualTo(1);
        // never above the target's own workers
        assertThat(slow.uplinkSlots(16, 10_000, 1)).isEqualTo(16);
        // a fast link: 0.001 ms per KiB, 1 KiB inputs, 10 ms in flight: the workers are the limit
        assertThat(new LatencyEstimates(0, 1, 3, 0.001, 3).uplinkSlots(8, 10, 1)).isEqualTo(8);
    }

    @Test
    void withNothingMeasuredTheCapacityStands() {
        LatencyEstimates e = new LatencyEstimates(0, 1, 20, 2.0, 20);
        assertThat(e.uplinkSlots(16, 0, 64)).isEqualTo(16);
        assertThat(e.uplinkSlots(16, 300, 0)).isEqualTo(16);
        assertThat(e.uplinkSlots(16, Double.NaN, 64)).isEqualTo(16);
        assertThat(e.uplinkSlots(16, Double.POSITIVE_INFINITY, 64)).isEqualTo(16);
        assertThat(LatencyEstimates.LOCAL_DEFAULT.uplinkSlots(4, 300, 64)).isEqualTo(4); // no cost per KiB
        assertThatThrownBy(() -> e.uplinkSlots(0, 300, 64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be at least 1, was 0");
    }
}
