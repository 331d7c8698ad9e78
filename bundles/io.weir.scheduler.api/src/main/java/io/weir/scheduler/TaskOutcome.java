// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * How a submitted task ended. Every submitted task ends exactly once: COMPLETED, FAILED with a reason, EXPIRED past
 * its deadline with a reason, or REJECTED (invalid, or refused by the policy) with a reason. A DTO defined by Weir: a
 * provider type.
 *
 * @param taskId the task's id
 * @param status how it ended
 * @param targetId where it ran last, or {@code null} if it never ran
 * @param result the local result, or the remote result bytes; {@code null} unless COMPLETED
 * @param reason why it did not complete, or how it completed (placement reasons, fallbacks)
 * @param attempts placements tried (a cloud failure followed by a local run is 2)
 * @param waitMs from submission to the start of the last attempt
 * @param totalMs from submission to the end
 */
@ProviderType
public record TaskOutcome(String taskId, Status status, @Nullable String targetId, @Nullable Object result,
        String reason, int attempts, double waitMs, double totalMs) {

    /** How a task ended. */
    public enum Status {
        COMPLETED, FAILED, EXPIRED, REJECTED
    }

    /**
     * Checks for {@code null}.
     *
     * @param taskId see {@link #taskId()}
     * @param status see {@link #status()}
     * @param targetId see {@link #targetId()}
     * @param result see {@link #result()}
     * @param reason see {@link #reason()}
     * @param attempts see {@link #attempts()}
     * @param waitMs see {@link #waitMs()}
     * @param totalMs see {@link #totalMs()}
     */
    public TaskOutcome {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }
}
