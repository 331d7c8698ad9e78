// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment;

import java.util.Objects;

/** A deployment request refused before any work started, with the reason. */
public class DeploymentException extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureReason reason;

    public DeploymentException(FailureReason reason, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public DeploymentException(FailureReason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return why the request was refused */
    public FailureReason reason() {
        return reason;
    }
}
