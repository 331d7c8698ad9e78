// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the progress and the outcome of one deployment operation. */
@ConsumerType
@FunctionalInterface
public interface DeploymentListener {

    /** Does nothing: for callers that only poll the agent. */
    DeploymentListener NONE = event -> {};

    /**
     * Called for every progress step and once with the final outcome. Must return quickly: it runs on the agent's
     * worker thread.
     */
    void onEvent(DeploymentEvent event);
}
