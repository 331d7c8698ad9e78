// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import io.weir.driver.simulated.signal.internal.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Generates labelled window features from a {@link VibrationScenario} with the simulated driver's own {@link
 * Signal}, so that training data is what the gateway's default data path produces: the channel {@value #CHANNEL}
 * sampled once per {@code samplePeriodMs}, cut into tumbling count windows as the pipeline's {@code window} stage
 * does ({@code mode tumbling, basis count}), with the features of {@link WindowFeatures}.
 *
 * <p>Sample {@code k} is taken at {@code startEpochMs + k · samplePeriodMs}; window {@code w} holds samples {@code
 * w · windowSize} to {@code (w + 1) · windowSize − 1}. A dropout sample has no value: it keeps its place in the
 * window (the gateway's record still arrives, without this channel) but is not a sample of the features; a window
 * of dropouts only has no features and gives no example. A window is labelled an anomaly when the signal's ground
 * truth ({@link Signal#isAnomaly(long)}: spike, stuck value or dropout) is true at any of its sample times. An
 * incomplete last window is dropped.
 */
public final class VibrationDataset {

    /** The channel name: the gateway's default asset calls its vibration channel this. */
    public static final String CHANNEL = "vibration";

    private VibrationDataset() {
    }

    /**
     * @param scenario the signal and its anomalies
     * @param startEpochMs time of the first sample, epoch ms (the scenario's stuck schedule counts from here)
     * @param durationMs how much signal to generate
     * @param windowSize samples per window, at least 1 (the gateway's default pipeline uses 10)
     * @return the examples, with the feature names {@code vibration_mean, vibration_min, vibration_max,
     *         vibration_std, vibration_rms, vibration_p2p} and a description of the scenario and time range
     * @throws IllegalArgumentException if the window size is below 1 or the duration shorter than one window
     */
    public static LabelledData generate(VibrationScenario scenario, long startEpochMs, long durationMs,
            int windowSize) {
        if (windowSize < 1) {
            throw new IllegalArgumentException("windowSize must be at least 1, got " + windowSize);
        }
        long period = scenario.samplePeriodMs();
        long windowMs = Math.multiplyExact(period, windowSize);
        if (durationMs < windowMs) {
            throw new IllegalArgumentException("durationMs " + durationMs + " is shorter than one window of "
                    + windowSize + " samples every " + period + " ms (" + windowMs + " ms)");
        }
        Signal signal = new Signal(scenario.signalSpec(startEpochMs));
        long windows = durationMs / windowMs;
        if (windows > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("durationMs " + durationMs + " gives too many windows: " + windows);
        }
        List<LabelledExample> examples = new ArrayList<>((int) windows);
        double[] samples = new double[windowSize];
        for (long w = 0; w < windows; w++) {
            long first = startEpochMs + w * windowMs;
            boolean anomaly = false;
            for (int i = 0; i < windowSize; i++) {
                long t = first + i * period;
                samples[i] = signal.isDropout(t) ? Double.NaN : signal.value(t);
                anomaly |= signal.isAnomaly(t);
            }
            double[] features = WindowFeatures.compute(samples);
            if (!Double.isNaN(features[0])) {
                examples.add(new LabelledExample(features, anomaly));
            }
        }
        String description = String.format(Locale.ROOT, "%s; %d-sample windows from %s for %s ms", scenario.describe(),
                windowSize, Instant.ofEpochMilli(startEpochMs), durationMs);
        return new LabelledData(WindowFeatures.names(CHANNEL), examples, description);
    }

    /**
     * Like {@link #generate}, but as {@code segments} equal runs, each starting a little over a second after the
     * previous one ended plus an offset that is not a multiple of the sample period ({@code 37 i mod 1000} ms). A
     * gateway's windows can start at any phase of the signal (its clock, and where its count windows begin, are
     * arbitrary); one run only covers the phases of one alignment, so its feature distributions are spiky mixtures a
     * drift detector would find far from any other alignment. Segments spread the phases.
     *
     * @param scenario the signal
     * @param startEpochMs start of the first segment, epoch ms
     * @param durationMs total duration of the segments
     * @param windowSize samples per window
     * @param segments number of segments, at least 1; each must hold at least one window
     * @return the examples of every segment, in order
     */
    public static LabelledData generatePhased(VibrationScenario scenario, long startEpochMs, long durationMs,
            int windowSize, int segments) {
        if (segments < 1) {
            throw new IllegalArgumentException("segments must be at least 1, got " + segments);
        }
        long segmentMs = durationMs / segments;
        List<LabelledExample> examples = new ArrayList<>();
        List<String> names = null;
        for (int i = 0; i < segments; i++) {
            long start = Math.addExact(startEpochMs, i * (segmentMs + 1000L) + (37L * i) % 1000L);
            LabelledData part = generate(scenario, start, segmentMs, windowSize);
            names = part.featureNames();
            examples.addAll(part.examples());
        }
        String description = String.format(Locale.ROOT, "%s; %d-sample windows in %d phase-shifted segments of %s ms "
                + "from %s", scenario.describe(), windowSize, segments, segmentMs, Instant.ofEpochMilli(startEpochMs));
        return new LabelledData(names, examples, description);
    }
}
