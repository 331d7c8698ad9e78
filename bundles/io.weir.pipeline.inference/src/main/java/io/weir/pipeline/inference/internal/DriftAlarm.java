// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Decides when drift is reported, on record time only (so replayed or fast-forwarded data behaves as live data).
 *
 * <p>A statistic is <em>above</em> while its value is strictly greater than its threshold ({@code NaN}, i.e. too
 * few samples, is not above); it is <em>sustained</em> once it has been above without interruption for at least
 * {@code sustainMs}: {@code t − aboveSince ≥ sustainMs}, where {@code aboveSince} is the timestamp of the first
 * record of the run above. Dropping to or below the threshold restarts its run.
 *
 * <ul>
 * <li>quiet → drifting: the first record at which any statistic is sustained gives a {@code DRIFT} transition
 * naming the sustained statistics, {@code since} = the earliest of their {@code aboveSince}.</li>
 * <li>drifting: a further {@code DRIFT} (same {@code since}) only when at least {@code sustainMs} have passed since
 * the last one and either a statistic not reported last time is now sustained, or {@code reminderMs > 0} have
 * passed (a reminder).</li>
 * <li>drifting → quiet: the first record at which no statistic is above gives a {@code CLEARED} transition naming
 * the statistics last reported.</li>
 * </ul>
 *
 * <p>A record older than the run's start does not count as sustained. Not thread-safe: used on the stage's thread.
 */
final class DriftAlarm {

    private static final long NONE = Long.MIN_VALUE;

    /**
     * @param cleared {@code false} for DRIFT, {@code true} for CLEARED
     * @param statistics indices of the statistics reported, ascending
     * @param since the record time the drift began
     */
    record Transition(boolean cleared, int[] statistics, long since) {
    }

    private final double[] thresholds;
    private final long sustainMs;
    private final long reminderMs;
    private final long[] aboveSince;
    private final boolean[] posted;
    private boolean drifting;
    private long since = -1;
    private long lastPostedAt;

    DriftAlarm(double[] thresholds, long sustainMs, long reminderMs) {
        this.thresholds = thresholds.clone();
        this.sustainMs = sustainMs;
        this.reminderMs = reminderMs;
        this.aboveSince = new long[thresholds.length];
        Arrays.fill(aboveSince, NONE);
        this.posted = new boolean[thresholds.length];
    }

    /**
     * @param timestamp the record time
     * @param values the current value of every statistic, NaN when unknown
     * @return the transition this record causes, or {@code null}
     */
    @Nullable
    Transition update(long timestamp, double[] values) {
        boolean anyAbove = false;
        for (int i = 0; i < values.length; i++) {
            if (values[i] > thresholds[i]) {
                anyAbove = true;
                if (aboveSince[i] == NONE) {
                    aboveSince[i] = timestamp;
                }
            } else {
                aboveSince[i] = NONE;
            }
        }
        if (!drifting) {
            int[] sustained = sustained(timestamp);
            if (sustained.length == 0) {
                return null;
            }
            long start = Long.MAX_VALUE;
            for (int i : sustained) {
                start = Math.min(start, aboveSince[i]);
            }
            drifting = true;
            since = start;
            return report(timestamp, sustained);
        }
        if (!anyAbove) {
            return clear();
        }
        if (timestamp - lastPostedAt < sustainMs) {
            return null;
        }
        int[] sustained = sustained(timestamp);
        boolean grew = false;
        for (int i : sustained) {
            grew |= !posted[i];
        }
        boolean remind = reminderMs > 0 && timestamp - lastPostedAt >= reminderMs;
        return sustained.length > 0 && (grew || remind) ? report(timestamp, sustained) : null;
    }

    /**
     * Ends a drift without the statistics having recovered (the model version changed).
     *
     * @return a CLEARED transition if drift was being reported, otherwise {@code null}
     */
    @Nullable
    Transition abandon() {
        return drifting ? clear() : null;
    }

    private Transition report(long timestamp, int[] sustained) {
        Arrays.fill(posted, false);
        for (int i : sustained) {
            posted[i] = true;
        }
        lastPostedAt = timestamp;
        return new Transition(false, sustained, since);
    }

    private Transition clear() {
        int n = 0;
        for (boolean p : posted) {
            n += p ? 1 : 0;
        }
        int[] reported = new int[n];
        n = 0;
        for (int i = 0; i < posted.length; i++) {
            if (posted[i]) {
                reported[n++] = i;
            }
        }
        Transition t = new Transition(true, reported, since);
        drifting = false;
        since = -1;
        Arrays.fill(posted, false);
        return t;
    }

    /** @return the statistics sustained at this record time, ascending */
    int[] sustained(long timestamp) {
        int n = 0;
        for (int i = 0; i < aboveSince.length; i++) {
            n += isSustained(i, timestamp) ? 1 : 0;
        }
        int[] result = new int[n];
        n = 0;
        for (int i = 0; i < aboveSince.length; i++) {
            if (isSustained(i, timestamp)) {
                result[n++] = i;
            }
        }
        return result;
    }

    private boolean isSustained(int i, long timestamp) {
        long start = aboveSince[i];
        return start != NONE && timestamp >= start && timestamp - start >= sustainMs;
    }

    /** @return whether drift is being reported */
    boolean drifting() {
        return drifting;
    }

    /** @return the record time the reported drift began, -1 when quiet */
    long since() {
        return since;
    }
}
