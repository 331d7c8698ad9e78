// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline;

import io.weir.data.Record;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a {@link Stage} sends its output records. Implemented by Weir's pipeline engine only: a provider type.
 *
 * <p>Threads: valid only during the {@link Stage#process(Record, Emitter)} call it was passed to, and only on
 * that thread.
 */
@ProviderType
@FunctionalInterface
public interface Emitter {

    /**
     * Sends a record to every downstream node, in emission order.
     *
     * <p>May block while a downstream queue is full: that is how backpressure reaches the source. It never
     * drops the record unless the pipeline is configured with a dropping overflow policy, which counts it.
     *
     * @param record the output record, not {@code null}
     */
    void emit(Record record);
}
