// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.internal;

/** What the {@code …StartMs} channel settings (stuck and dropout windows, drift) count from. */
public enum ScheduleOrigin {
    /** Milliseconds after the driver's clock started: the activation time, or {@code clockStartMs} if set. */
    START,
    /** Absolute epoch milliseconds. */
    EPOCH
}
