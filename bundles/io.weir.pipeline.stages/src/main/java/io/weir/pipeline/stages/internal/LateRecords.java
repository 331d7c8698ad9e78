// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.util.function.LongSupplier;

import io.weir.pipeline.StageException;

/**
 * Applies a {@link LatePolicy} to records that arrive too late for a time-based stage and counts them. Dropped
 * records are logged at WARN at most once a minute with the running count, so a clock problem upstream is
 * visible without flooding the log. One instance per stage; used on the stage's thread only.
 */
final class LateRecords {

    private final String where;
    private final LatePolicy policy;
    private final ThrottledWarning dropped;
    private long count;

    LateRecords(String where, LatePolicy policy, LongSupplier nanoClock) {
        this.where = where;
        this.policy = policy;
        this.dropped = new ThrottledWarning(where, "late records dropped", nanoClock);
    }

    /**
     * Handles one late record.
     *
     * @param reason why it is late, for example {@code "timestamp 900 is before the open window [1000, 2000)"}
     * @throws StageException naming the reason if the policy is {@link LatePolicy#DEAD_LETTER}
     */
    void late(String reason) throws StageException {
        count++;
        if (policy == LatePolicy.DEAD_LETTER) {
            throw new StageException(where + ": late record: " + reason);
        }
        dropped.occurred(reason);
    }

    /** @return late records seen since the stage was created, dropped or dead-lettered */
    long count() {
        return count;
    }
}
