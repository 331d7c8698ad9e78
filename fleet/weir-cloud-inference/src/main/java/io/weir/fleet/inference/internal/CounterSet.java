// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference.internal;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

import io.weir.fleet.inference.Counters;

import org.jspecify.annotations.Nullable;

/** The service's live counters; thread-safe, updated from the MQTT callback thread and the workers. */
public final class CounterSet {

    final LongAdder received = new LongAdder();
    final LongAdder ok = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder busy = new LongAdder();
    final LongAdder expired = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder publishFailures = new LongAdder();
    final LongAdder replies = new LongAdder();
    final LongAdder failedReplies = new LongAdder();
    private volatile @Nullable String lastDropReason;

    /** Counts a message received on the request filter. */
    public void received() {
        received.increment();
    }

    /**
     * Counts a gateway's reply to a result.
     *
     * @param ok whether its {@code response.code} was 200
     */
    public void reply(boolean ok) {
        (ok ? replies : failedReplies).increment();
    }

    void dropped(String reason) {
        lastDropReason = reason;
        dropped.increment();
    }

    /**
     * @param queued how many requests wait for a worker now
     * @return a snapshot
     */
    public Counters snapshot(IntSupplier queued) {
        return new Counters(received.sum(), ok.sum(), errors.sum(), busy.sum(), expired.sum(), dropped.sum(),
                publishFailures.sum(), replies.sum(), failedReplies.sum(), queued.getAsInt(), lastDropReason);
    }
}
