// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import io.weir.driver.simulated.signal.internal.Anomalies;
import io.weir.driver.simulated.signal.internal.Drift;
import io.weir.driver.simulated.signal.internal.SignalKind;
import io.weir.driver.simulated.signal.internal.SignalSpec;
import io.weir.driver.simulated.signal.internal.Waveform;
import io.weir.driver.simulated.signal.internal.Window;
import java.util.Locale;

/**
 * A simulated vibration channel with injected anomalies: the settings of the simulated driver's {@code vibration}
 * signal that training data is generated from. {@link #defaults()} mirrors the channel {@code vibration} of the
 * gateway's default asset {@code machine} ({@code gateway-distro/.../config/weir-defaults.json}) and adds periodic
 * stuck-value windows, so that a model learns both kinds of anomaly.
 *
 * <p>Stuck windows are scheduled relative to the start of the generated data: the first begins
 * {@code stuckStartMs} after it, and they repeat every {@code stuckPeriodMs}. The default period (60.7 s) is
 * deliberately not a multiple of the signal's 10 s sampled period (3.7 Hz sampled every 100 ms repeats after 100
 * samples) nor of a 10-sample window: with a 60 s period every stuck window would freeze the same value at the
 * same window offset, and a model would learn that one value instead of "stuck".
 *
 * @param seed seed of the signal's random streams (noise, spikes, dropouts), the driver's channel {@code seed}
 * @param amplitude {@code amplitude}, at least 0
 * @param frequencyHz {@code frequencyHz}, 0 to 500
 * @param harmonics {@code harmonics}, 0 to 16
 * @param noise {@code noise}: standard deviation of the white noise, at least 0
 * @param samplePeriodMs {@code samplePeriodMs}: one sample per period, at least 1
 * @param spikeProbability {@code spikeProbability}: probability of a spike per sample period, 0 to 1
 * @param spikeMagnitude {@code spikeMagnitude}: added to or subtracted from the value, at least 0
 * @param stuckStartMs start of the first stuck window after the data's start, at least 0
 * @param stuckDurationMs {@code stuckDurationMs}: how long the value stays frozen; 0 for no stuck windows
 * @param stuckPeriodMs {@code stuckPeriodMs}: stuck windows repeat this often; greater than the duration, or 0 for
 *        a single window
 * @param dropoutProbability {@code dropoutProbability}: probability that a sample period has no value, 0 to 1
 */
public record VibrationScenario(long seed, double amplitude, double frequencyHz, int harmonics, double noise,
        long samplePeriodMs, double spikeProbability, double spikeMagnitude, long stuckStartMs, long stuckDurationMs,
        long stuckPeriodMs, double dropoutProbability) {

    /**
     * Checks every setting against the driver's bounds.
     *
     * @param seed see {@link #seed()}
     * @param amplitude see {@link #amplitude()}
     * @param frequencyHz see {@link #frequencyHz()}
     * @param harmonics see {@link #harmonics()}
     * @param noise see {@link #noise()}
     * @param samplePeriodMs see {@link #samplePeriodMs()}
     * @param spikeProbability see {@link #spikeProbability()}
     * @param spikeMagnitude see {@link #spikeMagnitude()}
     * @param stuckStartMs see {@link #stuckStartMs()}
     * @param stuckDurationMs see {@link #stuckDurationMs()}
     * @param stuckPeriodMs see {@link #stuckPeriodMs()}
     * @param dropoutProbability see {@link #dropoutProbability()}
     * @throws IllegalArgumentException naming the setting and its value
     */
    public VibrationScenario {
        requireAtLeast("amplitude", amplitude, 0);
        requireAtLeast("frequencyHz", frequencyHz, 0);
        if (frequencyHz > 500) {
            throw new IllegalArgumentException("frequencyHz must be at most 500, got " + frequencyHz);
        }
        if (harmonics < 0 || harmonics > Waveform.MAX_HARMONICS) {
            throw new IllegalArgumentException("harmonics must be in 0.." + Waveform.MAX_HARMONICS + ", got "
                    + harmonics);
        }
        requireAtLeast("noise", noise, 0);
        if (samplePeriodMs < 1) {
            throw new IllegalArgumentException("samplePeriodMs must be at least 1, got " + samplePeriodMs);
        }
        requireProbability("spikeProbability", spikeProbability);
        requireAtLeast("spikeMagnitude", spikeMagnitude, 0);
        if (stuckStartMs < 0 || stuckDurationMs < 0 || stuckPeriodMs < 0) {
            throw new IllegalArgumentException("stuckStartMs, stuckDurationMs and stuckPeriodMs must not be negative, "
                    + "got " + stuckStartMs + ", " + stuckDurationMs + ", " + stuckPeriodMs);
        }
        if (stuckPeriodMs > 0 && stuckPeriodMs <= stuckDurationMs) {
            throw new IllegalArgumentException("stuckPeriodMs " + stuckPeriodMs + " must exceed stuckDurationMs "
                    + stuckDurationMs);
        }
        requireProbability("dropoutProbability", dropoutProbability);
    }

    /**
     * The gateway's default vibration channel (amplitude 2.0, 3.7 Hz, 3 harmonics, noise 0.1, a sample every
     * 100 ms, spikes of ±8.0 with probability 0.02) plus stuck values for 3 s every 60.7 s from 20.5 s after the
     * start, no dropouts, seed 1.
     *
     * @return the default scenario
     */
    public static VibrationScenario defaults() {
        return new VibrationScenario(1, 2.0, 3.7, 3, 0.1, 100, 0.02, 8.0, 20_500, 3_000, 60_700, 0.0);
    }

    /**
     * @param newSeed the seed of the random streams
     * @return this scenario with another seed
     */
    public VibrationScenario withSeed(long newSeed) {
        return new VibrationScenario(newSeed, amplitude, frequencyHz, harmonics, noise, samplePeriodMs,
                spikeProbability, spikeMagnitude, stuckStartMs, stuckDurationMs, stuckPeriodMs, dropoutProbability);
    }

    /**
     * @param newNoise standard deviation of the white noise
     * @return this scenario with other noise
     */
    public VibrationScenario withNoise(double newNoise) {
        return new VibrationScenario(seed, amplitude, frequencyHz, harmonics, newNoise, samplePeriodMs,
                spikeProbability, spikeMagnitude, stuckStartMs, stuckDurationMs, stuckPeriodMs, dropoutProbability);
    }

    /**
     * @param probability probability of a spike per sample period; 0 for none
     * @param magnitude added to or subtracted from the value
     * @return this scenario with other spikes
     */
    public VibrationScenario withSpikes(double probability, double magnitude) {
        return new VibrationScenario(seed, amplitude, frequencyHz, harmonics, noise, samplePeriodMs, probability,
                magnitude, stuckStartMs, stuckDurationMs, stuckPeriodMs, dropoutProbability);
    }

    /**
     * @param startMs start of the first stuck window after the data's start
     * @param durationMs how long the value stays frozen; 0 for no stuck windows
     * @param periodMs repeat period, greater than the duration, or 0 for one window
     * @return this scenario with other stuck windows
     */
    public VibrationScenario withStuck(long startMs, long durationMs, long periodMs) {
        return new VibrationScenario(seed, amplitude, frequencyHz, harmonics, noise, samplePeriodMs, spikeProbability,
                spikeMagnitude, startMs, durationMs, periodMs, dropoutProbability);
    }

    /**
     * @param probability probability that a sample period has no value
     * @return this scenario with other random dropouts
     */
    public VibrationScenario withDropoutProbability(double probability) {
        return new VibrationScenario(seed, amplitude, frequencyHz, harmonics, noise, samplePeriodMs, spikeProbability,
                spikeMagnitude, stuckStartMs, stuckDurationMs, stuckPeriodMs, probability);
    }

    /**
     * The simulated driver's signal spec for data starting at {@code dataStartMs}: what {@link
     * io.weir.driver.simulated.signal.internal.Signal} computes values and the anomaly ground truth from.
     *
     * @param dataStartMs start of the generated data, epoch ms (the stuck schedule counts from here)
     * @return the spec
     */
    public SignalSpec signalSpec(long dataStartMs) {
        Waveform waveform = new Waveform(SignalKind.VIBRATION, amplitude, 0.0, frequencyHz, 0.0, noise, harmonics,
                0.5, 0.1);
        Window stuck = stuckDurationMs == 0 ? Window.NONE
                : new Window(Math.addExact(dataStartMs, stuckStartMs), stuckDurationMs, stuckPeriodMs);
        Anomalies anomalies = new Anomalies(samplePeriodMs, spikeProbability, 0, spikeMagnitude, stuck, Window.NONE,
                dropoutProbability);
        return new SignalSpec(waveform, anomalies, Drift.NONE, seed);
    }

    /**
     * @return a one-line description with every setting, in the driver's setting names
     */
    public String describe() {
        return String.format(Locale.ROOT, "simulated vibration: amplitude=%s frequencyHz=%s harmonics=%d noise=%s "
                + "samplePeriodMs=%d spikeProbability=%s spikeMagnitude=%s stuckStartMs=+%d stuckDurationMs=%d "
                + "stuckPeriodMs=%d dropoutProbability=%s seed=%d", Double.toString(amplitude),
                Double.toString(frequencyHz), harmonics, Double.toString(noise), samplePeriodMs,
                Double.toString(spikeProbability), Double.toString(spikeMagnitude), stuckStartMs, stuckDurationMs,
                stuckPeriodMs, Double.toString(dropoutProbability), seed);
    }

    private static void requireAtLeast(String name, double value, double min) {
        if (!Double.isFinite(value) || value < min) {
            throw new IllegalArgumentException(name + " must be a finite number of at least " + min + ", got "
                    + value);
        }
    }

    private static void requireProbability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }
}
