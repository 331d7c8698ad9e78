// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The threads of one driver instance, handed to the Milo client so that it never touches Milo's JVM-wide
 * shared pools ({@code Stack.sharedEventLoop()} and friends), which nothing would ever shut down. All are
 * daemon threads named {@code weir-opcua-<instance>-<purpose>} and start only when first used, so a driver that
 * never connects owns no thread.
 *
 * <ul>
 * <li>{@code io}: the netty event loop (socket I/O), 1 thread;</li>
 * <li>{@code worker-N}: Milo's callbacks and state machines and the delivery of listened values, up to 4
 * threads that end after 30 s idle;</li>
 * <li>{@code scheduler}: Milo's keep-alives and time limits, and the driver's reconnect timer, 1 thread;</li>
 * <li>{@code timer}: Milo's request time-outs (a netty wheel timer), 1 thread.</li>
 * </ul>
 */
final class DriverThreads {

    private static final Logger LOG = LoggerFactory.getLogger(DriverThreads.class);
    private static final int WORKERS = 4;

    final NioEventLoopGroup eventLoop;
    final ThreadPoolExecutor worker;
    final ScheduledThreadPoolExecutor scheduler;
    final HashedWheelTimer wheelTimer;
    private final String prefix;

    /**
     * Creates the pools; no thread is started yet.
     *
     * @param instance the file-safe driver instance name
     */
    DriverThreads(String instance) {
        prefix = "weir-opcua-" + (instance.length() > 40 ? instance.substring(0, 40) : instance);
        eventLoop = new NioEventLoopGroup(1, new DefaultThreadFactory(prefix + "-io", true));
        worker = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                named(prefix + "-worker-"));
        worker.allowCoreThreadTimeOut(true);
        scheduler = new ScheduledThreadPoolExecutor(1, named(prefix + "-scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        wheelTimer = new HashedWheelTimer(named(prefix + "-timer"), 50, TimeUnit.MILLISECONDS);
    }

    /** @return the common prefix of every thread name of this instance */
    String prefix() {
        return prefix;
    }

    /**
     * Stops every thread, waiting at most about {@code timeoutMs} in total. Idempotent.
     *
     * @param timeoutMs the bounded wait
     */
    void shutdown(long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            // Milo finishes a disconnect with a few queued tasks (closing the secure channel) that still need the
            // I/O thread: let them run before the pools go away, for at most a third of the wait
            awaitQuiet(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs / 3));
            scheduler.shutdownNow();
            worker.shutdown();
            wheelTimer.stop();
            if (!worker.awaitTermination(remaining(deadline) / 2, TimeUnit.NANOSECONDS)) {
                worker.shutdownNow();
            }
            eventLoop.shutdownGracefully(0, Math.max(1, timeoutMs / 4), TimeUnit.MILLISECONDS);
            worker.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
            scheduler.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
            if (!eventLoop.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS)) {
                LOG.warn("{}: the I/O thread did not stop within {} ms", prefix, timeoutMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            scheduler.shutdownNow();
            worker.shutdownNow();
            eventLoop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        }
    }

    private void awaitQuiet(long deadline) throws InterruptedException {
        int quietChecks = 0;
        while (quietChecks < 2 && System.nanoTime() < deadline) {
            quietChecks = quiet() ? quietChecks + 1 : 0;
            Thread.sleep(10);
        }
    }

    private boolean quiet() {
        if (worker.getActiveCount() > 0 || !worker.getQueue().isEmpty()) {
            return false;
        }
        for (EventExecutor e : eventLoop) {
            if (e instanceof SingleThreadEventExecutor && ((SingleThreadEventExecutor) e).pendingTasks() > 0) {
                return false;
            }
        }
        return true;
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        boolean numbered = name.endsWith("-");
        return r -> {
            Thread t = new Thread(r, numbered ? name + n.incrementAndGet() : name);
            t.setDaemon(true);
            return t;
        };
    }
}
