// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of one simulated device, factory PID {@value SimulatedDriver#PID}. The channels themselves are
 * configured on the asset (their settings are described by the driver's channel descriptor).
 */
@ObjectClassDefinition(name = "Weir simulated driver",
        description = "A simulated device with deterministic, seedable signals (sine, square, random walk, vibration, "
                + "temperature, constant), injected anomalies and concept drift. One configuration per device.")
@interface SimulatedDriverConfig {

    @AttributeDefinition(name = "Driver name",
            description = "Unique name of this driver instance on the gateway; assets select their driver by it "
                    + "(published as the service property weir.driver.name).")
    String weir_driver_name();

    @AttributeDefinition(name = "Seed",
            description = "Seed of every random stream (noise, random walks, spikes, dropouts). A channel without its "
                    + "own seed setting uses a hash of this seed and the channel name.")
    long seed() default 0L;

    @AttributeDefinition(name = "Schedule origin",
            description = "What the channel settings stuckStartMs, dropoutStartMs and driftStartMs count from: START "
                    + "= milliseconds after the driver's clock started (activation, or clockStartMs), EPOCH = "
                    + "absolute epoch milliseconds.")
    ScheduleOrigin scheduleOrigin() default ScheduleOrigin.START;

    @AttributeDefinition(name = "Clock start (epoch ms)", min = "0",
            description = "0: sample times are the wall clock. Otherwise the driver's clock starts at this epoch "
                    + "millisecond when the driver is activated and runs from there (replays and reproducible runs).")
    long clockStartMs() default 0L;

    @AttributeDefinition(name = "Time scale", min = "0.001", max = "1000000",
            description = "Simulated milliseconds per real millisecond. 1 = real time; 1000 delivers a second of "
                    + "samples every millisecond to listeners (fast-forward for tests and benchmarks).")
    double timeScale() default 1.0;

    @AttributeDefinition(name = "Device available",
            description = "false simulates an unreachable device: connect fails and every read, write and listen "
                    + "sample reports COMMUNICATION_ERROR.")
    boolean available() default true;
}
