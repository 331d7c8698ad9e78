// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.math.BigDecimal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;

/** Stage type {@code fft-bands}: spectral band energies for vibration analysis. */
@Component(service = StageFactory.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(FftBandsStageFactory.TYPE)
public final class FftBandsStageFactory implements StageFactory {

    static final String TYPE = "fft-bands";
    static final int MAX_SIZE = 1 << 16;

    /** Node configuration. */
    @interface Config {
        /** @return the channels to analyse (required) */
        String[] channels();

        /** @return samples per FFT frame: a power of two, 4 to 65536 */
        int size() default 256;

        /** @return samples between two frames, 1 to size; default (0) = size (no overlap) */
        int step() default 0;

        /** @return the channel's sampling rate in Hz (required) */
        double sampleRateHz();

        /** @return ascending band edges in Hz, 0 to sampleRateHz/2; n edges make n - 1 bands (required) */
        double[] bandEdgesHz();

        /** @return {@code hann} or {@code rectangular} */
        String windowFunction() default "hann";

        /** @return subtract each frame's mean first (removes DC, e.g. gravity on an accelerometer) */
        boolean removeMean() default true;

        /** @return restart a channel's frame after a gap longer than this (record time); 0 = never */
        long maxGapMs() default 0;
    }

    @Override
    public Stage create(StageContext context) {
        Settings s = new Settings(context, TYPE);
        Config c = context.config(Config.class);
        String[] channels = s.channels("channels", c::channels, false);
        int size = s.intBetween("size", c::size, 4, MAX_SIZE);
        if (Integer.bitCount(size) != 1) {
            throw s.invalid("size", "must be a power of two, was " + size);
        }
        int step = s.intBetween("step", c::step, 0, size);
        double rate = s.positive("sampleRateHz", c::sampleRateHz);
        double[] edges = s.get("bandEdgesHz", c::bandEdgesHz).clone();
        if (edges.length < 2) {
            throw s.invalid("bandEdgesHz", "at least two edges (one band) are required");
        }
        String[] labels = new String[edges.length];
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i]) || edges[i] < 0 || edges[i] > rate / 2) {
                throw s.invalid("bandEdgesHz", "edge " + edges[i] + " is outside 0 to " + rate / 2
                        + " Hz (half the sample rate)");
            }
            if (i > 0 && edges[i] <= edges[i - 1]) {
                throw s.invalid("bandEdgesHz", "edges must be strictly ascending: " + edges[i - 1] + ", " + edges[i]);
            }
            labels[i] = BigDecimal.valueOf(edges[i]).stripTrailingZeros().toPlainString();
        }
        boolean hann = "hann".equals(s.oneOf("windowFunction", c::windowFunction, "hann", "rectangular"));
        boolean removeMean = s.get("removeMean", c::removeMean);
        long maxGapMs = s.longBetween("maxGapMs", c::maxGapMs, 0, Long.MAX_VALUE);
        FftBandsStage stage = new FftBandsStage(s.where(), channels, size, step == 0 ? size : step, rate, edges,
                labels, hann, removeMean, maxGapMs);
        for (int b = 0; b < edges.length - 1; b++) {
            int[] bins = stage.bins(b);
            if (bins[0] < 0) {
                throw s.invalid("bandEdgesHz", "band " + labels[b] + "-" + labels[b + 1] + " Hz contains no FFT bin"
                        + " (bins are " + rate / size + " Hz apart; widen the band or raise size)");
            }
        }
        return stage;
    }
}
