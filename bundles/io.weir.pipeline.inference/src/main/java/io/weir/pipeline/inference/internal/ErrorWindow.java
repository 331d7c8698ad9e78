// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

/**
 * Whether each of the last {@code capacity} labelled records was mispredicted, with a running error count: O(1) per
 * sample. Not thread-safe: used on the stage's thread.
 */
final class ErrorWindow {

    private final boolean[] ring;
    private int next;
    private int size;
    private int errors;

    ErrorWindow(int capacity) {
        this.ring = new boolean[capacity];
    }

    void add(boolean error) {
        if (size == ring.length) {
            if (ring[next]) {
                errors--;
            }
        } else {
            size++;
        }
        ring[next] = error;
        if (error) {
            errors++;
        }
        next = next + 1 == ring.length ? 0 : next + 1;
    }

    int size() {
        return size;
    }

    /** @return the error rate over the window, NaN if it is empty */
    double rate() {
        return size == 0 ? Double.NaN : (double) errors / size;
    }
}
