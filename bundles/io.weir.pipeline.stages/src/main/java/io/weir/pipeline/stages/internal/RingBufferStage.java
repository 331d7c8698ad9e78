// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.weir.data.DataType;
import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;
import io.weir.pipeline.stages.buffer.BufferInfo;
import io.weir.pipeline.stages.buffer.Series;

/**
 * Passes every record through unchanged and keeps the last {@code capacity} samples of each buffered channel in
 * a {@link ChannelRing}, readable from other threads through {@link RingBufferStageFactory}'s
 * {@code TimeSeriesBuffers} service.
 *
 * <p>With channels configured, exactly those are buffered and a non-numeric value in one of them fails the
 * record. Without, every numeric channel is buffered as it first appears, up to {@code maxChannels} (further
 * channels are skipped, counted and logged) and STRING/BYTES channels are skipped. Values are stored as they
 * arrive, NaN included; out-of-order timestamps are kept in arrival order.
 */
final class RingBufferStage implements Stage {

    private final String where;
    private final String pipelineName;
    private final String stageId;
    private final int capacity;
    private final int maxChannels;
    private final ChannelRing @Nullable [] fixed;
    private final Map<String, ChannelRing> rings = new ConcurrentHashMap<>();
    private final List<String> order = new CopyOnWriteArrayList<>();
    private final ThrottledWarning tooMany;
    private final Consumer<RingBufferStage> onClose;
    private final double[] current;
    private final boolean[] present;

    /**
     * @param channels the channels to buffer; empty for every numeric channel
     * @param onClose called with this stage by {@link #close()}, to unregister the buffer
     */
    RingBufferStage(String where, String pipelineName, String stageId, String[] channels, int capacity,
            int maxChannels, ThrottledWarning tooMany, Consumer<RingBufferStage> onClose) {
        this.where = where;
        this.pipelineName = pipelineName;
        this.stageId = stageId;
        this.capacity = capacity;
        this.maxChannels = maxChannels;
        this.tooMany = tooMany;
        this.onClose = onClose;
        this.current = new double[channels.length];
        this.present = new boolean[channels.length];
        if (channels.length == 0) {
            this.fixed = null;
        } else {
            ChannelRing[] f = new ChannelRing[channels.length];
            for (int i = 0; i < channels.length; i++) {
                f[i] = new ChannelRing(channels[i], capacity);
                rings.put(channels[i], f[i]);
                order.add(channels[i]);
            }
            this.fixed = f;
        }
    }

    @Override
    public void process(Record record, Emitter out) throws StageException {
        ChannelRing[] f = fixed;
        long ts = record.timestamp();
        if (f != null) {
            for (int i = 0; i < f.length; i++) {
                TypedValue v = record.value(f[i].channel());
                present[i] = v != null;
                if (v != null) {
                    current[i] = Values.number(where, f[i].channel(), v);
                }
            }
            for (int i = 0; i < f.length; i++) {
                if (present[i]) {
                    f[i].add(ts, current[i]);
                }
            }
        } else {
            for (Map.Entry<String, TypedValue> e : record.values().entrySet()) {
                DataType type = e.getValue().type();
                if (type.isNumeric()) {
                    ChannelRing ring = ringOf(e.getKey());
                    if (ring != null) {
                        ring.add(ts, e.getValue().asDouble());
                    }
                }
            }
        }
        out.emit(record);
    }

    private @Nullable ChannelRing ringOf(String channel) {
        ChannelRing ring = rings.get(channel);
        if (ring == null) {
            if (rings.size() >= maxChannels) {
                tooMany.occurred("channel '" + channel + "' not buffered: the buffer already holds maxChannels="
                        + maxChannels + " channels");
                return null;
            }
            ring = new ChannelRing(channel, capacity);
            rings.put(channel, ring);
            order.add(channel);
        }
        return ring;
    }

    BufferInfo info() {
        return new BufferInfo(pipelineName, stageId, capacity, order);
    }

    @Nullable
    Series read(String channel, long afterTimestamp) {
        ChannelRing ring = rings.get(channel);
        return ring == null ? null : ring.read(afterTimestamp);
    }

    @Override
    public void close() {
        onClose.accept(this);
    }
}
