// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a submitted task does, wherever it is placed: {@link #runLocally()} on a local worker, or, when the task is
 * offloadable, the {@link #offload() request} a remote target executes. Implemented by whoever submits work (an
 * inference stage, for example): a consumer type.
 */
@ConsumerType
public interface Work {

    /**
     * Runs the work on the calling (worker) thread.
     *
     * @return the result, handed to the submitter in {@link TaskOutcome#result()}
     * @throws Exception any failure, reported as FAILED with its message
     */
    @Nullable
    Object runLocally() throws Exception;

    /**
     * @return the request a remote target runs instead, or {@code null} if the work can only run locally (then the
     *         task must not be offloadable)
     */
    default @Nullable OffloadRequest offload() {
        return null;
    }
}
