// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Metrics of a whole pipeline and of each of its stages. Counters are cumulative since the pipeline started.
 * A DTO defined by Weir: a provider type. Immutable.
 *
 * @param in records that entered the pipeline from its sources
 * @param out records that left the pipeline through its sink nodes
 * @param dropped records dropped anywhere in the pipeline by a dropping overflow policy
 * @param errors records on which a stage failed, sent to the dead-letter sink
 * @param latency per output record, the time from the entry of the input record whose processing produced it
 *        to its leaving through a sink node
 * @param queueDepth records waiting in all the pipeline's queues at the time of the snapshot
 * @param stages the metrics of each stage node in a topological order of the graph; copied, unmodifiable
 */
@ProviderType
public record PipelineMetrics(long in, long out, long dropped, long errors, LatencySummary latency,
        long queueDepth, List<StageMetrics> stages) {

    /**
     * Checks for {@code null} and negative values, and copies the stage list.
     *
     * @param in see {@link #in()}
     * @param out see {@link #out()}
     * @param dropped see {@link #dropped()}
     * @param errors see {@link #errors()}
     * @param latency see {@link #latency()}
     * @param queueDepth see {@link #queueDepth()}
     * @param stages see {@link #stages()}
     */
    public PipelineMetrics {
        Objects.requireNonNull(latency, "latency");
        stages = List.copyOf(Objects.requireNonNull(stages, "stages"));
        if (in < 0 || out < 0 || dropped < 0 || errors < 0 || queueDepth < 0) {
            throw new IllegalArgumentException("negative pipeline metric");
        }
    }

    /**
     * @param stageId a node id
     * @return that node's metrics, or {@code null} if the pipeline has no such node
     */
    public @Nullable StageMetrics stage(String stageId) {
        for (StageMetrics s : stages) {
            if (s.stageId().equals(stageId)) {
                return s;
            }
        }
        return null;
    }
}
