// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Pauses offloading while the cloud service does not answer, though the connection to the broker is up (the service
 * crashed, was killed or is stopped; the broker takes the requests and nobody reads them). Without it every task
 * sent would wait for its whole timeout before running locally, for as long as the service is gone.
 *
 * <ul>
 * <li><b>CLOSED</b>: requests go out. {@code limit} requests in a row that get no answer in time open it.</li>
 * <li><b>OPEN</b>: the target is unavailable for a pause (first {@code pause}, then twice as long after each failed
 * probe, at most {@code maxPause}).</li>
 * <li><b>PROBING</b>: after the pause, one request goes out. An answer closes the breaker; no answer opens it again
 * with a longer pause; a request that failed for another reason (connection, publishing) opens it again with the same
 * pause.</li>
 * </ul>
 *
 * Any answer (OK, ERROR, even one that comes after its timeout) proves the service is alive and closes the breaker.
 * Requests sent before a probe do not decide it. Thread-safe.
 */
final class ServiceBreaker {

    /** The breaker's states. */
    enum State {
        /** requests go out */
        CLOSED,
        /** requests are refused until the pause ends */
        OPEN,
        /** one request is out to see whether the service answers again */
        PROBING
    }

    private final int limit;
    private final long initialPauseNanos;
    private final long maxPauseNanos;
    private final LongSupplier nanos;
    private State state = State.CLOSED;
    private int unanswered;
    private long pauseNanos;
    private long openedAt;
    private long probeSentAt;
    private long opened;

    /**
     * @param limit requests in a row without an answer that open the breaker; 0: it never opens
     * @param pauseMs the first pause
     * @param maxPauseMs the longest pause
     * @param nanos the clock
     */
    ServiceBreaker(int limit, long pauseMs, long maxPauseMs, LongSupplier nanos) {
        this.limit = limit;
        this.initialPauseNanos = TimeUnit.MILLISECONDS.toNanos(pauseMs);
        this.maxPauseNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(pauseMs, maxPauseMs));
        this.nanos = nanos;
        this.pauseNanos = initialPauseNanos;
    }

    /** @return whether a request may go out now (no side effect: the scheduler asks this for every snapshot) */
    synchronized boolean allows() {
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> nanos.getAsLong() - openedAt >= pauseNanos;
            case PROBING -> false;
        };
    }

    /**
     * Takes the right to send one request now: always while CLOSED; once the pause is over, the one probe.
     *
     * @return whether the request may go out
     */
    synchronized boolean admit() {
        if (state == State.CLOSED) {
            return true;
        }
        long now = nanos.getAsLong();
        if (state == State.OPEN && now - openedAt >= pauseNanos) {
            state = State.PROBING;
            probeSentAt = now;
            return true;
        }
        return false;
    }

    /** An answer arrived (of any kind, even late): the service is alive. */
    synchronized void answered() {
        state = State.CLOSED;
        unanswered = 0;
        pauseNanos = initialPauseNanos;
    }

    /**
     * A request got no answer in time.
     *
     * @param sentNanos when it was sent
     * @return whether this opened the breaker
     */
    synchronized boolean unanswered(long sentNanos) {
        unanswered++;
        if (state == State.PROBING) {
            if (sentNanos - probeSentAt < 0) {
                return false; // sent before the probe: the probe decides
            }
            pauseNanos = Math.min(maxPauseNanos, pauseNanos * 2);
            open();
            return true;
        }
        if (state == State.CLOSED && limit > 0 && unanswered >= limit) {
            pauseNanos = initialPauseNanos;
            open();
            return true;
        }
        return false;
    }

    /**
     * A request failed without reaching the service (connection, publishing): it says nothing about the service, but
     * a probe that failed so must be tried again after the pause.
     *
     * @param sentNanos when it was sent
     */
    synchronized void failedOtherwise(long sentNanos) {
        if (state == State.PROBING && sentNanos - probeSentAt >= 0) {
            open();
        }
    }

    private void open() {
        state = State.OPEN;
        openedAt = nanos.getAsLong();
        opened++;
    }

    /** @return the state now */
    synchronized State state() {
        return state;
    }

    /** @return how many times the breaker opened */
    synchronized long timesOpened() {
        return opened;
    }

    /** @return requests in a row without an answer so far */
    synchronized int unansweredInARow() {
        return unanswered;
    }

    /** @return why requests are refused now, or {@code null} while they go out */
    synchronized @Nullable String refusal() {
        long now = nanos.getAsLong();
        return switch (state) {
            case CLOSED -> null;
            case OPEN -> now - openedAt >= pauseNanos ? null
                    : "the cloud service did not answer the last " + unanswered + " request(s) in time; offloading "
                            + "is paused, next try in " + seconds(pauseNanos - (now - openedAt)) + " s";
            case PROBING -> "the cloud service did not answer the last " + unanswered + " request(s) in time; one "
                    + "request is out to see whether it answers again";
        };
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }
}
