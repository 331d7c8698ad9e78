// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Model inputs as the gateway produces them: a simulated vibration signal (3.7 Hz, amplitude 2, 3 harmonics, noise
 * 0.1, one sample every 100 ms, 2 % spikes of ±8, a stuck stretch of 3 s every 60.7 s: the defaults of the training
 * scenario), cut into tumbling windows of 10 samples, each window turned into the pipeline's window features (mean,
 * min, max, std, rms, p2p, computed as the {@code window} stage does), then standardised with the model's {@code
 * input.mean} / {@code input.scale} metadata as the inference stage does. Seeded: every run gets the same rows.
 */
final class FeatureWindows {

    static final List<String> FEATURES = List.of("mean", "min", "max", "std", "rms", "p2p");
    private static final int WINDOW = 10;
    private static final double PERIOD_S = 0.1;
    private static final int STUCK_EVERY = 607;
    private static final int STUCK_FOR = 30;

    private FeatureWindows() {
    }

    static List<String> names(String channel) {
        List<String> n = new ArrayList<>();
        for (String f : FEATURES) {
            n.add(channel + "_" + f);
        }
        return n;
    }

    /**
     * @param count rows to make
     * @param names the model's input feature names ({@code <channel>_<feature>}), one per input column
     * @param mean per-column mean to subtract, or {@code null}
     * @param scale per-column scale to divide by, or {@code null}
     * @return {@code count} rows of {@code names.size()} floats
     */
    static float[][] rows(int count, List<String> names, double[] mean, double[] scale, long seed) {
        Random random = new Random(seed);
        Map<String, Channel> channels = new LinkedHashMap<>();
        int[] featureOf = new int[names.size()];
        Channel[] channelOf = new Channel[names.size()];
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            int us = n.lastIndexOf('_');
            String ch = us > 0 ? n.substring(0, us) : n;
            featureOf[i] = us > 0 ? FEATURES.indexOf(n.substring(us + 1)) : -1;
            channelOf[i] = channels.computeIfAbsent(ch, k -> new Channel(random.nextLong(), channels.size()));
        }
        float[][] rows = new float[count][names.size()];
        for (int r = 0; r < count; r++) {
            for (Channel c : channels.values()) {
                c.nextWindow();
            }
            for (int i = 0; i < names.size(); i++) {
                double v = featureOf[i] >= 0 ? channelOf[i].features[featureOf[i]] : random.nextGaussian();
                if (mean != null && scale != null) {
                    v = (v - mean[i]) / scale[i];
                }
                rows[r][i] = (float) v;
            }
        }
        return rows;
    }

    /** @return per-column mean and population standard deviation of rows (a stand-in for a model's standardiser) */
    static double[][] standardiser(float[][] rows) {
        int n = rows[0].length;
        double[] mean = new double[n];
        double[] scale = new double[n];
        for (float[] r : rows) {
            for (int i = 0; i < n; i++) {
                mean[i] += r[i];
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] /= rows.length;
        }
        for (float[] r : rows) {
            for (int i = 0; i < n; i++) {
                double d = r[i] - mean[i];
                scale[i] += d * d;
            }
        }
        for (int i = 0; i < n; i++) {
            scale[i] = Math.sqrt(scale[i] / rows.length);
            if (scale[i] == 0) {
                scale[i] = 1;
            }
        }
        return new double[][] { mean, scale };
    }

    /** One simulated vibration channel. */
    private static final class Channel {
        final Random random;
        final double phase;
        final double[] samples = new double[WINDOW];
        double[] features = new double[FEATURES.size()];
        long k;
        double last;

        Channel(long seed, int index) {
            this.random = new Random(seed);
            this.phase = index * 0.9;
        }

        void nextWindow() {
            for (int i = 0; i < WINDOW; i++, k++) {
                double x;
                if (k % STUCK_EVERY < STUCK_FOR && k >= STUCK_EVERY) {
                    x = last; // a stuck sensor repeats its last value
                } else {
                    double t = k * PERIOD_S;
                    double w = 2 * Math.PI * 3.7 * t + phase;
                    x = Math.sin(w);
                    double a = 1;
                    for (int h = 1; h <= 3; h++) {
                        a *= 0.5;
                        x += a * Math.sin((h + 1) * w + h);
                    }
                    x = 2.0 * x + 0.1 * random.nextGaussian();
                    if (random.nextDouble() < 0.02) {
                        x += random.nextBoolean() ? 8.0 : -8.0;
                    }
                    last = x;
                }
                samples[i] = x;
            }
            features = compute(samples);
        }
    }

    /** The window stage's features: mean, min, max, std (population, two passes), rms, p2p. */
    static double[] compute(double[] samples) {
        int n = 0;
        double sum = 0;
        double sumSquares = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : samples) {
            n++;
            sum += x;
            sumSquares += x * x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double mean = sum / n;
        double deviations = 0;
        for (double x : samples) {
            double d = x - mean;
            deviations += d * d;
        }
        return new double[] { mean, min, max, Math.sqrt(deviations / n), Math.sqrt(sumSquares / n), max - min };
    }
}
