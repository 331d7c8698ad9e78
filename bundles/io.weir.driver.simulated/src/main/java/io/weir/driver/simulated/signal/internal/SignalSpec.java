// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.signal.internal;

import java.util.Objects;

/**
 * Everything a simulated signal's values depend on. A {@link Signal} built from equal specs gives equal values
 * for equal times.
 *
 * @param waveform the regular part
 * @param anomalies the injected anomalies
 * @param drift the concept drift
 * @param seed the seed of every random stream of the signal (noise, random walk, spikes, dropouts)
 */
public record SignalSpec(Waveform waveform, Anomalies anomalies, Drift drift, long seed) {

    /**
     * Checks for {@code null}.
     *
     * @param waveform see {@link #waveform()}
     * @param anomalies see {@link #anomalies()}
     * @param drift see {@link #drift()}
     * @param seed see {@link #seed()}
     */
    public SignalSpec {
        Objects.requireNonNull(waveform, "waveform");
        Objects.requireNonNull(anomalies, "anomalies");
        Objects.requireNonNull(drift, "drift");
    }

    /**
     * @param waveform the regular part
     * @param seed the seed
     * @return a spec without anomalies and drift
     */
    public static SignalSpec of(Waveform waveform, long seed) {
        return new SignalSpec(waveform, Anomalies.NONE, Drift.NONE, seed);
    }
}
