// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import java.util.List;
import java.util.function.Supplier;

import io.weir.scheduler.SchedulingPolicy;
import io.weir.scheduler.policy.latency.LatencyAwarePolicy;
import io.weir.scheduler.policy.leastload.LeastLoadPolicy;
import io.weir.scheduler.policy.reservation.DynamicReservationPolicy;
import io.weir.scheduler.policy.roundrobin.WeightedRoundRobinPolicy;

/** The policies under test: the policy bundles' own classes with their default settings, a fresh one per run. */
final class Policies {

    private Policies() {
    }

    static List<Supplier<SchedulingPolicy>> all() {
        return List.of(WeightedRoundRobinPolicy::new, LeastLoadPolicy::new, DynamicReservationPolicy::new,
                LatencyAwarePolicy::new);
    }
}
