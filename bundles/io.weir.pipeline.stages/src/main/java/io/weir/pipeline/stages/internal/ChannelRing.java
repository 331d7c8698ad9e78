// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import io.weir.pipeline.stages.buffer.Series;

/**
 * The last {@code capacity} samples (timestamp, value) of one channel, in arrival order. Written by the
 * pipeline thread, read by any thread: both sides hold the ring's monitor, which is uncontended except while a
 * reader copies, and a copy is a few array copies.
 */
final class ChannelRing {

    private final String channel;
    private final long[] timestamps;
    private final double[] values;
    private int next;
    private int size;

    ChannelRing(String channel, int capacity) {
        this.channel = channel;
        this.timestamps = new long[capacity];
        this.values = new double[capacity];
    }

    String channel() {
        return channel;
    }

    synchronized void add(long timestamp, double value) {
        timestamps[next] = timestamp;
        values[next] = value;
        next = next + 1 == values.length ? 0 : next + 1;
        if (size < values.length) {
            size++;
        }
    }

    /** @return the samples newer than {@code afterTimestamp}, oldest arrival first */
    synchronized Series read(long afterTimestamp) {
        int start = size == values.length ? next : 0;
        int n = 0;
        for (int k = 0, i = start; k < size; k++, i = i + 1 == values.length ? 0 : i + 1) {
            if (timestamps[i] > afterTimestamp) {
                n++;
            }
        }
        long[] t = new long[n];
        double[] v = new double[n];
        int j = 0;
        for (int k = 0, i = start; k < size; k++, i = i + 1 == values.length ? 0 : i + 1) {
            if (timestamps[i] > afterTimestamp) {
                t[j] = timestamps[i];
                v[j] = values[i];
                j++;
            }
        }
        return new Series(channel, t, v);
    }
}
