// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.weir.pipeline.stages.buffer.BufferInfo;
import io.weir.pipeline.stages.buffer.Series;
import io.weir.pipeline.stages.buffer.TimeSeriesBuffers;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands over the ring buffers: {@code weir:buffers} lists them with their channels, and
 * {@code weir:history PIPELINE STAGE CHANNEL [N]} plots the last N samples of a channel as a one-line chart
 * (eight block heights between the shown minimum and maximum) with the newest values, for example the anomaly
 * score of the default gateway's {@code anomaly} pipeline: {@code weir:history anomaly history anomaly_score}.
 */
@Component(service = BufferCommands.class, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = { "osgi.command.scope=weir", "osgi.command.function=buffers", "osgi.command.function=history" })
public final class BufferCommands {

    private static final char[] BLOCKS = { '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█' };
    private static final int DEFAULT_SAMPLES = 60;

    private final TimeSeriesBuffers buffers;

    @Activate
    public BufferCommands(@Reference TimeSeriesBuffers buffers) {
        this.buffers = buffers;
    }

    public String buffers() {
        List<BufferInfo> all = buffers.buffers();
        if (all.isEmpty()) {
            return "no ring buffers (add a ring-buffer stage to a pipeline)\n";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-20s %-16s %9s  %s%n", "PIPELINE", "STAGE",
                "CAPACITY", "CHANNELS"));
        for (BufferInfo i : all) {
            b.append(String.format(Locale.ROOT, "%-20s %-16s %9d  %s%n", i.pipelineName(), i.stageId(), i.capacity(),
                    String.join(", ", i.channels())));
        }
        return b.toString();
    }

    public String history(String pipeline, String stage, String channel) {
        return history(pipeline, stage, channel, DEFAULT_SAMPLES);
    }

    public String history(String pipeline, String stage, String channel, int samples) {
        if (samples < 1) {
            return "the number of samples must be at least 1\n";
        }
        Series s = buffers.read(pipeline, stage, channel, Long.MIN_VALUE);
        if (s == null) {
            return "no ring buffer " + pipeline + "/" + stage + " with channel " + channel
                    + " (weir:buffers lists them)\n";
        }
        return render(s, samples);
    }

    static String render(Series s, int samples) {
        double[] all = s.values();
        long[] times = s.timestamps();
        if (all.length == 0) {
            return s.channel() + ": no samples yet\n";
        }
        int from = Math.max(0, all.length - samples);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < all.length; i++) {
            if (Double.isFinite(all[i])) {
                min = Math.min(min, all[i]);
                max = Math.max(max, all[i]);
            }
        }
        StringBuilder chart = new StringBuilder();
        for (int i = from; i < all.length; i++) {
            double v = all[i];
            if (!Double.isFinite(v)) {
                chart.append(' ');
            } else if (max == min) {
                chart.append(BLOCKS[0]);
            } else {
                int level = (int) Math.round((v - min) / (max - min) * (BLOCKS.length - 1));
                chart.append(BLOCKS[level]);
            }
        }
        int last = all.length - 1;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s: %d samples from %s to %s%n", s.channel(), all.length - from,
                Instant.ofEpochMilli(times[from]), Instant.ofEpochMilli(times[last])));
        b.append(String.format(Locale.ROOT, "  max %.4g%n  %s%n  min %.4g%n", max, chart, min));
        b.append("  newest:");
        for (int i = Math.max(from, last - 4); i <= last; i++) {
            b.append(String.format(Locale.ROOT, " %.4g", all[i]));
        }
        return b.append('\n').toString();
    }
}
