// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store.internal;

import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The in-memory index of durable, unacknowledged messages: per priority, the ids in send order with their accounted
 * sizes, plus the totals the capacity check needs.
 *
 * <p>Mutations and {@link BatchPlan} admissions synchronise on this object. Iterating {@link #ids(int)} needs no
 * lock (a weakly consistent view).
 *
 * <p><b>Visibility.</b> The writer adds a commit's messages one by one, possibly across several priorities, and then
 * {@link #publish publishes} the commit's highest sequence number. Readers ({@code pending}) read
 * {@link #visibleSeq()} once before iterating and leave out ids with a higher sequence number, so they see a commit
 * (and so an atomic batch) completely or not at all: sequence numbers only grow, so every id up to the published
 * one belongs to a commit whose messages were all added before the publication.
 */
public final class SendIndex {
    /** The number of priorities (0..9). */
    public static final int PRIORITIES = 10;

    private final ConcurrentSkipListMap<Long, Integer>[] byPriority;
    private final int[] perPriority = new int[PRIORITIES];
    private long messages;
    private long bytes;
    private volatile long visibleSeq;

    /** Creates an empty index. */
    @SuppressWarnings("unchecked")
    public SendIndex() {
        byPriority = new ConcurrentSkipListMap[PRIORITIES];
        for (int p = 0; p < PRIORITIES; p++) {
            byPriority[p] = new ConcurrentSkipListMap<>();
        }
    }

    /**
     * Adds a durable message.
     *
     * @param id its id
     * @param size its accounted size
     */
    public synchronized void add(long id, int size) {
        int p = MessageCodec.priority(id);
        if (byPriority[p].putIfAbsent(id, size) == null) {
            messages++;
            bytes += size;
            perPriority[p]++;
        }
    }

    /**
     * Removes a message.
     *
     * @param id its id
     * @return its accounted size, or -1 if it was not in the index
     */
    public synchronized int remove(long id) {
        int p = MessageCodec.priority(id);
        if (p < 0 || p >= PRIORITIES) {
            return -1;
        }
        Integer size = byPriority[p].remove(id);
        if (size == null) {
            return -1;
        }
        messages--;
        bytes -= size;
        perPriority[p]--;
        return size;
    }

    /**
     * Makes every message added so far with a sequence number up to {@code seq} visible to readers. Never lowers it.
     *
     * @param seq the highest sequence number of the messages added so far
     */
    public synchronized void publish(long seq) {
        if (seq > visibleSeq) {
            visibleSeq = seq;
        }
    }

    /** @return the highest sequence number readers may list; read it once before iterating {@link #ids(int)} */
    public long visibleSeq() {
        return visibleSeq;
    }

    /** @param id an id @return whether it is in the index */
    public boolean contains(long id) {
        int p = MessageCodec.priority(id);
        return p >= 0 && p < PRIORITIES && byPriority[p].containsKey(id);
    }

    /**
     * @param priority 0..9
     * @return the ids of that priority in send order; a live, weakly consistent, unmodifiable-by-contract view
     */
    public NavigableSet<Long> ids(int priority) {
        return byPriority[priority].keySet();
    }

    /** @param priority 0..9 @return the id to accounted size map of that priority (caller holds the lock) */
    ConcurrentSkipListMap<Long, Integer> map(int priority) {
        return byPriority[priority];
    }

    /** @return stored messages */
    public synchronized long messages() {
        return messages;
    }

    /** @return accounted bytes stored */
    public synchronized long bytes() {
        return bytes;
    }

    /** @return a copy of the per-priority counts */
    public synchronized int[] perPriority() {
        return perPriority.clone();
    }
}
