// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

/**
 * Receives one-line progress messages of a long-running step (generating data, each training epoch with its
 * average loss, exporting). Called on the thread doing the work, in order; it should return quickly.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores every message. */
    ProgressListener NONE = message -> {
    };

    /** @param message what is happening, one line without a trailing newline */
    void progress(String message);
}
