// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.buffer;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Describes one {@code ring-buffer} stage node. A DTO defined by Weir: a provider type. Immutable.
 *
 * @param pipelineName the pipeline the node belongs to
 * @param stageId the node id, unique within the pipeline
 * @param capacity the number of samples kept per channel
 * @param channels the channels buffered so far, in the order they were first seen; copied, unmodifiable
 */
@ProviderType
public record BufferInfo(String pipelineName, String stageId, int capacity, List<String> channels) {

    /**
     * Checks for {@code null} and copies the channel list.
     *
     * @param pipelineName see {@link #pipelineName()}
     * @param stageId see {@link #stageId()}
     * @param capacity see {@link #capacity()}
     * @param channels see {@link #channels()}
     */
    public BufferInfo {
        Objects.requireNonNull(pipelineName, "pipelineName");
        Objects.requireNonNull(stageId, "stageId");
        channels = List.copyOf(Objects.requireNonNull(channels, "channels"));
    }
}
