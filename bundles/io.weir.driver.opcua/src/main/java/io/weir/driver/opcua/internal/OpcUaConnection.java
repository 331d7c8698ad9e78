// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.driver.DriverStatus;
import io.weir.driver.StatusCode;

/**
 * The connection state of one driver instance: at most one current {@link Session}, at most one connection
 * attempt in flight (concurrent callers share it), and the reconnect backoff.
 *
 * <p><b>Lazy.</b> Nothing connects until {@link #acquire(boolean)} is called by a read, write, explicit connect, or
 * the reconnect timer that runs while someone listens.
 *
 * <p><b>Backoff.</b> After a failed attempt the next one is allowed only after a wait that starts at {@code
 * reconnectBackoffMinMs} and doubles up to {@code reconnectBackoffMaxMs}; reads and writes during the wait fail
 * at once with {@code COMMUNICATION_ERROR} instead of hammering the server. An explicit {@code connect()}
 * ignores the wait. A lost session allows an immediate new attempt; success resets the backoff.
 *
 * <p><b>Threads.</b> Attempts run asynchronously on the driver's threads ({@link ConnectAttempt}); the caller
 * only waits for the future. No lock is held while calling out (observer, Milo).
 */
final class OpcUaConnection {

    private static final Logger LOG = LoggerFactory.getLogger(OpcUaConnection.class);

    /** What the subscription side needs to know about the connection. */
    interface Observer {
        /** A new session is usable. */
        void up(Session session);

        /** The session stopped working (or was disconnected). */
        void down(Session session, DriverStatus why);

        /** An attempt failed; no session exists. */
        void attemptFailed(DriverStatus why);

        /** @return whether a connection is needed without a caller (someone listens) */
        boolean wantsConnection();
    }

    /** A failure that happened without trying: the backoff wait is not over, or the driver is closed. */
    static final class NotAttempted extends Exception {
        private static final long serialVersionUID = 1L;
        final transient DriverStatus status;

        NotAttempted(DriverStatus status) {
            super(status.message(), null, false, false);
            this.status = status;
        }
    }

    private final DriverSettings settings;
    private final DriverThreads threads;
    private final ConnectAttempt attempts;
    private final Observer observer;
    private final Set<Session> open = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();

    // guarded by lock
    private @Nullable Session current;
    private @Nullable CompletableFuture<Session> attempt;
    private long generation;
    private long nextAttemptNanos;
    private long backoffMs;
    private int failures;
    private @Nullable DriverStatus lastFailure;
    private boolean suspended;
    private boolean closed;
    private @Nullable ScheduledFuture<?> reconnectTask;

    OpcUaConnection(DriverSettings settings, DriverThreads threads, ConnectAttempt attempts, Observer observer) {
        this.settings = settings;
        this.threads = threads;
        this.attempts = attempts;
        this.observer = observer;
    }

    /** @return how long a caller waits at most for a connection attempt, in ms */
    long attemptLimitMs() {
        return settings.connectTimeoutMs() + 2 * settings.requestTimeoutMs();
    }

    /**
     * Returns the current session, the attempt in flight, or a new attempt.
     *
     * @param explicit {@code true} for {@code Driver.connect()}: ignore the backoff wait
     * @return the session future; fails with {@link NotAttempted} during the backoff wait
     */
    CompletableFuture<Session> acquire(boolean explicit) {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new NotAttempted(
                        DriverStatus.error(StatusCode.COMMUNICATION_ERROR, "the driver is shut down")));
            }
            suspended = false;
            if (current != null) {
                return CompletableFuture.completedFuture(current);
            }
            if (attempt != null) {
                return attempt;
            }
            long wait = nextAttemptNanos - System.nanoTime();
            if (!explicit && wait > 0 && lastFailure != null) {
                return CompletableFuture.failedFuture(new NotAttempted(DriverStatus.error(lastFailure.code(),
                        lastFailure.message() + "; next attempt in " + TimeUnit.NANOSECONDS.toMillis(wait) + " ms")));
            }
            return startAttempt();
        }
    }

    // called with lock held
    private CompletableFuture<Session> startAttempt() {
        CompletableFuture<Session> a = attempts.start(attemptLimitMs(), this::lost, open);
        attempt = a;
        long gen = generation;
        a.whenComplete((s, ex) -> attemptDone(a, gen, s, ex));
        return a;
    }

    /** The reconnect timer: at the end of the backoff wait, try again if someone still listens. */
    private void backgroundAttempt() {
        synchronized (lock) {
            reconnectTask = null; // this run is over as far as scheduling is concerned: a failure may reschedule
        }
        if (!observer.wantsConnection()) {
            return;
        }
        synchronized (lock) {
            if (!closed && !suspended && current == null && attempt == null) {
                startAttempt();
            }
        }
    }

    /** @return the usable current session, or {@code null} */
    @Nullable
    Session current() {
        synchronized (lock) {
            return current;
        }
    }

    /** @return why the last attempt failed or the last session was lost, or {@code null} after a success */
    @Nullable
    DriverStatus lastFailure() {
        synchronized (lock) {
            return lastFailure;
        }
    }

    /**
     * Asks for a connection in the background (someone listens); honours the backoff wait.
     *
     * @param resume {@code true} when a caller asks (a new listener): ends the pause of an explicit disconnect
     */
    void wantConnection(boolean resume) {
        long delayMs;
        synchronized (lock) {
            if (resume) {
                suspended = false;
            }
            if (closed || suspended || current != null || attempt != null) {
                return;
            }
            delayMs = Math.max(0, TimeUnit.NANOSECONDS.toMillis(nextAttemptNanos - System.nanoTime()));
        }
        scheduleReconnect(delayMs);
    }

    private void scheduleReconnect(long delayMs) {
        synchronized (lock) {
            if (closed || suspended || (reconnectTask != null && !reconnectTask.isDone())) {
                return;
            }
            try {
                reconnectTask = threads.scheduler.schedule(this::backgroundAttempt, delayMs, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                // scheduler shut down: the driver is closing
            }
        }
    }

    private void attemptDone(CompletableFuture<Session> a, long gen, @Nullable Session s, @Nullable Throwable ex) {
        Session up = null;
        Session discard = null;
        DriverStatus failure = null;
        int failuresBefore;
        synchronized (lock) {
            failuresBefore = failures;
            if (attempt == a) {
                attempt = null;
            }
            if (s != null) {
                if (closed || gen != generation || current != null) {
                    discard = s;
                } else {
                    current = s;
                    s.promote();
                    up = s;
                    backoffMs = 0;
                    failures = 0;
                    nextAttemptNanos = 0;
                    lastFailure = null;
                }
            } else if (gen == generation && !closed) {
                failure = attempts.explain(OpcUaStatus.of(ex == null ? new TimeoutException() : ex,
                        "cannot connect to " + settings.endpointUrl()));
                failures++;
                backoffMs = backoffMs == 0 ? settings.backoffMinMs()
                        : Math.min(settings.backoffMaxMs(), backoffMs * 2);
                nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
                boolean repeated = lastFailure != null && lastFailure.message().equals(failure.message());
                lastFailure = failure;
                if (repeated) {
                    LOG.debug("OPC UA driver {}: {} (attempt {}); next attempt in {} ms", settings.name(),
                            failure.message(), failures, backoffMs);
                } else {
                    LOG.warn("OPC UA driver {}: {}; next attempt in {} ms", settings.name(), failure.message(),
                            backoffMs);
                }
            }
        }
        if (discard != null) {
            discard.close();
        }
        if (up != null) {
            LOG.info("OPC UA driver {}: connected to {} ({}/{}){}", settings.name(), settings.endpointUrl(),
                    settings.securityPolicy().name(), settings.securityMode(),
                    failuresBefore > 0 ? " after " + failuresBefore + " failed attempts" : "");
            observer.up(up);
        }
        if (failure != null) {
            observer.attemptFailed(failure);
            if (observer.wantsConnection()) {
                scheduleReconnect(backoffMs);
            }
        }
    }

    /**
     * Drops a session that stopped working and, if someone listens, schedules a new attempt.
     *
     * @param s the session
     * @param why the reason, given to listeners
     */
    void lost(Session s, DriverStatus why) {
        synchronized (lock) {
            if (current != s) {
                return;
            }
            current = null;
            lastFailure = why;
            nextAttemptNanos = 0;
            backoffMs = 0;
        }
        LOG.warn("OPC UA driver {}: {} ({})", settings.name(), why.message(), settings.endpointUrl());
        s.close();
        observer.down(s, why);
        if (observer.wantsConnection()) {
            scheduleReconnect(settings.backoffMinMs());
        }
    }

    /** Closes the session and stops background reconnects until the next {@link #acquire(boolean)}. */
    void disconnect() {
        List<Session> closing = new ArrayList<>();
        Session s = detach(false, closing);
        if (s != null) {
            LOG.info("OPC UA driver {}: disconnected from {}", settings.name(), settings.endpointUrl());
            observer.down(s, DriverStatus.error(StatusCode.COMMUNICATION_ERROR, "disconnected"));
        }
        awaitClosed(closing, settings.requestTimeoutMs());
    }

    /**
     * Closes everything for good (deactivation), waiting at most {@code timeoutMs} for the sessions to close.
     *
     * @param timeoutMs the bounded wait
     */
    void close(long timeoutMs) {
        List<Session> closing = new ArrayList<>();
        detach(true, closing);
        awaitClosed(closing, timeoutMs);
    }

    private @Nullable Session detach(boolean forever, List<Session> closing) {
        Session s;
        CompletableFuture<Session> a;
        synchronized (lock) {
            if (forever) {
                closed = true;
            }
            suspended = true;
            generation++;
            if (reconnectTask != null) {
                reconnectTask.cancel(false);
                reconnectTask = null;
            }
            s = current;
            current = null;
            a = attempt;
            attempt = null;
            lastFailure = null;
            nextAttemptNanos = 0;
            backoffMs = 0;
            closing.addAll(open);
        }
        if (a != null) {
            a.cancel(false);
        }
        if (s != null) {
            s.close();
        }
        return s;
    }

    private void awaitClosed(List<Session> sessions, long timeoutMs) {
        CompletableFuture<?>[] closing = sessions.stream().map(Session::close).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("OPC UA driver {}: sessions did not close within {} ms", settings.name(), timeoutMs);
        }
    }
}
