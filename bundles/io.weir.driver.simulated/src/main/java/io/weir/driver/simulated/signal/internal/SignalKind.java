// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.signal.internal;

import java.util.Optional;

/** The waveform of a simulated signal, with the name used in channel settings. */
public enum SignalKind {
    /** {@code sin(2π·cycles + phase)}. */
    SINE("sine"),
    /** +1 for the first {@code dutyCycle} of each period, -1 for the rest. */
    SQUARE("square"),
    /** A Gaussian random walk reflected into [-1, 1], one step per {@code 1/frequencyHz}. */
    RANDOM_WALK("randomWalk"),
    /** A fundamental and its harmonics: {@code Σ sin(k·x)/k} for k = 1 .. harmonics + 1. */
    VIBRATION("vibration"),
    /** A daily cycle: -1 at 03:00 UTC, +1 at 15:00 UTC (before the phase shift). */
    TEMPERATURE("temperature"),
    /** 0: the value is the offset (a setpoint). */
    CONSTANT("constant");

    private final String settingName;

    SignalKind(String settingName) {
        this.settingName = settingName;
    }

    /** @return the name in channel settings, for example {@code randomWalk} */
    public String settingName() {
        return settingName;
    }

    /**
     * @param name a setting value, case-sensitive
     * @return the kind with that {@link #settingName()}, or empty
     */
    public static Optional<SignalKind> fromSettingName(String name) {
        for (SignalKind kind : values()) {
            if (kind.settingName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
