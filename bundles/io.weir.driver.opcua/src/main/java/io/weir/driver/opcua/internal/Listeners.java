// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.driver.Channel;
import io.weir.driver.ChannelListener;
import io.weir.driver.ChannelResult;
import io.weir.driver.DriverStatus;

/**
 * The listener registrations of one driver instance and the delivery of results to them.
 *
 * <p>Each listener has its own serial queue on the driver's worker threads, so it is never called concurrently
 * and receives results in the order the driver saw them, whichever thread produced them (Milo's subscription
 * delivery, or the connection logic reporting an outage). A queue holds at most {@value #CAPACITY} results; a
 * listener that falls that far behind loses the newest ones, counted and logged. A registration is checked
 * right before each call, so after {@link #remove(ChannelListener)} no new call starts.
 */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    static final int CAPACITY = 10_000;

    /** One channel of one listener; identity matters (the same channel may be listened to twice). */
    static final class Registration {
        final Channel channel;
        final ChannelSettings settings;
        final Queue queue;
        volatile boolean active = true;
        /** An error was delivered and no value since: further errors of the same outage are not repeated. */
        volatile boolean faulted;

        Registration(Channel channel, ChannelSettings settings, Queue queue) {
            this.channel = channel;
            this.settings = settings;
            this.queue = queue;
        }
    }

    /** The serial delivery queue of one listener. */
    static final class Queue {
        final ChannelListener listener;
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final AtomicLong dropped = new AtomicLong();

        Queue(ChannelListener listener) {
            this.listener = listener;
        }
    }

    private final Executor executor;
    private final String driverName;
    private final Map<ChannelListener, List<Registration>> registrations = new IdentityHashMap<>();
    private final Map<ChannelListener, Queue> queues = new IdentityHashMap<>();

    /**
     * @param executor runs the deliveries (the driver's worker threads)
     * @param driverName for log messages
     */
    Listeners(Executor executor, String driverName) {
        this.executor = executor;
        this.driverName = driverName;
    }

    /**
     * @param channels the channels, already validated
     * @param settings their parsed settings, same order
     * @param listener who receives the results
     * @return the new registrations
     */
    synchronized List<Registration> add(List<Channel> channels, List<ChannelSettings> settings,
            ChannelListener listener) {
        Queue queue = queues.computeIfAbsent(listener, Queue::new);
        List<Registration> added = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            added.add(new Registration(channels.get(i), settings.get(i), queue));
        }
        registrations.computeIfAbsent(listener, l -> new ArrayList<>()).addAll(added);
        return added;
    }

    /**
     * @param listener the listener to forget
     * @return {@code true} if it had registrations
     */
    boolean remove(ChannelListener listener) {
        List<Registration> removed;
        synchronized (this) {
            removed = registrations.remove(listener);
            queues.remove(listener);
        }
        if (removed == null) {
            return false;
        }
        removed.forEach(r -> r.active = false);
        return true;
    }

    /** @return every active registration */
    synchronized List<Registration> snapshot() {
        List<Registration> all = new ArrayList<>();
        registrations.values().forEach(all::addAll);
        return all;
    }

    /** @return whether anyone listens */
    synchronized boolean isEmpty() {
        return registrations.isEmpty();
    }

    /** Forgets every registration (deactivation); no listener is called afterwards. */
    void clear() {
        List<Registration> all;
        synchronized (this) {
            all = snapshot();
            registrations.clear();
            queues.clear();
        }
        all.forEach(r -> r.active = false);
    }

    /**
     * Delivers a result to the registration's listener, asynchronously and in order.
     *
     * @param registration the channel registration
     * @param result the value or error
     */
    void deliver(Registration registration, ChannelResult result) {
        if (!registration.active) {
            return;
        }
        registration.faulted = !result.isOk();
        Queue q = registration.queue;
        if (q.size.incrementAndGet() > CAPACITY) {
            q.size.decrementAndGet();
            long n = q.dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.warn("OPC UA driver {}: listener {} is not keeping up; {} results dropped so far", driverName,
                        q.listener, n);
            }
            return;
        }
        q.tasks.add(() -> call(registration, result));
        schedule(q);
    }

    /**
     * Delivers an error unless this registration already has an undelivered-to-value error (one report per
     * outage, not one per reconnect attempt).
     *
     * @param registration the channel registration
     * @param status the error
     * @param timestamp when it happened
     */
    void deliverError(Registration registration, DriverStatus status, long timestamp) {
        if (!registration.faulted) {
            deliver(registration, ChannelResult.error(registration.channel.name(), status, timestamp));
        }
    }

    private void schedule(Queue q) {
        if (q.scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(() -> drain(q));
            } catch (RejectedExecutionException e) {
                q.scheduled.set(false); // shutting down: nothing is delivered any more
            }
        }
    }

    private void drain(Queue q) {
        int budget = 256; // give other listeners a turn on the shared worker threads
        Runnable task;
        while (budget-- > 0 && (task = q.tasks.poll()) != null) {
            q.size.decrementAndGet();
            task.run();
        }
        q.scheduled.set(false);
        if (!q.tasks.isEmpty()) {
            schedule(q);
        }
    }

    private void call(Registration registration, ChannelResult result) {
        if (!registration.active) {
            return;
        }
        try {
            registration.queue.listener.onChannelResult(result);
        } catch (RuntimeException e) {
            LOG.warn("OPC UA driver {}: listener {} failed on channel {}", driverName, registration.queue.listener,
                    registration.channel.name(), e);
        }
    }
}
