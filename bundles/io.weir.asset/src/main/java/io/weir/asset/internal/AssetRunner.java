// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.asset.AssetSource;
import io.weir.asset.AssetState;
import io.weir.asset.AssetStatus;
import io.weir.asset.AssetStatusReason;
import io.weir.data.Record;
import io.weir.data.RecordBatch;
import io.weir.data.RecordListener;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelListener;
import io.weir.driver.ChannelResult;
import io.weir.driver.ChannelWrite;
import io.weir.driver.Driver;
import io.weir.driver.DriverException;
import io.weir.driver.DriverStatus;
import io.weir.driver.StatusCode;

/**
 * The working part of one asset, free of DS: it owns the asset's single thread ({@code weir-asset-<name>}) and
 * everything that changes device-related state runs there (single writer, style rule 32): choosing the driver,
 * binding and validating the channels, sampling, listen-mode values, on-demand reads and writes, status changes
 * and record delivery. Other threads only post tasks and read volatile snapshots.
 *
 * <p>The DS component feeds it driver and listener services as they come and go; every change of the driver
 * set is re-evaluated on the asset's thread, so a driver arriving, leaving or being replaced never races with a
 * sample.
 */
final class AssetRunner {

    /** How long {@link #close()} waits for the asset's thread to finish a driver call. */
    static final long SHUTDOWN_WAIT_MS = 5_000;
    /** Listen-mode values waiting for the asset's thread; beyond that new values are dropped and counted. */
    static final int LISTEN_QUEUE_CAPACITY = 10_000;
    /** Repeated warnings (a failing listener, overruns, a throwing driver) are logged at most this often. */
    static final long WARN_INTERVAL_MS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(AssetRunner.class);

    private final AssetSettings settings;
    private final String name;
    private final LongSupplier wallClock;
    private final ScheduledThreadPoolExecutor executor;
    /** Callbacks on returned promises run on the promise library's default executor, never on the asset's thread. */
    private final PromiseFactory promises = new PromiseFactory(null);
    private final StatusTracker status;
    private final RateLimiter warnings;

    /** Drivers with a {@code weir.driver.name}, maintained by SCR's bind/unbind (any thread). */
    private final Map<Driver, Candidate> candidates = new ConcurrentHashMap<>();
    /** Record listeners that select this asset; iterated by the asset's thread. */
    private final CopyOnWriteArrayList<RecordListener> listeners = new CopyOnWriteArrayList<>();
    /** Promises not yet resolved; failed by {@link #close()}. */
    private final Set<Deferred<?>> pending = ConcurrentHashMap.newKeySet();
    /** The current listen registration; released by the asset's thread or by {@link #close()}, whoever is first. */
    private final AtomicReference<Listening> listening = new AtomicReference<>();

    /** Every thread the executor created (one, unless a task killed it); joined by {@link #close()}. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile List<Channel> channels;
    private volatile String boundDriver = "";

    // counters: written by the asset's thread only (except droppedValues), read by anyone
    private volatile long samples;
    private volatile long records;
    private volatile long skippedSamples;
    private volatile long listenerErrors;
    private final AtomicLong droppedValues = new AtomicLong();

    // confined to the asset's thread
    private Driver driver;
    private String configProblem;
    private List<Channel> readable = List.of();
    private Map<String, Channel> readableByName = Map.of();
    private long generation;
    private Cadence cadence;
    private ScheduledFuture<?> nextTick;
    private final Map<String, ChannelResult> lastListened = new LinkedHashMap<>();

    /**
     * Creates the runner; no thread runs until {@link #start()}.
     *
     * @param settings the validated configuration
     * @param wallClock milliseconds since the epoch, for record timestamps and status times
     */
    AssetRunner(AssetSettings settings, LongSupplier wallClock) {
        this.settings = settings;
        this.name = settings.name();
        this.wallClock = wallClock;
        this.status = new StatusTracker(name, wallClock);
        this.warnings = new RateLimiter(WARN_INTERVAL_MS, wallClock);
        this.channels = settings.channels().stream().map(ChannelSpec::untyped).toList();
        String threadName = "weir-asset-" + name;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            threads.add(t);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    // ---------------------------------------------------------------- lifecycle (SCR thread)

    /** Starts work: picks a driver if one is there, otherwise reports OFFLINE. Does not block. */
    void start() {
        post(this::reevaluateDriver);
    }

    /**
     * Stops the asset: no new task starts, the listen registration is released, the thread is interrupted and
     * awaited for at most {@link #SHUTDOWN_WAIT_MS}, and promises not yet resolved fail. Idempotent.
     */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.shutdownNow();
        releaseListening();
        boolean terminated;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_WAIT_MS);
        try {
            terminated = executor.awaitTermination(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS);
            // the executor counts as terminated a moment before its worker has really exited: wait for that too
            for (Thread t : threads) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (t != Thread.currentThread()) {
                    t.join(Math.max(1, left));
                }
                terminated &= !t.isAlive() || t == Thread.currentThread();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminated = false;
        }
        if (!terminated) {
            LOG.warn("asset {}: thread weir-asset-{} did not stop within {} ms; it is still in a call to driver {} "
                    + "and ends when that call returns", name, name, SHUTDOWN_WAIT_MS, settings.driverName());
        }
        IllegalStateException shutDown = new IllegalStateException("asset " + name + " is shut down");
        for (Deferred<?> d : pending) {
            if (pending.remove(d)) {
                d.fail(shutDown);
            }
        }
    }

    /** @return {@code true} once {@link #close()} has started */
    boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- services coming and going (any thread)

    void driverBound(Driver d, Map<String, ?> properties) {
        candidates.put(d, Candidate.of(properties));
        post(this::reevaluateDriver);
    }

    void driverUnbound(Driver d) {
        candidates.remove(d);
        post(this::reevaluateDriver);
    }

    void listenerBound(RecordListener l, Map<String, ?> properties) {
        if (selects(properties.get(AssetSource.PROPERTY), name)) {
            listeners.addIfAbsent(l);
        } else {
            listenerUnbound(l);
        }
    }

    void listenerUnbound(RecordListener l) {
        listeners.remove(l);
        warnings.forget(l);
    }

    /**
     * @param source the {@value AssetSource#PROPERTY} service property: a String, String[] or Collection
     * @param asset an asset name
     * @return {@code true} if the property contains the asset name or {@value AssetSource#ALL}
     */
    static boolean selects(Object source, String asset) {
        if (source instanceof String) {
            return source.equals(asset) || source.equals(AssetSource.ALL);
        }
        if (source instanceof String[]) {
            for (String s : (String[]) source) {
                if (asset.equals(s) || AssetSource.ALL.equals(s)) {
                    return true;
                }
            }
            return false;
        }
        if (source instanceof Collection) {
            return ((Collection<?>) source).contains(asset) || ((Collection<?>) source).contains(AssetSource.ALL);
        }
        return false;
    }

    // ---------------------------------------------------------------- snapshots (any thread, never block)

    String name() {
        return name;
    }

    AssetSettings settings() {
        return settings;
    }

    AssetStatus status() {
        return status.get();
    }

    List<Channel> channels() {
        return channels;
    }

    /** @return the name of the driver instance in use, or empty while none is bound */
    String boundDriver() {
        return boundDriver;
    }

    Counters counters() {
        return new Counters(samples, records, skippedSamples, listenerErrors, droppedValues.get());
    }

    /**
     * @param samples samples taken (sampling mode) or values received (listen mode)
     * @param records records delivered to listeners
     * @param skippedSamples sampling ticks skipped because a sample overran the period
     * @param listenerErrors exceptions thrown by record listeners
     * @param droppedValues listen-mode values dropped because the asset's queue was full
     */
    record Counters(long samples, long records, long skippedSamples, long listenerErrors, long droppedValues) {
    }

    // ---------------------------------------------------------------- Asset.read / write (any thread)

    Promise<List<ChannelResult>> read(List<String> names) {
        List<String> requested = List.copyOf(Objects.requireNonNull(names, "channels"));
        for (String n : requested) {
            if (n.isEmpty()) {
                throw new IllegalArgumentException("channel names must not be empty");
            }
        }
        return submit(() -> doRead(requested));
    }

    Promise<List<ChannelResult>> write(Map<String, TypedValue> values) {
        Map<String, TypedValue> requested = new LinkedHashMap<>();
        Objects.requireNonNull(values, "values").forEach((k, v) -> {
            if (Objects.requireNonNull(k, "channel").isEmpty()) {
                throw new IllegalArgumentException("channel names must not be empty");
            }
            requested.put(k, Objects.requireNonNull(v, () -> "value for channel " + k));
        });
        return submit(() -> doWrite(requested));
    }

    private <T> Promise<T> submit(Supplier<T> work) {
        Deferred<T> d = promises.deferred();
        pending.add(d);
        try {
            executor.execute(() -> {
                T value;
                try {
                    value = work.get();
                } catch (RuntimeException e) {
                    LOG.error("asset {}: internal failure while serving a request", name, e);
                    if (pending.remove(d)) {
                        d.fail(e);
                    }
                    return;
                }
                if (pending.remove(d)) {
                    d.resolve(value);
                }
            });
        } catch (RejectedExecutionException e) {
            if (pending.remove(d)) {
                d.fail(new IllegalStateException("asset " + name + " is shut down", e));
            }
        }
        return d.getPromise();
    }

    // ---------------------------------------------------------------- the asset's thread

    private void post(Runnable task) {
        try {
            executor.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            if (!closed) {
                throw e;
            }
            // shutting down: nothing left to do
        }
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            internalError("internal failure", e);
        }
    }

    private void internalError(String what, RuntimeException e) {
        long suppressed = warnings.tryAcquire("internal");
        if (suppressed >= 0) {
            LOG.error("asset {}: {}{}", name, what, suppressedNote(suppressed), e);
        }
        status.set(AssetState.ERROR, AssetStatusReason.INTERNAL_ERROR, what + ": " + e);
    }

    /** Picks the driver to use and, if it changed, rebinds. */
    void reevaluateDriver() {
        if (closed) {
            return;
        }
        Driver chosen = choose();
        if (chosen != null && chosen == driver) {
            return;
        }
        detach();
        if (chosen == null) {
            status.set(AssetState.OFFLINE, AssetStatusReason.DRIVER_MISSING,
                    "driver " + settings.driverName() + " not available");
            return;
        }
        attach(chosen);
    }

    private Driver choose() {
        Driver best = null;
        Candidate bestCandidate = null;
        for (Map.Entry<Driver, Candidate> e : candidates.entrySet()) {
            Candidate c = e.getValue();
            if (settings.driverName().equals(c.name()) && (bestCandidate == null || c.betterThan(bestCandidate))) {
                best = e.getKey();
                bestCandidate = c;
            }
        }
        return best;
    }

    private void attach(Driver d) {
        driver = d;
        boundDriver = settings.driverName();
        List<Channel> typed;
        try {
            typed = ChannelBinding.bind(settings.channels(), d.channelDescriptor(), settings.driverName());
            for (Channel c : typed) {
                try {
                    d.validate(c);
                } catch (DriverException e) {
                    throw new ChannelConfigException("channel '" + c.name() + "': " + e.getMessage());
                }
            }
        } catch (ChannelConfigException e) {
            configProblem = e.getMessage();
            status.set(AssetState.ERROR, AssetStatusReason.CONFIGURATION_ERROR, e.getMessage());
            return;
        } catch (RuntimeException e) {
            configProblem = "driver " + settings.driverName() + " failed to validate the channels: " + e;
            driverThrew("validate", e);
            return;
        }
        configProblem = null;
        channels = typed;
        readable = typed.stream().filter(c -> c.mode().canRead()).toList();
        Map<String, Channel> byName = new HashMap<>();
        readable.forEach(c -> byName.put(c.name(), c));
        readableByName = byName;
        if (readable.isEmpty()) {
            status.set(AssetState.ONLINE, AssetStatusReason.NONE,
                    "no readable channels: nothing is sampled, the status follows the writes");
        } else if (settings.listenMode()) {
            startListening(d);
        } else {
            status.set(AssetState.UNKNOWN, AssetStatusReason.INITIALIZING,
                    "driver " + settings.driverName() + " bound; sampling every " + settings.samplingPeriodMs() + " ms");
            startSampling();
        }
    }

    /** Stops sampling or listening and forgets the driver; the next generation starts clean. */
    private void detach() {
        generation++;
        if (nextTick != null) {
            nextTick.cancel(false);
            nextTick = null;
        }
        releaseListening();
        lastListened.clear();
        driver = null;
        boundDriver = "";
        configProblem = null;
        readable = List.of();
        readableByName = Map.of();
    }

    private void driverThrew(String operation, RuntimeException e) {
        long suppressed = warnings.tryAcquire(driver == null ? "driver" : driver);
        if (suppressed >= 0) {
            LOG.warn("asset {}: driver {} threw on {}{}", name, settings.driverName(), operation,
                    suppressedNote(suppressed), e);
        }
        status.set(AssetState.ERROR, AssetStatusReason.INTERNAL_ERROR,
                "driver " + settings.driverName() + " threw on " + operation + ": " + e);
    }

    // ---------------------------------------------------------------- sampling

    private void startSampling() {
        long period = TimeUnit.MILLISECONDS.toNanos(settings.samplingPeriodMs());
        cadence = new Cadence(period, System.nanoTime());
        scheduleTick(generation, 0);
    }

    private void scheduleTick(long gen, long delayNanos) {
        try {
            nextTick = executor.schedule(() -> guarded(() -> tick(gen)), Math.max(0, delayNanos),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void tick(long gen) {
        if (closed || gen != generation) {
            return;
        }
        if (driver == null || !candidates.containsKey(driver)) {
            // the driver left and its unbind is still queued behind this tick: do not call it any more
            reevaluateDriver();
            return;
        }
        try {
            sampleOnce();
        } catch (RuntimeException e) {
            internalError("sampling failed", e);
        }
        if (closed || gen != generation) {
            return;
        }
        long now = System.nanoTime();
        long before = cadence.skipped();
        long due = cadence.advance(now);
        long skipped = cadence.skipped() - before;
        if (skipped > 0) {
            skippedSamples += skipped;
            long suppressed = warnings.tryAcquire("overrun");
            if (suppressed >= 0) {
                LOG.warn("asset {}: a sample took longer than the period of {} ms; skipped {} sample(s) ({} so far)",
                        name, settings.samplingPeriodMs(), skipped, skippedSamples);
            }
        }
        scheduleTick(gen, due - now);
    }

    /** Reads every readable channel once and emits one record; package-private for tests. */
    void sampleOnce() {
        Driver d = driver;
        if (d == null || readable.isEmpty()) {
            return;
        }
        long timestamp = wallClock.getAsLong();
        List<ChannelResult> results;
        try {
            results = d.read(readable);
        } catch (RuntimeException e) {
            driverThrew("read", e);
            return;
        }
        samples++;
        Outcome outcome = Outcome.evaluate(readable, results, settings.driverName());
        status.set(outcome.state(), outcome.reason(), outcome.message());
        if (!outcome.values().isEmpty()) {
            deliver(List.of(record(timestamp, outcome.values())));
        }
    }

    private Record record(long timestamp, Map<String, TypedValue> values) {
        Record.Builder b = Record.builder(name).timestamp(timestamp);
        values.forEach(b::put);
        return b.build();
    }

    private void deliver(List<Record> batchRecords) {
        RecordBatch batch = new RecordBatch(batchRecords);
        for (RecordListener l : listeners) {
            try {
                l.onRecords(batch);
            } catch (RuntimeException | LinkageError e) {
                listenerErrors++;
                long suppressed = warnings.tryAcquire(l);
                if (suppressed >= 0) {
                    LOG.warn("asset {}: record listener {} failed{}", name, l, suppressedNote(suppressed), e);
                }
            }
        }
        records += batchRecords.size();
    }

    private static String suppressedNote(long suppressed) {
        return suppressed > 0 ? " (" + suppressed + " similar failures not logged)" : "";
    }

    // ---------------------------------------------------------------- listen mode

    private void startListening(Driver d) {
        Listening l = new Listening(d, generation);
        status.set(AssetState.UNKNOWN, AssetStatusReason.INITIALIZING,
                "listening through driver " + settings.driverName() + "; waiting for the first value");
        listening.set(l);
        try {
            d.listen(readable, l);
        } catch (DriverException e) {
            listening.compareAndSet(l, null);
            configProblem = "driver " + settings.driverName() + " cannot listen to these channels: " + e.getMessage();
            status.set(AssetState.ERROR, AssetStatusReason.CONFIGURATION_ERROR, configProblem);
            return;
        } catch (RuntimeException e) {
            listening.compareAndSet(l, null);
            driverThrew("listen", e);
            return;
        }
        if (closed) {
            // close() may have run between listening.set and listen(): make sure nothing stays registered
            releaseListening();
            unlistenQuietly(d, l);
        }
    }

    private void releaseListening() {
        Listening l = listening.getAndSet(null);
        if (l != null) {
            unlistenQuietly(l.driver, l);
        }
    }

    private void unlistenQuietly(Driver d, ChannelListener l) {
        try {
            d.unlisten(l);
        } catch (RuntimeException e) {
            LOG.debug("asset {}: driver {} failed to unlisten", name, settings.driverName(), e);
        }
    }

    private void drain(Listening l) {
        l.drainPending.set(false);
        if (closed || listening.get() != l || l.generation != generation) {
            return;
        }
        List<ChannelResult> results = new ArrayList<>();
        l.queue.drainTo(results);
        if (results.isEmpty()) {
            return;
        }
        List<Record> out = new ArrayList<>();
        for (ChannelResult r : results) {
            Channel c = readableByName.get(r.channel());
            if (c == null) {
                LOG.debug("asset {}: ignoring a value for unknown channel {}", name, r.channel());
                continue;
            }
            samples++;
            lastListened.put(c.name(), r);
            if (r.isOk() && r.value().type() == c.type()) {
                out.add(record(r.timestamp(), Map.of(c.name(), r.value())));
            }
        }
        List<Channel> reported = readable.stream().filter(c -> lastListened.containsKey(c.name())).toList();
        if (!reported.isEmpty()) {
            Outcome outcome = Outcome.evaluate(reported, List.copyOf(lastListened.values()), settings.driverName());
            status.set(outcome.state(), outcome.reason(), outcome.message());
        }
        if (!out.isEmpty()) {
            deliver(out);
        }
    }

    /** One listen registration: hands the driver's values to the asset's thread. */
    private final class Listening implements ChannelListener {
        final Driver driver;
        final long generation;
        final BlockingQueue<ChannelResult> queue = new ArrayBlockingQueue<>(LISTEN_QUEUE_CAPACITY);
        final AtomicBoolean drainPending = new AtomicBoolean();

        Listening(Driver driver, long generation) {
            this.driver = driver;
            this.generation = generation;
        }

        @Override
        public void onChannelResult(ChannelResult result) {
            if (closed || listening.get() != this) {
                return;
            }
            if (!queue.offer(result)) {
                long dropped = droppedValues.incrementAndGet();
                long suppressed = warnings.tryAcquire("dropped");
                if (suppressed >= 0) {
                    LOG.warn("asset {}: {} values waiting, dropping new ones ({} dropped so far)", name,
                            LISTEN_QUEUE_CAPACITY, dropped);
                }
                return;
            }
            if (drainPending.compareAndSet(false, true)) {
                post(() -> drain(this));
            }
        }

        @Override
        public String toString() {
            return "asset " + name + " listener";
        }
    }

    // ---------------------------------------------------------------- on-demand read and write

    private List<ChannelResult> doRead(List<String> requested) {
        long now = wallClock.getAsLong();
        List<Channel> current = channels;
        Map<String, Channel> byName = new HashMap<>();
        current.forEach(c -> byName.put(c.name(), c));
        List<String> names = requested;
        if (names.isEmpty()) {
            names = current.stream().filter(c -> c.mode().canRead()).map(Channel::name).toList();
        }
        ChannelResult[] out = new ChannelResult[names.size()];
        List<Channel> toRead = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            Channel c = byName.get(n);
            if (c == null) {
                out[i] = ChannelResult.error(n, DriverStatus.error(StatusCode.INVALID_CHANNEL,
                        "asset " + name + " has no channel '" + n + "'"), now);
            } else if (!c.mode().canRead()) {
                out[i] = ChannelResult.error(n, DriverStatus.error(StatusCode.UNSUPPORTED,
                        "channel '" + n + "' is write-only"), now);
            } else {
                DriverStatus unavailable = unavailable();
                if (unavailable != null) {
                    out[i] = ChannelResult.error(n, unavailable, now);
                } else {
                    toRead.add(c);
                    positions.add(i);
                }
            }
        }
        if (!toRead.isEmpty()) {
            List<ChannelResult> results;
            try {
                results = driver.read(toRead);
            } catch (RuntimeException e) {
                driverThrew("read", e);
                results = List.of();
            }
            fill(out, positions, toRead.stream().map(Channel::name).toList(), results, now);
        }
        return List.of(out);
    }

    private List<ChannelResult> doWrite(Map<String, TypedValue> requested) {
        long now = wallClock.getAsLong();
        Map<String, Channel> byName = new HashMap<>();
        channels.forEach(c -> byName.put(c.name(), c));
        ChannelResult[] out = new ChannelResult[requested.size()];
        List<ChannelWrite> toWrite = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, TypedValue> e : requested.entrySet()) {
            String n = e.getKey();
            Channel c = byName.get(n);
            if (c == null) {
                out[i] = ChannelResult.error(n, DriverStatus.error(StatusCode.INVALID_CHANNEL,
                        "asset " + name + " has no channel '" + n + "'"), now);
            } else if (!c.mode().canWrite()) {
                out[i] = ChannelResult.error(n, DriverStatus.error(StatusCode.UNSUPPORTED,
                        "channel '" + n + "' is read-only"), now);
            } else {
                DriverStatus unavailable = unavailable();
                if (unavailable != null) {
                    out[i] = ChannelResult.error(n, unavailable, now);
                } else {
                    toWrite.add(new ChannelWrite(c, e.getValue()));
                    positions.add(i);
                }
            }
            i++;
        }
        if (!toWrite.isEmpty()) {
            List<ChannelResult> results;
            try {
                results = driver.write(toWrite);
            } catch (RuntimeException e) {
                driverThrew("write", e);
                results = List.of();
            }
            fill(out, positions, toWrite.stream().map(w -> w.channel().name()).toList(), results, now);
            if (readable.isEmpty()) {
                // a write-only asset has no samples: its status follows its writes
                List<ChannelResult> written = new ArrayList<>();
                positions.forEach(p -> written.add(out[p]));
                List<Channel> writtenChannels = toWrite.stream().map(ChannelWrite::channel).toList();
                Outcome o = Outcome.evaluate(writtenChannels, written, settings.driverName());
                status.set(o.state(), o.reason(), o.message());
            }
        }
        return List.of(out);
    }

    /** @return why the driver cannot be asked now, or {@code null} if it can */
    private DriverStatus unavailable() {
        if (driver == null) {
            return DriverStatus.error(StatusCode.COMMUNICATION_ERROR,
                    "driver " + settings.driverName() + " not available");
        }
        if (configProblem != null) {
            return DriverStatus.error(StatusCode.INVALID_CHANNEL, "asset configuration is invalid: " + configProblem);
        }
        return null;
    }

    /** Puts the driver's results at their request positions, by name when the driver did not keep the order. */
    private static void fill(ChannelResult[] out, List<Integer> positions, List<String> names,
            List<ChannelResult> results, long now) {
        Map<String, ChannelResult> byName = new HashMap<>();
        for (ChannelResult r : results) {
            byName.putIfAbsent(r.channel(), r);
        }
        for (int j = 0; j < positions.size(); j++) {
            String n = names.get(j);
            ChannelResult r = j < results.size() && results.get(j).channel().equals(n) ? results.get(j)
                    : byName.get(n);
            out[positions.get(j)] = r != null ? r
                    : ChannelResult.error(n, DriverStatus.error(StatusCode.DEVICE_ERROR, "no result from the driver"),
                            now);
        }
    }

    // ---------------------------------------------------------------- driver candidates

    /** A Driver service's name and OSGi ordering keys. */
    record Candidate(String name, int ranking, long id) {

        static Candidate of(Map<String, ?> properties) {
            Object n = properties.get(Driver.NAME_PROPERTY);
            Object r = properties.get("service.ranking");
            Object id = properties.get("service.id");
            return new Candidate(n instanceof String ? (String) n : String.valueOf(n),
                    r instanceof Integer ? (Integer) r : 0, id instanceof Long ? (Long) id : Long.MAX_VALUE);
        }

        /** Highest ranking first, then the oldest service, as the framework orders services. */
        boolean betterThan(Candidate other) {
            return ranking != other.ranking ? ranking > other.ranking : id < other.id;
        }
    }
}
