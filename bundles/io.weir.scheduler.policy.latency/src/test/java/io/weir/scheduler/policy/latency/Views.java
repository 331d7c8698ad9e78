// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.latency;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.weir.scheduler.ClusterView;
import io.weir.scheduler.LatencyEstimates;
import io.weir.scheduler.TargetKind;
import io.weir.scheduler.TargetView;
import io.weir.scheduler.Task;

/** Hand-built cluster views and tasks for the unit tests. */
record Views(long nowMs, List<TargetView> targets) implements ClusterView {

    static Views at(long nowMs, TargetView... targets) {
        return new Views(nowMs, List.of(targets));
    }

    static Views of(TargetView... targets) {
        return at(0, targets);
    }

    @Override
    public @Nullable TargetView target(String id) {
        return targets.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
    }

    static TargetView local(String id, double queueMs, double computeFactor) {
        return new TargetView(id, TargetKind.LOCAL, 4, 0, 0, true, new LatencyEstimates(queueMs, computeFactor, 0, 0,
                0));
    }

    static TargetView cloud(double uplinkMs, double uplinkMsPerKiB, double queueMs, double computeFactor,
            double downlinkMs) {
        return new TargetView("cloud", TargetKind.CLOUD, 16, 0, 0, true, new LatencyEstimates(queueMs, computeFactor,
                uplinkMs, uplinkMsPerKiB, downlinkMs));
    }

    static TargetView unavailable(TargetView t) {
        return new TargetView(t.id(), t.kind(), t.capacity(), t.load(), t.reserved(), false, t.estimates());
    }

    static Task task(double costMs, long inputBytes, long deadlineMs, boolean offloadable) {
        return new Task("t1", "inference:m", costMs, inputBytes, Task.PRIORITY_DEFAULT, deadlineMs, offloadable);
    }
}
