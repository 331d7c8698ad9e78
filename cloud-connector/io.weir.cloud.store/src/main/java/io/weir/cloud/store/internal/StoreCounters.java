// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store.internal;

import java.util.concurrent.atomic.AtomicLong;

/** The counters behind {@link io.weir.cloud.store.StoreStats}, shared by the writer and the API threads. */
public final class StoreCounters {
    /** Messages made durable. */
    public final AtomicLong appended = new AtomicLong();
    /** Messages acknowledged. */
    public final AtomicLong acked = new AtomicLong();
    /** Appends refused by the capacity policy. */
    public final AtomicLong rejectedFull = new AtomicLong();
    /** Messages evicted. */
    public final AtomicLong evicted = new AtomicLong();
    /** Failed writes. */
    public final AtomicLong failures = new AtomicLong();
    /** Successful commits (each with an fsync). */
    public final AtomicLong commits = new AtomicLong();
    /** Duration of the last commit including its fsync, in microseconds. */
    public final AtomicLong lastCommitMicros = new AtomicLong();
}
