// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import org.jspecify.annotations.Nullable;

/**
 * How one task ended.
 *
 * @param trace the task
 * @param status how it ended
 * @param reason why (for FAILED and EXPIRED; the target for COMPLETED)
 * @param target where it completed, or {@code null}
 * @param endMs when it ended, virtual ms
 * @param rejected whether it FAILED because the policy rejected it
 */
record Outcome(TraceTask trace, Status status, String reason, @Nullable String target, double endMs,
        boolean rejected) {

    /** The three ways a submitted task ends. */
    enum Status { COMPLETED, FAILED, EXPIRED }

    /** @return completion time {@code T_delay = end - arrival} of a completed task, NaN otherwise */
    double completionMs() {
        return status == Status.COMPLETED ? endMs - trace.arrivalMs() : Double.NaN;
    }

    /** @return whether the task has a deadline and did not complete by it */
    boolean missedDeadline() {
        return trace.task().hasDeadline() && !(status == Status.COMPLETED && endMs <= trace.deadline());
    }
}
