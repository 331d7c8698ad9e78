// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.weir.data.Record;

/**
 * The bounded queue in front of a pipeline. Producers add whole batches (one lock round-trip per batch); the
 * pipeline's worker drains up to a chunk at a time. When full, {@link OverflowPolicy#BLOCK} makes producers
 * wait (backpressure) and {@link OverflowPolicy#DROP_OLDEST} drops the oldest records, counting them.
 */
final class RecordQueue {

    private final Record[] ring;
    private final OverflowPolicy policy;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private int head;
    private int size;
    private long dropped;
    private boolean closed;

    RecordQueue(int capacity, OverflowPolicy policy) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1");
        }
        this.ring = new Record[capacity];
        this.policy = policy;
    }

    int capacity() {
        return ring.length;
    }

    /**
     * Adds the records in order. With BLOCK, waits while the queue is full.
     *
     * @return the number of records accepted; fewer than given only if the queue was closed meanwhile
     * @throws InterruptedException if interrupted while waiting for room; records added so far stay queued
     */
    int putAll(List<Record> records) throws InterruptedException {
        int accepted = 0;
        lock.lockInterruptibly();
        try {
            for (Record r : records) {
                while (size == ring.length && !closed) {
                    if (policy == OverflowPolicy.DROP_OLDEST) {
                        ring[head] = null;
                        head = (head + 1) % ring.length;
                        size--;
                        dropped++;
                    } else {
                        if (accepted > 0) {
                            notEmpty.signal();
                        }
                        notFull.await();
                    }
                }
                if (closed) {
                    return accepted;
                }
                ring[(head + size) % ring.length] = r;
                size++;
                accepted++;
            }
            if (accepted > 0) {
                notEmpty.signal();
            }
            return accepted;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves up to {@code max} records into {@code into}, waiting up to the timeout for the first one.
     *
     * @return the number moved; 0 on timeout or when closed and empty
     */
    int drainTo(Record[] into, int max, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                if (closed || nanos <= 0) {
                    return 0;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            int n = Math.min(max, size);
            for (int i = 0; i < n; i++) {
                into[i] = ring[head];
                ring[head] = null;
                head = (head + 1) % ring.length;
            }
            size -= n;
            notFull.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting producer and consumer; no further records are accepted. Queued records stay. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notFull.signalAll();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
