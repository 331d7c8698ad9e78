// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;
import io.weir.pipeline.stages.buffer.BufferInfo;
import io.weir.pipeline.stages.buffer.Series;
import io.weir.pipeline.stages.buffer.TimeSeriesBuffers;

/**
 * Stage type {@code ring-buffer}, and the {@link TimeSeriesBuffers} service through which a console reads the
 * buffers of the running nodes. One component does both because the registry of live buffers is exactly the set
 * of stages this factory made and has not seen closed; no other component needs to know about it.
 */
@Component(service = {StageFactory.class, TimeSeriesBuffers.class},
        configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(RingBufferStageFactory.TYPE)
public final class RingBufferStageFactory implements StageFactory, TimeSeriesBuffers {

    static final String TYPE = "ring-buffer";

    /** Node configuration. */
    @interface Config {
        /** @return the channels to buffer; empty = every numeric channel, up to maxChannels */
        String[] channels() default {};

        /** @return samples kept per channel, 1 to 1,000,000 */
        int capacity() default 1000;

        /** @return without channels: the most channels buffered, 1 to 10,000 */
        int maxChannels() default 64;
    }

    private record NodeKey(String pipelineName, String stageId) {
    }

    private final Map<NodeKey, RingBufferStage> live = new ConcurrentHashMap<>();

    @Override
    public Stage create(StageContext context) {
        Settings s = new Settings(context, TYPE);
        Config c = context.config(Config.class);
        String[] channels = s.channels("channels", c::channels, true);
        int capacity = s.intBetween("capacity", c::capacity, 1, 1_000_000);
        int maxChannels = s.intBetween("maxChannels", c::maxChannels, 1, 10_000);
        NodeKey key = new NodeKey(context.pipelineName(), context.stageId());
        RingBufferStage stage = new RingBufferStage(s.where(), key.pipelineName(), key.stageId(), channels, capacity,
                maxChannels, new ThrottledWarning(s.where(), "channels not buffered", System::nanoTime),
                closed -> live.remove(key, closed));
        // a node rebuilt before its old stage is closed replaces it; the old one's close() then removes nothing
        live.put(key, stage);
        return stage;
    }

    @Override
    public List<BufferInfo> buffers() {
        List<BufferInfo> result = new ArrayList<>();
        for (RingBufferStage stage : live.values()) {
            result.add(stage.info());
        }
        result.sort(Comparator.comparing(BufferInfo::pipelineName).thenComparing(BufferInfo::stageId));
        return result;
    }

    @Override
    public @Nullable Series read(String pipelineName, String stageId, String channel, long afterTimestamp) {
        RingBufferStage stage = live.get(new NodeKey(pipelineName, stageId));
        return stage == null ? null : stage.read(channel, afterTimestamp);
    }

    @Deactivate
    void deactivate() {
        live.clear();
    }
}
