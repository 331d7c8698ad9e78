// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.reservation;

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

    static Views at(long nowMs, TargetView... targets) {
        return new Views(nowMs, List.of(targets));
    }

    @Override
    public @Nullable TargetView target(String id) {
        return targets.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
    }

    static TargetView target(String id, TargetKind kind, double capacity, double load) {
        return new TargetView(id, kind, capacity, load, 0, true, LatencyEstimates.LOCAL_DEFAULT);
    }

    static TargetView local(double capacity, double load) {
        return target("local", TargetKind.LOCAL, capacity, load);
    }

    static TargetView withReserved(TargetView t, double reserved) {
        return new TargetView(t.id(), t.kind(), t.capacity(), t.load(), reserved, t.available(), t.estimates());
    }

    static TargetView unavailable(TargetView t) {
        return new TargetView(t.id(), t.kind(), t.capacity(), t.load(), t.reserved(), false, t.estimates());
    }

    static Task task(int priority, boolean offloadable) {
        return new Task("t1", "inference:m", 10, 1024, priority, Task.NO_DEADLINE, offloadable);
    }
}
