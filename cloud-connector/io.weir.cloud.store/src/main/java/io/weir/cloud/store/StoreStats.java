// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import java.util.Arrays;

/**
 * A snapshot of a {@link MessageStore}'s counters. Counters ({@code appended} to {@code commits}) count since
 * {@link MessageStore#open}.
 *
 * @param messages stored messages not yet acknowledged
 * @param bytes their accounted bytes (payload + UTF-8 topic)
 * @param messagesPerPriority stored messages per priority 0..9 (a copy, length 10)
 * @param appended messages made durable (append futures completed normally)
 * @param acked messages removed by {@link MessageStore#ack}
 * @param rejectedFull appends refused with {@link StoreFullException}
 * @param evicted messages evicted under {@link FullPolicy#EVICT_OLDEST_LOWEST}
 * @param failures failed writes (each failed a whole batch with {@link StoreFailureException})
 * @param commits successful commits (each followed by an fsync)
 * @param lastCommitMicros duration of the last commit including its fsync, in microseconds
 * @param fileSize the store file's size in bytes
 * @param openReport what {@link MessageStore#open} found
 */
public record StoreStats(long messages, long bytes, int[] messagesPerPriority, long appended, long acked,
        long rejectedFull, long evicted, long failures, long commits, long lastCommitMicros, long fileSize,
        OpenReport openReport) {

    /** Copies the per-priority counts. */
    public StoreStats {
        messagesPerPriority = messagesPerPriority.clone();
    }

    /** @return a copy of the per-priority counts */
    @Override
    public int[] messagesPerPriority() {
        return messagesPerPriority.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreStats s && s.messages == messages && s.bytes == bytes
                && Arrays.equals(s.messagesPerPriority, messagesPerPriority) && s.appended == appended
                && s.acked == acked && s.rejectedFull == rejectedFull && s.evicted == evicted
                && s.failures == failures && s.commits == commits && s.lastCommitMicros == lastCommitMicros
                && s.fileSize == fileSize && s.openReport.equals(openReport);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(messages) * 31 + Arrays.hashCode(messagesPerPriority);
    }

    @Override
    public String toString() {
        return "StoreStats[messages=" + messages + ", bytes=" + bytes + ", perPriority="
                + Arrays.toString(messagesPerPriority) + ", appended=" + appended + ", acked=" + acked
                + ", rejectedFull=" + rejectedFull + ", evicted=" + evicted + ", failures=" + failures + ", commits="
                + commits + ", lastCommitMicros=" + lastCommitMicros + ", fileSize=" + fileSize + ", openReport="
                + openReport + "]";
    }
}
