// SPDX-License-Identifier: Apache-2.0
package io.weir.data;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives records, for example from an asset or at the end of a pipeline. Implemented by many bundles,
 * hence a consumer type.
 *
 * <p>Threading: the producer calls {@link #onRecords(RecordBatch)} from its own thread, one call at a time
 * per producer, in order. The call may block briefly to apply backpressure; it must not block indefinitely.
 */
@ConsumerType
@FunctionalInterface
public interface RecordListener {

    /**
     * @param batch the records, in production order; never {@code null}, may be empty
     */
    void onRecords(RecordBatch batch);
}
