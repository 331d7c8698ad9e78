// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.latency;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

import io.weir.scheduler.ClusterView;
import io.weir.scheduler.LatencyEstimates;
import io.weir.scheduler.Placement;
import io.weir.scheduler.SchedulingPolicy;
import io.weir.scheduler.TargetView;
import io.weir.scheduler.Task;

/**
 * Policy {@value #NAME}: edge/cloud offload by expected completion time under the latency model, with the view's
 * live (EWMA) estimates.
 *
 * <p><b>Expected completion time</b> of task {@code t} on a target ({@link #expectedCompletionMs(Task, TargetView)}):
 *
 * <pre>
 * T = uplinkMs + t.inputBytes / 1024 × uplinkMsPerKiB + queueMs + t.costMs × computeFactor + downlinkMs
 * </pre>
 *
 * <p>For a local target the link terms are 0 (API contract), so {@code T = queueMs + costMs × computeFactor}
 * ({@code T_edge_queue + T_edge_compute}); for the cloud, {@code T_uplink + T_cloud_queue + T_cloud_compute +
 * T_downlink}.
 *
 * <p><b>Choice.</b> Eligible targets are the {@linkplain TargetView#available() available} ones, {@linkplain
 * io.weir.scheduler.TargetKind#isRemote() remote} ones only for an {@linkplain Task#offloadable() offloadable}
 * task. A target meets the deadline when {@code nowMs + T + margin <= deadlineMs}, with {@code margin =
 * remoteDeadlineMarginMs} for remote targets and 0 for local ones; every target meets {@link Task#NO_DEADLINE}. The
 * eligible target that meets the deadline with the least {@code T} is picked; on equal {@code T} a local target wins
 * over a remote one, then the smallest id. Without a margin the fastest target meets the deadline whenever any does,
 * so the deadline only decides between placing and the cases below; a margin can make a slightly faster cloud lose to
 * a local target that meets the deadline safely.
 *
 * <ul>
 * <li>No eligible target: {@link Placement#defer(String) DEFER}.</li>
 * <li>The deadline already passed ({@code nowMs > deadlineMs}): {@link Placement#reject(String) REJECT}.</li>
 * <li>Eligible targets but none meets the deadline: by {@link LatencyAwareSettings#onDeadlineMiss()}, the fastest
 * target with a reason starting {@code deadline at risk} ({@link DeadlineMissAction#RUN_FASTEST}, the default), or
 * REJECT with {@code deadline unreachable}.</li>
 * </ul>
 *
 * <p><b>State and threads.</b> None: the settings are immutable, so {@link #place(Task, ClusterView)} is thread-safe
 * and deterministic (its answer depends on the task and the view only). One call allocates only its reason string.
 */
@ProviderType
public final class LatencyAwarePolicy implements SchedulingPolicy {

    /** The policy name, also its {@code weir.scheduler.policy.name} service property: {@value}. */
    public static final String NAME = "latency-aware";

    private final LatencyAwareSettings settings;

    /** Creates the policy with {@link LatencyAwareSettings#DEFAULTS}. */
    public LatencyAwarePolicy() {
        this(LatencyAwareSettings.DEFAULTS);
    }

    /**
     * @param settings the settings
     */
    public LatencyAwarePolicy(LatencyAwareSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** @return the settings */
    public LatencyAwareSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @param task a task
     * @param target a target
     * @return the expected completion time of the task there, milliseconds from now (formula above); finite, {@code
     *         >= 0}
     */
    public static double expectedCompletionMs(Task task, TargetView target) {
        LatencyEstimates e = target.estimates();
        return e.uplinkMs() + task.inputBytes() / 1024.0 * e.uplinkMsPerKiB() + e.queueMs()
                + task.costMs() * e.computeFactor() + e.downlinkMs();
    }

    /** Ranking: less time first; on a tie local before remote, then the smaller id. */
    private static boolean before(TargetView a, double ta, @Nullable TargetView b, double tb) {
        if (b == null || ta < tb) {
            return true;
        }
        if (ta > tb) {
            return false;
        }
        boolean aRemote = a.kind().isRemote();
        if (aRemote != b.kind().isRemote()) {
            return !aRemote;
        }
        return a.id().compareTo(b.id()) < 0;
    }

    @Override
    public Placement place(Task task, ClusterView view) {
        List<TargetView> targets = view.targets();
        long now = view.nowMs();
        boolean hasDeadline = task.hasDeadline();
        if (hasDeadline && now > task.deadlineMs()) {
            StringBuilder sb = new StringBuilder(64).append("deadline of task ").append(task.id()).append(" passed ");
            Numbers.fixed(sb, (double) now - task.deadlineMs(), 1).append(" ms ago");
            return Placement.reject(sb.toString());
        }
        double left = hasDeadline ? (double) task.deadlineMs() - now : Double.POSITIVE_INFINITY;
        double margin = settings.remoteDeadlineMarginMs();

        @Nullable TargetView fastest = null;
        @Nullable TargetView second = null;
        @Nullable TargetView best = null;
        double fastestT = 0;
        double secondT = 0;
        double bestT = 0;
        int unavailable = 0;
        int notOffloadable = 0;
        for (int i = 0, n = targets.size(); i < n; i++) {
            TargetView t = targets.get(i);
            if (!t.available()) {
                unavailable++;
                continue;
            }
            boolean remote = t.kind().isRemote();
            if (remote && !task.offloadable()) {
                notOffloadable++;
                continue;
            }
            double time = expectedCompletionMs(task, t);
            if (before(t, time, fastest, fastestT)) {
                second = fastest;
                secondT = fastestT;
                fastest = t;
                fastestT = time;
            } else if (before(t, time, second, secondT)) {
                second = t;
                secondT = time;
            }
            if ((!hasDeadline || time + (remote ? margin : 0) <= left) && before(t, time, best, bestT)) {
                best = t;
                bestT = time;
            }
        }

        if (fastest == null) {
            StringBuilder sb = new StringBuilder(96).append("no target can take task ").append(task.id())
                    .append(": ");
            if (targets.isEmpty()) {
                return Placement.defer(sb.append("no targets").toString());
            }
            sb.append(unavailable).append(" of ").append(targets.size()).append(" unavailable");
            if (notOffloadable > 0) {
                sb.append(", ").append(notOffloadable).append(" remote but the task is not offloadable");
            }
            return Placement.defer(sb.toString());
        }
        StringBuilder reason = new StringBuilder(96);
        if (best == fastest) {
            reason.append(best.id()).append(": ");
            Numbers.fixed(reason, bestT, 1).append(" ms");
            if (second != null) {
                reason.append(secondT > bestT ? " < " : " = ").append(second.id()).append(' ');
                Numbers.fixed(reason, secondT, 1).append(" ms");
            } else {
                reason.append(" (only eligible target)");
            }
            if (hasDeadline) {
                reason.append(", deadline in ");
                Numbers.fixed(reason, left, 1).append(" ms");
            }
            return Placement.to(best.id(), reason.toString());
        }
        if (best != null) {
            // a faster (remote) target misses the deadline once its margin is added
            reason.append(best.id()).append(": ");
            Numbers.fixed(reason, bestT, 1).append(" ms meets the deadline in ");
            Numbers.fixed(reason, left, 1).append(" ms; ").append(fastest.id()).append(' ');
            Numbers.fixed(reason, fastestT, 1).append(" ms + margin ");
            Numbers.fixed(reason, margin, 1).append(" ms would not");
            return Placement.to(best.id(), reason.toString());
        }
        if (settings.onDeadlineMiss() == DeadlineMissAction.REJECT) {
            reason.append("deadline unreachable for task ").append(task.id()).append(": fastest ")
                    .append(fastest.id()).append(' ');
            Numbers.fixed(reason, fastestT, 1).append(" ms, deadline in ");
            Numbers.fixed(reason, left, 1).append(" ms");
            return Placement.reject(reason.toString());
        }
        reason.append("deadline at risk: ").append(fastest.id()).append(' ');
        Numbers.fixed(reason, fastestT, 1).append(" ms, deadline in ");
        Numbers.fixed(reason, left, 1).append(" ms");
        if (second != null) {
            reason.append(" (next: ").append(second.id()).append(' ');
            Numbers.fixed(reason, secondT, 1).append(" ms)");
        }
        return Placement.to(fastest.id(), reason.toString());
    }

    @Override
    public String toString() {
        return NAME + settings;
    }
}
