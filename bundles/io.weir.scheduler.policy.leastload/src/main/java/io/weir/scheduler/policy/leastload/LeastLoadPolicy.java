// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.leastload;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

import io.weir.scheduler.ClusterView;
import io.weir.scheduler.Placement;
import io.weir.scheduler.SchedulingPolicy;
import io.weir.scheduler.TargetView;
import io.weir.scheduler.Task;

/**
 * Policy {@value #NAME}: greedy least load. Each task goes to the eligible target with the lowest utilisation
 * after placing it.
 *
 * <p><b>Utilisation after placing.</b> {@code u' = load + 1 / capacity}. {@link TargetView#load()} is already the
 * share of the capacity in use (running and queued tasks over capacity), and a task occupies one reference core of
 * it while it runs; its cost decides for how long, not how much of the capacity, so it does not enter the share.
 * On a pool of 4 with 2 tasks running, {@code u' = 0.5 + 0.25 = 0.75}; an elastic cloud (infinite capacity) gains
 * nothing. Ranking by {@code u'} rather than by {@code load} alone keeps a one-core neighbour at load 0.5 (u' 1.5)
 * behind a four-core pool at 0.75 (u' 1.0).
 *
 * <p><b>Choice.</b> Eligible targets are the {@linkplain TargetView#available() available} ones, {@linkplain
 * io.weir.scheduler.TargetKind#isRemote() remote} ones only for an {@linkplain Task#offloadable() offloadable}
 * task, and, with a {@code maxUtilisation} limit, only those with {@code u' <= maxUtilisation}. The lowest {@code u'}
 * wins; equal values go to the lexicographically smallest id. No eligible target: {@link Placement#defer(String)
 * DEFER}.
 *
 * <p><b>State and threads.</b> None: the settings are immutable, so {@link #place(Task, ClusterView)} is thread-safe
 * and deterministic (its answer depends on the task and the view only). One call allocates only its reason string.
 */
@ProviderType
public final class LeastLoadPolicy implements SchedulingPolicy {

    /** The policy name, also its {@code weir.scheduler.policy.name} service property: {@value}. */
    public static final String NAME = "least-load";

    private final LeastLoadSettings settings;

    /** Creates the policy with {@link LeastLoadSettings#DEFAULTS}. */
    public LeastLoadPolicy() {
        this(LeastLoadSettings.DEFAULTS);
    }

    /**
     * @param settings the settings
     */
    public LeastLoadPolicy(LeastLoadSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** @return the settings */
    public LeastLoadSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @param target a target
     * @return its utilisation once one more task runs there, {@code load + 1 / capacity}
     */
    public static double utilisationAfter(TargetView target) {
        return target.load() + 1.0 / target.capacity();
    }

    private static boolean before(TargetView a, double ua, @Nullable TargetView b, double ub) {
        return b == null || ua < ub || (ua == ub && a.id().compareTo(b.id()) < 0);
    }

    @Override
    public Placement place(Task task, ClusterView view) {
        List<TargetView> targets = view.targets();
        double max = settings.maxUtilisation();
        @Nullable TargetView best = null;
        @Nullable TargetView next = null;
        double bestU = 0;
        double nextU = 0;
        int eligible = 0;
        int unavailable = 0;
        int notOffloadable = 0;
        int full = 0;
        for (int i = 0, n = targets.size(); i < n; i++) {
            TargetView t = targets.get(i);
            if (!t.available()) {
                unavailable++;
                continue;
            }
            if (t.kind().isRemote() && !task.offloadable()) {
                notOffloadable++;
                continue;
            }
            double u = utilisationAfter(t);
            if (max > 0 && u > max) {
                full++;
                continue;
            }
            eligible++;
            if (before(t, u, best, bestU)) {
                next = best;
                nextU = bestU;
                best = t;
                bestU = u;
            } else if (before(t, u, next, nextU)) {
                next = t;
                nextU = u;
            }
        }
        if (best == null) {
            StringBuilder sb = new StringBuilder(96).append("no target can take task ").append(task.id())
                    .append(": ");
            if (targets.isEmpty()) {
                return Placement.defer(sb.append("no targets").toString());
            }
            sb.append(unavailable).append(" of ").append(targets.size()).append(" unavailable");
            if (notOffloadable > 0) {
                sb.append(", ").append(notOffloadable).append(" remote but the task is not offloadable");
            }
            if (full > 0) {
                sb.append(", ").append(full).append(" above maxUtilisation ");
                Numbers.fixed(sb, max, 3);
            }
            return Placement.defer(sb.toString());
        }
        StringBuilder reason = new StringBuilder(96).append(best.id()).append(": utilisation ");
        Numbers.fixed(reason, bestU, 3).append(" after placing, lowest of ").append(eligible);
        if (next != null) {
            reason.append(" (next: ").append(next.id()).append(' ');
            Numbers.fixed(reason, nextU, 3).append(')');
        }
        return Placement.to(best.id(), reason.toString());
    }

    @Override
    public String toString() {
        return NAME + settings;
    }
}
