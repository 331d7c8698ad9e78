// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.reservation;

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
 * Policy {@value #NAME}: keeps part of each target's capacity free for high-priority work, the part growing with
 * the load, and places each task by least load among the targets it may use.
 *
 * <p><b>Reservation.</b> Each target id has a ratio {@code r}, starting at {@code initialRatio}. The share of the
 * target's capacity reserved for high-priority tasks is {@code reserved = max(view reserved, min(1, load × r))}
 * ({@link TargetView#reserved()} acts as a floor the scheduler may set). A task with {@code priority <=
 * highPriorityMax} is high-priority and may use the whole capacity, {@code limit = 1}; any other task may use only
 * {@code limit = 1 − reserved}. A task may go to a target when its utilisation after placing, {@code u' = load + 1 /
 * capacity} (as in least-load: a task occupies one reference core), is {@code <= limit}.
 *
 * <p><b>Ratio update</b>, applied at the start of every {@link #place(Task, ClusterView)} call, before the
 * decision and whatever the task, to every {@linkplain TargetView#available() available} target of the view, in the
 * view's order, using the view's {@code load}:
 *
 * <pre>
 * if load &gt; growAbove:       r = min(maxRatio, r + ratioStep)
 * else if load &lt; shrinkBelow: r = max(minRatio, r − ratioStep)
 * (a load exactly at a threshold leaves r unchanged)
 * </pre>
 *
 * <p>With {@code adjustIntervalMs > 0} a target's ratio is updated at most once per that many milliseconds of
 * {@link ClusterView#nowMs()} (first on the first call that sees it), so adaptation follows time rather than the
 * call rate. An unavailable target's ratio is left as it is (its load is no live measurement).
 *
 * <p><b>Choice.</b> Among the available targets the task may use ({@linkplain io.weir.scheduler.TargetKind#isRemote()
 * remote} ones only if it is {@linkplain Task#offloadable() offloadable}) whose {@code u' <= limit}, the lowest
 * {@code u'} wins, equal values going to the smallest id. None: {@link Placement#defer(String) DEFER} (the ratios
 * were still updated).
 *
 * <p><b>State and threads.</b> The ratio and last adjustment time per target id are the only state; a target that
 * leaves the view keeps its entry until more than 16 unknown ids have piled up. {@link #place(Task, ClusterView)} is
 * thread-safe: the state is guarded by one lock held only for the arithmetic, so concurrent callers see the effects
 * of some sequential order. The same calls give the same answers: no clock but the view's, no randomness. One call
 * allocates only its reason string (and a map entry per new target id).
 */
@ProviderType
public final class DynamicReservationPolicy implements SchedulingPolicy {

    /** The policy name, also its {@code weir.scheduler.policy.name} service property: {@value}. */
    public static final String NAME = "dynamic-reservation";

    /** How many ids of targets no longer in the view are kept before they are dropped. */
    private static final int PRUNE_SLACK = 16;

    /** A target's reservation state. */
    private static final class State {
        double ratio;
        long adjustedAtMs;
        boolean adjusted;

        State(double ratio) {
            this.ratio = ratio;
        }
    }

    private final DynamicReservationSettings settings;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Map<String, State> states = new HashMap<>();

    /** Creates the policy with {@link DynamicReservationSettings#DEFAULTS}. */
    public DynamicReservationPolicy() {
        this(DynamicReservationSettings.DEFAULTS);
    }

    /**
     * Creates the policy; every target starts at {@code initialRatio}.
     *
     * @param settings the settings
     */
    public DynamicReservationPolicy(DynamicReservationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** @return the settings */
    public DynamicReservationSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @param targetId a target id
     * @return the target's current ratio; {@code initialRatio} for a target not seen yet
     */
    public double ratio(String targetId) {
        synchronized (lock) {
            State s = states.get(targetId);
            return s == null ? settings.initialRatio() : s.ratio;
        }
    }

    /**
     * @param task a task
     * @return whether it may use a target's whole capacity: {@code priority <= highPriorityMax}
     */
    public boolean isHighPriority(Task task) {
        return task.priority() <= settings.highPriorityMax();
    }

    /** Applies the ratio update rule to one available target. Caller holds the lock. */
    private void adjust(State s, double load, long nowMs) {
        long interval = settings.adjustIntervalMs();
        if (interval > 0 && s.adjusted && nowMs - s.adjustedAtMs < interval) {
            return;
        }
        s.adjusted = true;
        s.adjustedAtMs = nowMs;
        if (load > settings.growAbove()) {
            s.ratio = Math.min(settings.maxRatio(), s.ratio + settings.ratioStep());
        } else if (load < settings.shrinkBelow()) {
            s.ratio = Math.max(settings.minRatio(), s.ratio - settings.ratioStep());
        }
    }

    private static double reserved(TargetView t, double ratio) {
        return Math.max(t.reserved(), Math.min(1.0, t.load() * ratio));
    }

    private static boolean before(TargetView a, double ua, @Nullable TargetView b, double ub) {
        return b == null || ua < ub || (ua == ub && a.id().compareTo(b.id()) < 0);
    }

    @Override
    public Placement place(Task task, ClusterView view) {
        List<TargetView> targets = view.targets();
        long now = view.nowMs();
        boolean high = isHighPriority(task);
        int n = targets.size();
        synchronized (lock) {
            @Nullable TargetView best = null;
            double bestU = 0;
            double bestLimit = 0;
            double bestRatio = 0;
            @Nullable TargetView blocked = null;
            double blockedU = 0;
            double blockedLimit = 0;
            int eligible = 0;
            int unavailable = 0;
            int notOffloadable = 0;
            int overLimit = 0;
            for (int i = 0; i < n; i++) {
                TargetView t = targets.get(i);
                if (!t.available()) {
                    unavailable++;
                    continue;
                }
                State s = states.get(t.id());
                if (s == null) {
                    s = new State(settings.initialRatio());
                    states.put(t.id(), s);
                }
                adjust(s, t.load(), now);
                if (t.kind().isRemote() && !task.offloadable()) {
                    notOffloadable++;
                    continue;
                }
                double limit = high ? 1.0 : 1.0 - reserved(t, s.ratio);
                double u = t.load() + 1.0 / t.capacity();
                if (u > limit) {
                    if (overLimit++ == 0) {
                        blocked = t;
                        blockedU = u;
                        blockedLimit = limit;
                    }
                    continue;
                }
                eligible++;
                if (before(t, u, best, bestU)) {
                    best = t;
                    bestU = u;
                    bestLimit = limit;
                    bestRatio = s.ratio;
                }
            }
            if (states.size() > n + PRUNE_SLACK) {
                prune(targets);
            }
            if (best == null) {
                return Placement.defer(noTarget(task, targets.size(), unavailable, notOffloadable, overLimit, blocked,
                        blockedU, blockedLimit));
            }
            StringBuilder reason = new StringBuilder(128).append(best.id()).append(": utilisation ");
            Numbers.fixed(reason, bestU, 3).append(" after placing <= ");
            if (high) {
                reason.append("1.000 for high priority ").append(task.priority());
            } else {
                Numbers.fixed(reason, bestLimit, 3).append(" for priority ").append(task.priority())
                        .append(" (reserved ");
                double dynamic = Math.min(1.0, best.load() * bestRatio);
                if (best.reserved() > dynamic) {
                    Numbers.fixed(reason, best.reserved(), 3).append(" by the scheduler)");
                } else {
                    Numbers.fixed(reason, dynamic, 3).append(" = load ");
                    Numbers.fixed(reason, best.load(), 3).append(" x ratio ");
                    Numbers.fixed(reason, bestRatio, 3).append(')');
                }
            }
            return Placement.to(best.id(), reason.append(", lowest of ").append(eligible).toString());
        }
    }

    private void prune(List<TargetView> targets) {
        Set<String> ids = new HashSet<>();
        for (TargetView t : targets) {
            ids.add(t.id());
        }
        states.keySet().retainAll(ids);
    }

    private static String noTarget(Task task, int total, int unavailable, int notOffloadable, int overLimit,
            @Nullable TargetView blocked, double blockedU, double blockedLimit) {
        StringBuilder sb = new StringBuilder(128).append("no target can take task ").append(task.id())
                .append(" (priority ").append(task.priority()).append("): ");
        if (total == 0) {
            return sb.append("no targets").toString();
        }
        sb.append(unavailable).append(" of ").append(total).append(" unavailable");
        if (notOffloadable > 0) {
            sb.append(", ").append(notOffloadable).append(" remote but the task is not offloadable");
        }
        if (overLimit > 0 && blocked != null) {
            sb.append(", ").append(overLimit).append(" over its limit (").append(blocked.id()).append(' ');
            Numbers.fixed(sb, blockedU, 3).append(" > ");
            Numbers.fixed(sb, blockedLimit, 3).append(')');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return NAME + settings;
    }
}
