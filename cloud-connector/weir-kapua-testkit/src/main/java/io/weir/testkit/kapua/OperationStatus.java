// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua;

import org.jspecify.annotations.Nullable;

/** What Kapua makes of a notification's status string (spec §3.3). */
public enum OperationStatus {
    /** {@code IN_PROGRESS}. */
    RUNNING,
    /** {@code COMPLETED}: closes the operation (unless a download with install=true, which waits for install). */
    COMPLETED,
    /** {@code FAILED}: closes the operation. */
    FAILED;

    /**
     * @param status a notification status string
     * @return its Kapua status, or {@code null} for anything Kapua ignores (for example {@code CANCELLED})
     */
    public static @Nullable OperationStatus ofKura(@Nullable String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "IN_PROGRESS" -> RUNNING;
            case "COMPLETED" -> COMPLETED;
            case "FAILED" -> FAILED;
            default -> null;
        };
    }
}
