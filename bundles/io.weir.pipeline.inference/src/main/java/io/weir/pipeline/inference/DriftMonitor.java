// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The current drift statistics of every running {@code inference} stage node on the gateway, for consoles and shell
 * commands. Registered by the inference stage bundle together with its stage factory.
 *
 * <p>Implemented only by Weir's inference stage: a provider type.
 *
 * <p>Threads: every method may be called from any thread and never blocks. The statuses are snapshots the nodes
 * refresh at most once a second and on every drift event; a node appears when its stage is created and disappears
 * when the pipeline engine closes it.
 */
@ProviderType
public interface DriftMonitor {

    /** @return one status per running node, ordered by pipeline name then stage id; never {@code null} */
    List<DriftStatus> statuses();

    /**
     * @param pipelineName a pipeline name
     * @param stageId a node id within that pipeline
     * @return the node's status, or {@code null} if no such {@code inference} node runs
     */
    @Nullable
    DriftStatus status(String pipelineName, String stageId);
}
