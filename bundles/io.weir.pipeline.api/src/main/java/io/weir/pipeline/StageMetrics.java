// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Metrics of one stage node. Counters are cumulative since the pipeline started. A DTO defined by Weir: a
 * provider type. Immutable.
 *
 * @param stageId the node id, unique within the pipeline
 * @param stageType the node's {@link StageType stage type}
 * @param in records taken from the input queue and passed to {@link Stage#process}
 * @param out records emitted
 * @param dropped records dropped from the input queue by a dropping overflow policy (0 with backpressure)
 * @param errors records on which the stage failed (sent to the dead-letter sink)
 * @param latency time spent in {@link Stage#process} per input record, excluding queueing
 * @param queueDepth records waiting in the input queue at the time of the snapshot
 * @param queueCapacity the input queue's capacity
 */
@ProviderType
public record StageMetrics(String stageId, String stageType, long in, long out, long dropped, long errors,
        LatencySummary latency, int queueDepth, int queueCapacity) {

    /**
     * Checks for {@code null} and negative values.
     *
     * @param stageId see {@link #stageId()}
     * @param stageType see {@link #stageType()}
     * @param in see {@link #in()}
     * @param out see {@link #out()}
     * @param dropped see {@link #dropped()}
     * @param errors see {@link #errors()}
     * @param latency see {@link #latency()}
     * @param queueDepth see {@link #queueDepth()}
     * @param queueCapacity see {@link #queueCapacity()}
     */
    public StageMetrics {
        Objects.requireNonNull(stageId, "stageId");
        Objects.requireNonNull(stageType, "stageType");
        Objects.requireNonNull(latency, "latency");
        if (in < 0 || out < 0 || dropped < 0 || errors < 0 || queueDepth < 0 || queueCapacity < 0) {
            throw new IllegalArgumentException("negative metric in stage " + stageId);
        }
    }
}
