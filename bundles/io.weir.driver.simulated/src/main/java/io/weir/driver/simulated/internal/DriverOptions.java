// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.internal;

import java.util.Objects;

/**
 * The driver-level configuration, validated. Built from {@link SimulatedDriverConfig} by the component and
 * directly by unit tests.
 *
 * @param name the unique driver instance name, not blank
 * @param seed the driver seed
 * @param scheduleOrigin what channel start times count from
 * @param clockStartMs 0 for the wall clock, else the epoch ms the driver's clock starts at
 * @param timeScale simulated ms per real ms, in [0.001, 1e6]
 * @param available false to simulate an unreachable device
 */
record DriverOptions(String name, long seed, ScheduleOrigin scheduleOrigin, long clockStartMs, double timeScale,
        boolean available) {

    /** Largest accepted epoch millisecond for clock starts and channel times (year 5138): sums cannot overflow. */
    static final long MAX_TIME_MS = 100_000_000_000_000L;

    DriverOptions {
        if (name == null || name.isBlank()) {
            throw invalid(Objects.toString(name), "weir.driver.name", "is required and must not be blank");
        }
        Objects.requireNonNull(scheduleOrigin, "scheduleOrigin");
        if (clockStartMs < 0 || clockStartMs > MAX_TIME_MS) {
            throw invalid(name, "clockStartMs", "must be between 0 and " + MAX_TIME_MS + ", got " + clockStartMs);
        }
        if (!(timeScale >= 0.001 && timeScale <= 1_000_000)) {
            throw invalid(name, "timeScale", "must be between 0.001 and 1000000, got " + timeScale);
        }
    }

    static DriverOptions from(SimulatedDriverConfig config) {
        return new DriverOptions(config.weir_driver_name(), config.seed(), config.scheduleOrigin(),
                config.clockStartMs(), config.timeScale(), config.available());
    }

    private static IllegalArgumentException invalid(String name, String attribute, String problem) {
        return new IllegalArgumentException(SimulatedDriver.PID + " '" + name + "': attribute " + attribute + " "
                + problem);
    }
}
