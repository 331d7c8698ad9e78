// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.store.StoreFailureException;
import io.weir.cloud.store.StoreFullException;
import io.weir.cloud.store.StoreOptions;
import io.weir.cloud.store.StoredMessage;

/**
 * The store's single writer ({@code weir-cloud-store-writer}): takes everything queued (up to 1000 messages or
 * 4 MiB), decides capacity for the batch, writes the messages, the pending acks and the evictions, commits once and
 * fsyncs once (group commit), and only then updates the index and completes the futures (on the completion thread).
 *
 * <p>After a failed write MVStore has closed itself: the batch fails with {@link StoreFailureException}, the acks are
 * kept for the next write, and the file is reopened (everything committed is still there). Every 100 commits, or
 * 5 s after the last check when there were commits, sparsely used chunks are rewritten ({@code
 * MVStore.compact(80, 1 MiB)}), since with autoCommit off MVStore never compacts on its own.
 */
public final class StoreWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    private static final int MAX_BATCH_MESSAGES = 1000;
    private static final long MAX_BATCH_BYTES = 4L << 20;
    private static final long IDLE_WAKE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int COMPACT_EVERY_COMMITS = 100;
    private static final long COMPACT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int COMPACT_TARGET_FILL_RATE = 80;
    private static final int COMPACT_WRITE_BYTES = 1 << 20;
    private static final long ACK_RETRY_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Object WAKE = new Object();
    private static final Object CLOSE = new Object();

    private final Path file;
    private final String mvName;
    private final StoreOptions options;
    private final SendIndex index;
    private final StoreCounters counters;
    private final Executor completer;
    private final Runnable onExit;
    private volatile StoreFiles.@Nullable Handle handle;

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Long> acks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ackCount = new AtomicInteger();

    // state of the writer thread only
    private long nextSeq;
    private final List<Long> retryAcks = new ArrayList<>();
    private final List<long[]> unresolvedWrites = new ArrayList<>();
    private final List<Long> unresolvedVictims = new ArrayList<>();
    private int commitsSinceCompact;
    private long lastCompactNanos = System.nanoTime();
    private long lastFailureNanos = System.nanoTime() - ACK_RETRY_BACKOFF_NANOS;
    private @Nullable String unavailableReason;
    private final LogThrottle rejectLog = new LogThrottle(10, TimeUnit.SECONDS);
    private final LogThrottle evictLog = new LogThrottle(10, TimeUnit.SECONDS);
    private final LogThrottle failureLog = new LogThrottle(10, TimeUnit.SECONDS);
    private List<Runnable> completions = new ArrayList<>();

    /**
     * @param file the store file (for messages)
     * @param mvName the MVStore file name, to reopen it
     * @param options capacity settings
     * @param index the send index, shared with readers
     * @param handle the open store
     * @param nextSeq the next sequence number
     * @param counters the counters, shared with readers
     * @param completer where futures are completed
     * @param onExit called on the writer thread when it stops, before queued appends are refused
     */
    public StoreWriter(Path file, String mvName, StoreOptions options, SendIndex index, StoreFiles.Handle handle,
            long nextSeq, StoreCounters counters, Executor completer, Runnable onExit) {
        this.file = file;
        this.mvName = mvName;
        this.options = options;
        this.index = index;
        this.handle = handle;
        this.nextSeq = nextSeq;
        this.counters = counters;
        this.completer = completer;
        this.onExit = onExit;
    }

    /** @return the open store, or {@code null} while it is unavailable after an I/O error or closed */
    public StoreFiles.@Nullable Handle handle() {
        return handle;
    }

    /** @param request an append to write */
    public void enqueue(AppendRequest request) {
        queue.add(request);
    }

    /** Asks the writer to write what is queued, then stop. */
    public void requestClose() {
        queue.add(CLOSE);
    }

    /** @param id a message removed from the index, to remove from the file */
    public void ack(long id) {
        acks.add(id);
        if (ackCount.getAndIncrement() == 0) {
            queue.offer(WAKE);
        }
    }

    @Override
    public void run() {
        List<AppendRequest> batch = new ArrayList<>();
        long ackDeadline = 0;
        boolean closing = false;
        try {
            while (!closing) {
                long now = System.nanoTime();
                if (ackDeadline == 0 && (ackCount.get() > 0 || !retryAcks.isEmpty())) {
                    ackDeadline = now + TimeUnit.MILLISECONDS.toNanos(options.ackFlushMillis());
                }
                // acks alone are retried at most once a second after a failed write (e.g. while the disk is full)
                long ackDueAt = ackDeadline == 0 ? 0
                        : Math.max(ackDeadline, lastFailureNanos + ACK_RETRY_BACKOFF_NANOS);
                long wait = ackDeadline != 0 ? Math.max(0, ackDueAt - now) : IDLE_WAKE_NANOS;
                Object first;
                try {
                    first = queue.poll(wait, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    first = CLOSE;
                }
                long batchBytes = 0;
                for (Object o = first; o != null; o = batch.size() < MAX_BATCH_MESSAGES
                        && batchBytes < MAX_BATCH_BYTES ? queue.poll() : null) {
                    if (o == CLOSE) {
                        closing = true;
                        break;
                    }
                    if (o instanceof AppendRequest r) {
                        batch.add(r);
                        batchBytes += r.value().length;
                    }
                }
                boolean acksPending = ackCount.get() > 0 || !retryAcks.isEmpty();
                boolean acksDue = acksPending
                        && (!batch.isEmpty() || closing || (ackDeadline != 0 && System.nanoTime() - ackDueAt >= 0));
                if (!batch.isEmpty() || acksDue) {
                    writeBatch(batch);
                    batch.clear();
                    ackDeadline = 0;
                }
                flushCompletions();
                maybeCompact();
            }
        } catch (RuntimeException | Error e) {
            LOG.error("The writer of store {} failed unexpectedly; the store stops accepting messages", file, e);
            failAll(batch, new StoreFailureException("the writer of store " + file + " failed: " + e, e, false));
            flushCompletions();
        } finally {
            shutDown();
        }
    }

    private void shutDown() {
        onExit.run();
        List<AppendRequest> left = new ArrayList<>();
        for (Object o; (o = queue.poll()) != null;) {
            if (o instanceof AppendRequest r) {
                left.add(r);
            }
        }
        failAll(left, new IllegalStateException("message store " + file + " is closed"));
        flushCompletions();
        StoreFiles.Handle h = handle;
        handle = null;
        if (h != null) {
            try {
                h.store().close();
                LOG.info("Closed store file {}: {} messages stored", file, index.messages());
            } catch (RuntimeException e) {
                LOG.warn("Closing store file {} failed; committed messages are safe", file, e);
                h.closeImmediately();
            }
        }
    }

    private void writeBatch(List<AppendRequest> batch) {
        List<Long> ackIds = new ArrayList<>(retryAcks);
        retryAcks.clear();
        for (Long id; (id = acks.poll()) != null;) {
            ackCount.decrementAndGet();
            ackIds.add(id);
        }
        StoreFiles.Handle h = handle != null ? handle : reopen();
        if (h == null) {
            retryAcks.addAll(ackIds);
            counters.failures.incrementAndGet();
            lastFailureNanos = System.nanoTime();
            failAll(batch, new StoreFailureException("store file " + file + " is unavailable after an I/O error ("
                    + unavailableReason + "); the message was not stored", null, false));
            return;
        }

        BatchPlan plan = new BatchPlan(index, options);
        List<AppendRequest> refused = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        synchronized (index) {
            for (AppendRequest r : batch) {
                long id = MessageCodec.id(r.priority(), nextSeq);
                String reason = plan.admit(id, r.size(), r);
                if (reason == null) {
                    nextSeq++;
                } else {
                    refused.add(r);
                    reasons.add(reason);
                }
            }
        }
        long storedMessages = plan.plannedMessages();
        long storedBytes = plan.plannedBytes();
        for (int i = 0; i < refused.size(); i++) {
            StoreFullException full = new StoreFullException(reasons.get(i), storedMessages, storedBytes);
            complete(refused.get(i).future(), null, full);
        }
        if (!refused.isEmpty()) {
            counters.rejectedFull.addAndGet(refused.size());
            long n = rejectLog.record(refused.size());
            if (n > 0) {
                LOG.warn("Store {} refused {} message(s): {}", file, n, reasons.get(0));
            }
        }
        List<BatchPlan.Staged> written = new ArrayList<>();
        for (BatchPlan.Staged s : plan.staged()) {
            if (s.evicted()) {
                AppendRequest r = (AppendRequest) s.tag();
                complete(r.future(), null, new StoreFullException("store full: evicted for a more urgent message "
                        + "before it was stored (policy EVICT_OLDEST_LOWEST)", storedMessages, storedBytes));
            } else {
                written.add(s);
            }
        }
        if (plan.stagedEvictions() > 0) {
            counters.evicted.addAndGet(plan.stagedEvictions());
        }
        if (written.isEmpty() && plan.victims().isEmpty() && ackIds.isEmpty()) {
            return;
        }

        long start = System.nanoTime();
        try {
            for (Long id : ackIds) {
                h.data().remove(id);
            }
            for (Long id : plan.victims()) {
                h.data().remove(id);
            }
            for (BatchPlan.Staged s : written) {
                h.data().put(s.id(), ((AppendRequest) s.tag()).value());
            }
            if (!written.isEmpty()) {
                h.meta().put(StoreFiles.NEXT_SEQ_KEY, nextSeq);
            }
            h.store().commit();
            h.store().sync();
        } catch (RuntimeException e) {
            onWriteFailure(e, h, written, plan.victims(), ackIds);
            return;
        }
        counters.lastCommitMicros.set((System.nanoTime() - start) / 1000);
        counters.commits.incrementAndGet();
        commitsSinceCompact++;

        int evictedNow;
        synchronized (index) {
            evictedNow = plan.apply();
        }
        if (evictedNow > 0) {
            counters.evicted.addAndGet(evictedNow);
        }
        long evictedReport = evictLog.record(evictedNow + plan.stagedEvictions());
        if (evictedReport > 0) {
            LOG.warn("Store {} full: evicted {} older message(s) of lower priority (policy EVICT_OLDEST_LOWEST)", file,
                    evictedReport);
        }
        counters.appended.addAndGet(written.size());
        for (BatchPlan.Staged s : written) {
            AppendRequest r = (AppendRequest) s.tag();
            complete(r.future(), new StoredMessage(s.id(), r.priority(), r.topic(), r.qos(), r.retain(),
                    r.createdMillis(), r.payload()), null);
        }
    }

    /**
     * A write failed: MVStore has closed itself (it does after any write error). The batch's futures fail; the acks
     * are kept for the next write; the file is reopened (everything committed before is still there).
     */
    private void onWriteFailure(RuntimeException e, StoreFiles.Handle h, List<BatchPlan.Staged> written,
            List<Long> victims, List<Long> ackIds) {
        counters.failures.incrementAndGet();
        lastFailureNanos = System.nanoTime();
        StoreFailureException failure = describe(e);
        long n = failureLog.record(1);
        if (n > 0) {
            LOG.error("Writing store file {} failed ({} failure(s) since the last report): {}", file, n,
                    failure.getMessage(), e);
        }
        retryAcks.addAll(ackIds);
        for (BatchPlan.Staged s : written) {
            unresolvedWrites.add(new long[] {s.id(), ((AppendRequest) s.tag()).size()});
        }
        unresolvedVictims.addAll(victims);
        h.closeImmediately();
        handle = null;
        unavailableReason = failure.getMessage();
        reopen();
        for (BatchPlan.Staged s : written) {
            complete(((AppendRequest) s.tag()).future(), null, failure);
        }
    }

    /** Reopens the file after a write error; resolves what the failed batches may or may not have written. */
    private StoreFiles.@Nullable Handle reopen() {
        StoreFiles.Handle h;
        try {
            h = StoreFiles.openReadWrite(mvName);
        } catch (RuntimeException e) {
            unavailableReason = "reopening failed: " + e.getMessage();
            LOG.debug("Reopening store file {} failed", file, e);
            return null;
        }
        try {
            for (long[] w : unresolvedWrites) {
                if (h.data().containsKey(w[0])) {
                    // the data reached the file although the commit or its fsync reported an error
                    synchronized (index) {
                        index.add(w[0], (int) w[1]);
                    }
                    LOG.warn("Message {} reached store file {} although its write reported an error; it will be "
                            + "sent", w[0], file);
                }
            }
            for (Long id : unresolvedVictims) {
                if (!h.data().containsKey(id)) {
                    synchronized (index) {
                        if (index.remove(id) >= 0) {
                            counters.evicted.incrementAndGet();
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            h.closeImmediately();
            unavailableReason = "reopening failed: " + e.getMessage();
            return null;
        }
        unresolvedWrites.clear();
        unresolvedVictims.clear();
        unavailableReason = null;
        handle = h;
        LOG.info("Reopened store file {} after a write error; {} messages stored", file, index.messages());
        return h;
    }

    /** Keeps the file small: rewrites sparsely used chunks now and then (MVStore does not, with autoCommit off). */
    private void maybeCompact() {
        StoreFiles.Handle h = handle;
        long now = System.nanoTime();
        if (h == null || commitsSinceCompact == 0 || (commitsSinceCompact < COMPACT_EVERY_COMMITS
                && now - lastCompactNanos < COMPACT_INTERVAL_NANOS)) {
            return;
        }
        commitsSinceCompact = 0;
        lastCompactNanos = now;
        try {
            if (h.store().compact(COMPACT_TARGET_FILL_RATE, COMPACT_WRITE_BYTES)) {
                h.store().commit();
                h.store().sync();
            }
        } catch (RuntimeException e) {
            counters.failures.incrementAndGet();
            LOG.warn("Compacting store file {} failed: {}; committed messages are safe", file, e.toString());
            h.closeImmediately();
            handle = null;
            unavailableReason = describe(e).getMessage();
            reopen();
        }
    }

    private StoreFailureException describe(Throwable e) {
        boolean diskFull = false;
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            root = t;
            String m = t.getMessage();
            if (m != null) {
                String lower = m.toLowerCase(Locale.ROOT);
                diskFull |= lower.contains("no space left on device") || lower.contains("disk quota exceeded");
            }
        }
        String what = diskFull ? "no space left on device" : "I/O error (" + root + ")";
        return new StoreFailureException(what + " while writing " + file + "; the message was not stored", e,
                diskFull);
    }

    private void failAll(List<AppendRequest> requests, Exception failure) {
        for (AppendRequest r : requests) {
            complete(r.future(), null, failure);
        }
    }

    /** Queues a completion; {@link #flushCompletions()} hands them to the completion thread in one task. */
    private void complete(CompletableFuture<StoredMessage> future, @Nullable StoredMessage value,
            @Nullable Throwable failure) {
        completions.add(failure != null ? () -> future.completeExceptionally(failure) : () -> future.complete(value));
    }

    private void flushCompletions() {
        if (completions.isEmpty()) {
            return;
        }
        List<Runnable> actions = completions;
        completions = new ArrayList<>();
        Runnable all = () -> actions.forEach(Runnable::run);
        try {
            completer.execute(all);
        } catch (RejectedExecutionException e) {
            all.run();
        }
    }
}
