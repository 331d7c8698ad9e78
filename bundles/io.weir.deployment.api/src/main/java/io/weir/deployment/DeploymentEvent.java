// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One step of a deployment operation: progress, or the final outcome.
 *
 * @param jobId the caller's job id (for DEPLOY-V2 the manager's operation id)
 * @param operation what runs
 * @param status where it is; {@link Status#isFinal()} marks the last event of an operation
 * @param progress percent done, 0 to 100
 * @param totalBytes the download's size, or -1 while unknown; 0 for installs and uninstalls
 * @param transferredBytes bytes downloaded so far (including a resumed part)
 * @param packageName the deployment package's symbolic name
 * @param packageVersion its version, or an empty string when not known (an uninstall by name)
 * @param fileName the downloaded file's name ({@code name_version.dp}), or {@code null}
 * @param requester who asked, as written to the audit log
 * @param reason why it failed; {@code null} unless {@link Status#FAILED} or {@link Status#CANCELLED}
 * @param message a human-readable detail: the failure's cause, or what was done
 * @param rolledBack {@code true} if a failed install was rolled back to the previous state
 */
@ProviderType
public record DeploymentEvent(long jobId, Operation operation, Status status, int progress, long totalBytes,
        long transferredBytes, String packageName, String packageVersion, @Nullable String fileName, String requester,
        @Nullable FailureReason reason, @Nullable String message, boolean rolledBack) {

    /** The kind of operation. */
    public enum Operation {
        DOWNLOAD, INSTALL, UNINSTALL
    }

    /** The operation's state. */
    public enum Status {
        IN_PROGRESS, COMPLETED, FAILED, CANCELLED;

        /** @return {@code true} for the states that end an operation */
        public boolean isFinal() {
            return this != IN_PROGRESS;
        }
    }

    public DeploymentEvent {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(packageVersion, "packageVersion");
        Objects.requireNonNull(requester, "requester");
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress must be 0..100: " + progress);
        }
        if ((status == Status.FAILED || status == Status.CANCELLED) && reason == null) {
            throw new IllegalArgumentException(status + " needs a reason");
        }
    }
}
