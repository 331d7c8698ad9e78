// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

/** What a pipeline does when its input queue is full. */
public enum OverflowPolicy {
    /** The producer (the asset's thread) waits: backpressure to the source. The default. */
    BLOCK,
    /** The oldest queued record is dropped to make room, and counted. */
    DROP_OLDEST
}
