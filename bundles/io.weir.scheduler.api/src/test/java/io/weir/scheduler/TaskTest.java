// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskTest {

    private static Task task(double cost, long bytes, int priority) {
        return new Task("t1", "inference:m", cost, bytes, priority, Task.NO_DEADLINE, true);
    }

    @Test
    void rejectsNegativeOrNonFiniteCostAndNegativeSize() {
        assertThatThrownBy(() -> task(-1, 0, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t1").hasMessageContaining("-1");
        assertThatThrownBy(() -> task(Double.NaN, 0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> task(Double.POSITIVE_INFINITY, 0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> task(1, -1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(task(0, 0, 5).costMs()).isZero();
    }

    @Test
    void priorityIsBounded() {
        assertThatThrownBy(() -> task(1, 0, Task.PRIORITY_HIGHEST - 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> task(1, 0, Task.PRIORITY_LOWEST + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(task(1, 0, Task.PRIORITY_HIGHEST).priority()).isZero();
        assertThat(task(1, 0, Task.PRIORITY_LOWEST).priority()).isEqualTo(9);
    }

    @Test
    void rejectsEmptyIdsAndKnowsItsDeadline() {
        assertThatThrownBy(() -> new Task("", "k", 1, 0, 5, 10, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Task("t", "", 1, 0, 5, 10, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Task("t", "k", 1, 0, 5, 10, false).hasDeadline()).isTrue();
        assertThat(task(1, 0, 5).hasDeadline()).isFalse();
    }

    @Test
    void onlyCloudAndNeighbourAreRemote() {
        assertThat(TargetKind.values()).filteredOn(TargetKind::isRemote)
                .containsExactlyInAnyOrder(TargetKind.CLOUD, TargetKind.NEIGHBOUR);
    }
}
