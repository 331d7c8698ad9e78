// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.roundrobin;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

import io.weir.scheduler.ClusterView;
import io.weir.scheduler.Placement;
import io.weir.scheduler.SchedulingPolicy;
import io.weir.scheduler.TargetView;
import io.weir.scheduler.Task;

/**
 * Policy {@value #NAME}: smooth weighted round robin (the algorithm of nginx's upstream balancer) over the targets
 * that can take the task, each weighted by its measured throughput.
 *
 * <p><b>Weight.</b> {@code w = min(capacity / computeFactor, maxWeight)}. {@link TargetView#capacity()} is the
 * target's nominal size in reference cores (the local pool is sized to the cores; a remote target states how many
 * tasks it runs at once), and {@link io.weir.scheduler.LatencyEstimates#computeFactor()} is the scheduler's EWMA of
 * the measured execution time per unit of cost (1.0 on a reference core, 0.5 on a core twice as fast). Their
 * quotient is the throughput the target has shown, in reference work per unit of time, so the weights follow the
 * measurements instead of being constants. {@code maxWeight} bounds an elastic cloud (infinite capacity) and a
 * compute factor of 0.
 *
 * <p><b>Choice.</b> Eligible targets are the {@linkplain TargetView#available() available} ones, {@linkplain
 * io.weir.scheduler.TargetKind#isRemote() remote} ones only for an {@linkplain Task#offloadable() offloadable}
 * task; the load is not looked at (that is the least-load policy's job). On each call every eligible target's
 * current weight grows by its weight; the one with the highest current weight is picked (the first in the view's
 * order on a tie) and its current weight drops by the sum of the eligible weights. Targets that are not eligible
 * keep their current weight untouched. With weights 5, 1, 1 the picks are a a b a c a a, and so on every 7 calls.
 * No eligible target: {@link Placement#defer(String) DEFER}.
 *
 * <p><b>State and threads.</b> The current weights, per target id, are the only state; a target that leaves the view
 * keeps its entry until more than 16 unknown ids have piled up. {@link #place(Task, ClusterView)} is thread-safe: the
 * state is guarded by one lock, held only for the arithmetic (no call out while holding it), so concurrent callers
 * see the picks of some sequential order. Given the same settings and the same sequence of calls, the picks are the
 * same: no clock, no randomness. One call allocates only its reason string (and a map entry per new target id).
 */
@ProviderType
public final class WeightedRoundRobinPolicy implements SchedulingPolicy {

    /** The policy name, also its {@code weir.scheduler.policy.name} service property: {@value}. */
    public static final String NAME = "weighted-round-robin";

    /** How many ids of targets no longer in the view are kept before they are dropped. */
    private static final int PRUNE_SLACK = 16;

    /** A target's current weight. */
    private static final class Current {
        double value;
    }

    private final WeightedRoundRobinSettings settings;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Map<String, Current> current = new HashMap<>();

    /** Creates the policy with {@link WeightedRoundRobinSettings#DEFAULTS}. */
    public WeightedRoundRobinPolicy() {
        this(WeightedRoundRobinSettings.DEFAULTS);
    }

    /**
     * Creates the policy; every target starts with a current weight of 0.
     *
     * @param settings the settings
     */
    public WeightedRoundRobinPolicy(WeightedRoundRobinSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** @return the settings */
    public WeightedRoundRobinSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @param target a target
     * @return its weight, {@code min(capacity / computeFactor, maxWeight)}
     */
    public double weight(TargetView target) {
        // capacity > 0 and computeFactor >= 0 (TargetView, LatencyEstimates): never NaN, +Infinity at worst
        return Math.min(target.capacity() / target.estimates().computeFactor(), settings.maxWeight());
    }

    private static boolean eligible(TargetView t, Task task) {
        return t.available() && (task.offloadable() || !t.kind().isRemote());
    }

    @Override
    public Placement place(Task task, ClusterView view) {
        List<TargetView> targets = view.targets();
        int n = targets.size();
        synchronized (lock) {
            @Nullable TargetView best = null;
            @Nullable Current bestCurrent = null;
            double total = 0;
            int eligible = 0;
            for (int i = 0; i < n; i++) {
                TargetView t = targets.get(i);
                if (!eligible(t, task)) {
                    continue;
                }
                double w = weight(t);
                Current c = current.get(t.id());
                if (c == null) {
                    c = new Current();
                    current.put(t.id(), c);
                }
                c.value += w;
                total += w;
                eligible++;
                if (bestCurrent == null || c.value > bestCurrent.value) {
                    best = t;
                    bestCurrent = c;
                }
            }
            if (best == null || bestCurrent == null) {
                return Placement.defer(noTarget(task, targets));
            }
            double picked = bestCurrent.value;
            bestCurrent.value -= total;
            if (current.size() > n + PRUNE_SLACK) {
                prune(targets);
            }
            StringBuilder reason = new StringBuilder(80).append(best.id()).append(": current ");
            Numbers.fixed(reason, picked, 1).append(" highest of ").append(eligible).append(" (weight ");
            Numbers.fixed(reason, weight(best), 1).append(" of ");
            Numbers.fixed(reason, total, 1).append(')');
            return Placement.to(best.id(), reason.toString());
        }
    }

    private void prune(List<TargetView> targets) {
        Set<String> ids = new HashSet<>();
        for (TargetView t : targets) {
            ids.add(t.id());
        }
        current.keySet().retainAll(ids);
    }

    /** Explains a deferral: what was there and why none of it could take the task. */
    static String noTarget(Task task, List<TargetView> targets) {
        int unavailable = 0;
        int remoteSkipped = 0;
        for (TargetView t : targets) {
            if (!t.available()) {
                unavailable++;
            } else if (t.kind().isRemote() && !task.offloadable()) {
                remoteSkipped++;
            }
        }
        StringBuilder sb = new StringBuilder(80).append("no target can take task ").append(task.id()).append(": ");
        if (targets.isEmpty()) {
            return sb.append("no targets").toString();
        }
        sb.append(unavailable).append(" of ").append(targets.size()).append(" unavailable");
        if (remoteSkipped > 0) {
            sb.append(", ").append(remoteSkipped).append(" remote but the task is not offloadable");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return NAME + settings;
    }
}
