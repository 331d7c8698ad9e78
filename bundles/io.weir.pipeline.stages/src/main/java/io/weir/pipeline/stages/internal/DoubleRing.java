// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

/** The last {@code capacity} doubles added, oldest first. Not thread-safe; allocation-free after construction. */
final class DoubleRing {

    private final double[] values;
    private int size;
    private int next;

    DoubleRing(int capacity) {
        this.values = new double[capacity];
    }

    int capacity() {
        return values.length;
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size == values.length;
    }

    /** Adds a value, evicting the oldest when full. @return the evicted value, or NaN if none was evicted */
    double add(double value) {
        double evicted = Double.NaN;
        if (size == values.length) {
            evicted = values[next];
        } else {
            size++;
        }
        values[next] = value;
        next = next + 1 == values.length ? 0 : next + 1;
        return evicted;
    }

    /** @param i 0 for the oldest value, {@code size() - 1} for the newest */
    double get(int i) {
        int start = size == values.length ? next : 0;
        int k = start + i;
        return values[k >= values.length ? k - values.length : k];
    }

    /** Copies the values, oldest first, into {@code target} from index 0. @return the number copied */
    int copyTo(double[] target) {
        int start = size == values.length ? next : 0;
        int first = Math.min(size, values.length - start);
        System.arraycopy(values, start, target, 0, first);
        System.arraycopy(values, 0, target, first, size - first);
        return size;
    }

    void clear() {
        size = 0;
        next = 0;
    }
}
