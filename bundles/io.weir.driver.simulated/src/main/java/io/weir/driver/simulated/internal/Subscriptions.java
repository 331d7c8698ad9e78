// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.driver.Channel;
import io.weir.driver.ChannelListener;
import io.weir.driver.ChannelResult;
import io.weir.driver.DriverException;

/**
 * Listening: delivers the values of listened channels at each channel's own sample period, on one scheduled
 * thread owned by the driver instance ({@code weir-driver-simulated-<name>}).
 *
 * <p>Sample times lie on the grid of the period (multiples of {@code samplePeriodMs} since the epoch, in driver
 * time), so every slot is sampled exactly once and runs with the same seed deliver the same values for the same
 * times. Channels of one {@code listen} call with the same period form one task and are delivered together, in
 * call order, with the same timestamp. When the task runs late (a slow listener, or a fast-forwarded driver
 * clock) it catches up, at most {@value #MAX_SAMPLES_PER_RUN} sample times per run, so no slot is skipped;
 * only a real-time driver more than {@value #MAX_LAG_PERIODS} periods behind (for example after the host was
 * suspended) skips ahead, with a warning. While the driver is disconnected, samples are not delivered.
 *
 * <p>Listeners are called from the single thread, so never concurrently. An exception from a listener is
 * logged (the first one at WARN, later ones at DEBUG) and the registration continues.
 */
final class Subscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);
    static final int MAX_SAMPLES_PER_RUN = 1000;
    static final long MAX_LAG_PERIODS = 1000;
    private static final long SHUTDOWN_WAIT_SECONDS = 5;
    private static final long UNLISTEN_WAIT_SECONDS = 1;

    private final String driverName;
    private final DriverClock clock;
    private final SimulatedDevice device;
    private final BooleanSupplier connected;
    private final ScheduledThreadPoolExecutor executor;
    /** Every thread the executor created, joined on close: a terminated executor's worker may still be exiting. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Map<ChannelListener, List<Registration>> registrations = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Creates the executor; its thread starts with the first listener.
     *
     * @param driverName the driver instance name, for the thread name
     * @param clock the driver clock
     * @param device the device to sample
     * @param connected whether samples are delivered now (they pause while the driver is disconnected)
     */
    Subscriptions(String driverName, DriverClock clock, SimulatedDevice device, BooleanSupplier connected) {
        this.driverName = driverName;
        this.clock = clock;
        this.device = device;
        this.connected = connected;
        String threadName = threadName(driverName);
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            threads.add(t);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * @param driverName a driver instance name
     * @return the name of its listening thread
     */
    static String threadName(String driverName) {
        return "weir-driver-simulated-" + driverName;
    }

    /**
     * @param channels the channels, not empty
     * @param listener receives the results
     * @throws DriverException if a channel is invalid, write-only, or a label whose source is not in {@code channels}
     */
    void listen(List<Channel> channels, ChannelListener listener) throws DriverException {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("listen needs at least one channel");
        }
        if (closed) {
            throw new DriverException("simulated driver '" + driverName + "' is deactivated");
        }
        Map<Long, List<Entry>> byPeriod = new LinkedHashMap<>();
        for (Channel channel : channels) {
            SimulatedChannel c = device.compiled(channel);
            if (c.kind() == SimulatedChannel.Kind.INVALID) {
                throw new DriverException(c.invalidStatus().message());
            }
            if (!channel.mode().canRead()) {
                throw new DriverException("channel '" + c.name() + "': cannot listen to a write-only channel");
            }
            SimulatedChannel source = null;
            long period = c.samplePeriodMs();
            if (c.isLabel()) {
                source = device.sourceOf(c, channels);
                if (source == null || source.kind() != SimulatedChannel.Kind.SIGNAL) {
                    throw new DriverException("channel '" + c.name() + "': setting 'source' names '" + c.source()
                            + "', which is not a valid signal channel of the same listen call");
                }
                period = source.samplePeriodMs();
            }
            byPeriod.computeIfAbsent(period, p -> new ArrayList<>()).add(new Entry(c, source));
        }
        Registration reg = new Registration(listener);
        byPeriod.forEach((period, entries) -> reg.tasks.add(new Task(reg, period, entries.toArray(new Entry[0]))));
        registrations.computeIfAbsent(listener, l -> new CopyOnWriteArrayList<>()).add(reg);
        for (Task task : reg.tasks) {
            task.start();
        }
        if (closed) {
            reg.cancel();
        }
    }

    /** @param listener a listener; every registration of it ends */
    void unlisten(ChannelListener listener) {
        List<Registration> regs = registrations.remove(listener);
        if (regs != null) {
            regs.forEach(Registration::cancel);
        }
    }

    /** @return the number of live registrations */
    int registrationCount() {
        return registrations.values().stream().mapToInt(List::size).sum();
    }

    /** Ends every registration and stops the thread, waiting a bounded time for a running delivery. Idempotent. */
    void close() {
        closed = true;
        registrations.values().forEach(regs -> regs.forEach(Registration::cancel));
        registrations.clear();
        executor.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SHUTDOWN_WAIT_SECONDS);
        try {
            if (executor.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                for (Thread t : threads) {
                    if (t != Thread.currentThread()) {
                        TimeUnit.NANOSECONDS.timedJoin(t, Math.max(1, deadline - System.nanoTime()));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (threads.stream().anyMatch(Thread::isAlive)) {
            LOG.warn("Simulated driver '{}': listening thread did not stop within {} s", driverName,
                    SHUTDOWN_WAIT_SECONDS);
        }
    }

    /** One channel of a task, with its label source. */
    private static final class Entry {
        final SimulatedChannel channel;
        final @Nullable SimulatedChannel source;

        Entry(SimulatedChannel channel, @Nullable SimulatedChannel source) {
            this.channel = channel;
            this.source = source;
        }
    }

    /** One listen call. */
    private final class Registration {
        final ChannelListener listener;
        /** Filled before the registration is published, then only read. */
        final List<Task> tasks = new CopyOnWriteArrayList<>();
        /** Held while the listener is called, so that cancel can wait for a call in progress. */
        final ReentrantLock delivering = new ReentrantLock();
        final AtomicLong failures = new AtomicLong();
        volatile boolean cancelled;

        Registration(ChannelListener listener) {
            this.listener = listener;
        }

        void cancel() {
            cancelled = true;
            for (Task task : tasks) {
                ScheduledFuture<?> f = task.future;
                if (f != null) {
                    f.cancel(false);
                }
            }
            try {
                // after this, every delivery sees the flag; reentrant, so a listener may unlisten itself
                if (delivering.tryLock(UNLISTEN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    delivering.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** @return false if the registration has been cancelled */
        boolean deliver(ChannelResult result) {
            delivering.lock();
            try {
                if (cancelled) {
                    return false;
                }
                listener.onChannelResult(result);
            } catch (RuntimeException e) {
                long n = failures.incrementAndGet();
                if (n == 1) {
                    LOG.warn("Simulated driver '{}': listener {} threw on channel {}; it stays registered", driverName,
                            listener, result.channel(), e);
                } else {
                    LOG.debug("Simulated driver '{}': listener {} threw again ({} times)", driverName, listener, n, e);
                }
            } finally {
                delivering.unlock();
            }
            return true;
        }
    }

    /** Delivers the channels of one registration that share a period. Runs on the executor thread only. */
    private final class Task implements Runnable {
        final Registration reg;
        final long period;
        final Entry[] entries;
        /** The next sample time; touched by the executor thread only (and by start, before scheduling). */
        long nextT;
        volatile @Nullable ScheduledFuture<?> future;

        Task(Registration reg, long period, Entry[] entries) {
            this.reg = reg;
            this.period = period;
            this.entries = entries;
        }

        void start() {
            long now = clock.now();
            nextT = alignedAfter(now);
            schedule(clock.realNanos(nextT - now));
        }

        private long alignedAfter(long t) {
            return (Math.floorDiv(t, period) + 1) * period;
        }

        @Override
        public void run() {
            if (reg.cancelled) {
                return;
            }
            long delayNanos = 0;
            try {
                long now = clock.now();
                if (!connected.getAsBoolean()) {
                    nextT = alignedAfter(now);
                    delayNanos = clock.realNanos(nextT - now);
                    return;
                }
                if (clock.isRealTime() && now - nextT > MAX_LAG_PERIODS * period) {
                    long skipTo = Math.floorDiv(now, period) * period;
                    LOG.warn("Simulated driver '{}': listening fell {} ms behind; skipping {} sample times",
                            driverName, now - nextT, (skipTo - nextT) / period);
                    nextT = skipTo;
                }
                for (int n = 0; n < MAX_SAMPLES_PER_RUN && nextT <= now && connected.getAsBoolean(); n++) {
                    for (Entry e : entries) {
                        if (!reg.deliver(device.sample(e.channel, e.source, nextT))) {
                            return;
                        }
                    }
                    nextT += period;
                }
                delayNanos = nextT <= now ? 0 : clock.realNanos(nextT - now);
            } finally {
                schedule(delayNanos);
            }
        }

        private void schedule(long delayNanos) {
            if (reg.cancelled) {
                return;
            }
            try {
                ScheduledFuture<?> f = executor.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
                future = f;
                if (reg.cancelled) {
                    f.cancel(false);
                }
            } catch (RejectedExecutionException e) {
                // the executor is shut down: the driver is deactivating
            }
        }
    }
}
