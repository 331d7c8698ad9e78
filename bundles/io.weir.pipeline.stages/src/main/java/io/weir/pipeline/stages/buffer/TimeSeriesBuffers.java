// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.buffer;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The ring buffers of every running {@code ring-buffer} stage node on the gateway: the last N samples of each
 * buffered channel, oldest first. A console polls it to plot live values.
 *
 * <p>Implemented only by Weir's stage library: a provider type.
 *
 * <p>Threads: every method may be called from any thread, concurrently with the pipeline writing the buffers.
 * Each call returns a consistent snapshot of one channel; it never blocks for longer than copying the buffer.
 */
@ProviderType
public interface TimeSeriesBuffers {

    /** @return one entry per running {@code ring-buffer} node, ordered by pipeline name then stage id; never null */
    List<BufferInfo> buffers();

    /**
     * Copies the samples of one channel that are newer than a given time, oldest first (in arrival order).
     *
     * @param pipelineName the pipeline of the node
     * @param stageId the node id within the pipeline
     * @param channel the channel name
     * @param afterTimestamp only samples with a timestamp strictly greater than this are returned; pass
     *        {@link Long#MIN_VALUE} for the whole buffer, or the last timestamp already read to poll incrementally
     * @return the samples, possibly empty, or {@code null} if there is no such node or the node buffers no such
     *         channel
     */
    @Nullable
    Series read(String pipelineName, String stageId, String channel, long afterTimestamp);
}
