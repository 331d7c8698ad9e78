// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import io.weir.scheduler.ClusterView;
import io.weir.scheduler.LatencyEstimates;
import io.weir.scheduler.Placement;
import io.weir.scheduler.SchedulingPolicy;
import io.weir.scheduler.TargetView;
import io.weir.scheduler.Task;

/** Tiny policies for the harness's own tests: not the policies under test (those are the real bundles' classes). */
final class StandIns {

    private StandIns() {
    }

    /** Always the local pool. */
    static SchedulingPolicy local() {
        return named("test-local", (t, v) -> Placement.to(Simulation.LOCAL, "local"));
    }

    /** The cloud when the task may go there and the cloud is available, else local. */
    static SchedulingPolicy cloudFirst() {
        return named("test-cloud-first", (t, v) -> t.offloadable() && v.target(Simulation.CLOUD).available()
                ? Placement.to(Simulation.CLOUD, "cloud") : Placement.to(Simulation.LOCAL, "local"));
    }

    /** The least expected completion under the latency model. */
    static SchedulingPolicy leastExpected() {
        return named("test-least-expected", (t, v) -> {
            TargetView best = null;
            double bestT = Double.POSITIVE_INFINITY;
            for (TargetView target : v.targets()) {
                if (!target.available() || (target.kind().isRemote() && !t.offloadable())) {
                    continue;
                }
                LatencyEstimates e = target.estimates();
                double x = e.uplinkMs() + t.inputBytes() / 1024.0 * e.uplinkMsPerKiB() + e.queueMs()
                        + t.costMs() * e.computeFactor() + e.downlinkMs();
                if (x < bestT) {
                    bestT = x;
                    best = target;
                }
            }
            return best == null ? Placement.defer("none") : Placement.to(best.id(), "least expected");
        });
    }

    interface Decide {
        Placement place(Task t, ClusterView v);
    }

    static SchedulingPolicy named(String name, Decide d) {
        return new SchedulingPolicy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Placement place(Task task, ClusterView view) {
                return d.place(task, view);
            }
        };
    }
}
