// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The predictions waiting for a ground truth that arrives later ({@code groundTruthTimeField}): the predicted label
 * of each scored record, by the record's timestamp, for at most {@code maxDelayMs} of record time and at most
 * {@code maxPending} of them (the oldest go first). Several records with the same timestamp keep the first
 * prediction. Not thread-safe: the pipeline's thread only.
 */
final class PendingLabels {

    private final long maxDelayMs;
    private final int maxPending;
    private final Map<Long, Boolean> predicted = new HashMap<>();
    private final ArrayDeque<Long> order = new ArrayDeque<>();
    private long expired;

    /**
     * @param maxDelayMs how long a prediction waits, in record time
     * @param maxPending how many wait at most
     */
    PendingLabels(long maxDelayMs, int maxPending) {
        this.maxDelayMs = maxDelayMs;
        this.maxPending = maxPending;
    }

    /**
     * Keeps a prediction, dropping those too old for a record at {@code timestamp} and the oldest beyond the limit.
     *
     * @param timestamp the scored record's timestamp
     * @param label the predicted label
     */
    void put(long timestamp, boolean label) {
        evict(timestamp);
        if (predicted.putIfAbsent(timestamp, label) == null) {
            order.addLast(timestamp);
            while (order.size() > maxPending) {
                dropOldest();
            }
        }
    }

    /**
     * Takes the prediction made for the record at {@code forTimestamp}, first dropping those too old for a record at
     * {@code now}.
     *
     * @return the predicted label, or {@code null} if none waits for it (never scored, labelled already, expired)
     */
    @Nullable
    Boolean take(long forTimestamp, long now) {
        evict(now);
        Boolean label = predicted.remove(forTimestamp);
        if (label != null) {
            order.remove(forTimestamp); // usually near the head: labels tend to come in order
        }
        return label;
    }

    /** Drops every waiting prediction (another model version now scores; its predictions are its own). */
    void clear() {
        expired += order.size();
        order.clear();
        predicted.clear();
    }

    /** @return predictions dropped without a label so far */
    long expired() {
        return expired;
    }

    /** @return predictions waiting now */
    int size() {
        return order.size();
    }

    private void evict(long now) {
        while (!order.isEmpty() && now - order.peekFirst() > maxDelayMs) {
            dropOldest();
        }
    }

    private void dropOldest() {
        predicted.remove(order.pollFirst());
        expired++;
    }
}
