// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.roundrobin;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.weir.scheduler.ClusterView;
import io.weir.scheduler.LatencyEstimates;
import io.weir.scheduler.TargetKind;
import io.weir.scheduler.TargetView;
import io.weir.scheduler.Task;

/** Hand-built cluster views and tasks for the unit tests. */
record Views(long nowMs, List<TargetView> targets) implements ClusterView {

    static Views of(TargetView... targets) {
        return new Views(0, List.of(targets));
    }

    @Override
    public @Nullable TargetView target(String id) {
        return targets.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
    }

    static TargetView target(String id, TargetKind kind, double capacity, double computeFactor) {
        return new TargetView(id, kind, capacity, 0, 0, true, new LatencyEstimates(0, computeFactor, 0, 0, 0));
    }

    static TargetView unavailable(TargetView t) {
        return new TargetView(t.id(), t.kind(), t.capacity(), t.load(), t.reserved(), false, t.estimates());
    }

    static Task task(boolean offloadable) {
        return new Task("t1", "inference:m", 10, 1024, Task.PRIORITY_DEFAULT, Task.NO_DEADLINE, offloadable);
    }
}
