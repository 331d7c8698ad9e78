// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A unit of work to place. A DTO defined by Weir: a provider type. Immutable.
 *
 * @param id the task id, unique among the scheduler's live tasks; not empty
 * @param kind what the task does, for example {@code inference:vibration-anomaly}; policies and metrics group
 *        by it; not empty
 * @param costMs the estimated compute cost: milliseconds of work on one reference local core; finite, {@code
 *        >= 0}
 * @param inputBytes the size of the task's input, which an offload must send; {@code >= 0}
 * @param priority from {@value #PRIORITY_HIGHEST} (most urgent) to {@value #PRIORITY_LOWEST}
 * @param deadlineMs the instant by which the task must complete, in the scheduler's clock, or {@link
 *        #NO_DEADLINE}
 * @param offloadable whether the task may leave the gateway (run on a {@linkplain TargetKind#isRemote() remote}
 *        target)
 */
@ProviderType
public record Task(String id, String kind, double costMs, long inputBytes, int priority, long deadlineMs,
        boolean offloadable) {

    /** The most urgent priority: {@value}. */
    public static final int PRIORITY_HIGHEST = 0;

    /** The least urgent priority: {@value}. */
    public static final int PRIORITY_LOWEST = 9;

    /** The priority of ordinary work: {@value}. */
    public static final int PRIORITY_DEFAULT = 5;

    /** The deadline of a task that has none. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /**
     * Checks names, cost, size and priority. A deadline in the past is checked by the scheduler.
     *
     * @param id see {@link #id()}
     * @param kind see {@link #kind()}
     * @param costMs see {@link #costMs()}
     * @param inputBytes see {@link #inputBytes()}
     * @param priority see {@link #priority()}
     * @param deadlineMs see {@link #deadlineMs()}
     * @param offloadable see {@link #offloadable()}
     */
    public Task {
        if (Objects.requireNonNull(id, "id").isEmpty()) {
            throw new IllegalArgumentException("task id must not be empty");
        }
        if (Objects.requireNonNull(kind, "kind").isEmpty()) {
            throw new IllegalArgumentException("kind of task " + id + " must not be empty");
        }
        if (!(costMs >= 0) || Double.isInfinite(costMs)) {
            throw new IllegalArgumentException("cost of task " + id + " must be finite and >= 0, was " + costMs);
        }
        if (inputBytes < 0) {
            throw new IllegalArgumentException("input size of task " + id + " must be >= 0, was " + inputBytes);
        }
        if (priority < PRIORITY_HIGHEST || priority > PRIORITY_LOWEST) {
            throw new IllegalArgumentException("priority of task " + id + " must be in [" + PRIORITY_HIGHEST + ", "
                    + PRIORITY_LOWEST + "], was " + priority);
        }
    }

    /** @return {@code true} unless the deadline is {@link #NO_DEADLINE} */
    public boolean hasDeadline() {
        return deadlineMs != NO_DEADLINE;
    }
}
