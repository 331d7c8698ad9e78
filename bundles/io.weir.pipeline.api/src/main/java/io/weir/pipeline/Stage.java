// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline;

import io.weir.data.Record;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One processing step of a pipeline: scale, filter, window, infer, publish ... A stage is a plain object made
 * by a {@link StageFactory} for one node of one pipeline; it is not a service.
 *
 * <p>Implemented by many bundles (Weir's stage library and integrators' own stages), hence a consumer type.
 *
 * <p>Threads: the engine calls {@link #process(Record, Emitter)} on one thread at a time, in the order of the
 * stage's input queue, and successive calls happen-before each other; no synchronisation is needed for the
 * stage's own state. {@code process} should not block except through {@link Emitter#emit(Record)}
 * (backpressure); a stage that must wait for I/O hands the work to a service that does.
 */
@ConsumerType
public interface Stage {

    /**
     * Processes one record: emits zero, one or many records derived from it (a filter emits none, a window
     * emits one per closed window, a pass-through stage emits the input unchanged).
     *
     * @param record the input record, never {@code null}
     * @param out where to send output records; valid only during this call and on this thread
     * @throws StageException if the record cannot be processed (for example a value of the wrong type); the
     *         engine counts the error, sends the record to the dead-letter sink with the message and goes on.
     *         Records already emitted for this input stay emitted. A runtime exception is treated the same way.
     */
    void process(Record record, Emitter out) throws StageException;

    /**
     * Releases what the stage holds (model sessions, buffers). Called once, after the last {@link
     * #process(Record, Emitter)} call has returned (and happens-after it), when the node is removed, the
     * pipeline stops, or the stage's bundle goes away. Records a stage still buffers (an unfinished window) are
     * dropped. Must not throw and must not block for long. The default does nothing.
     */
    default void close() {
        // nothing to release
    }
}
