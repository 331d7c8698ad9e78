// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
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
 * <p>An atomic batch ({@link BatchRequest}) is one unit of the group commit: it is never split across two commits
 * (one that does not fit the caps next to what was already taken waits for the next commit, one larger than the caps
 * is a commit of its own), it is admitted whole or refused whole, and its messages become visible in the index
 * together ({@link SendIndex#publish}). One commit is one MVStore chunk, which after a crash is in the file whole or
 * not at all.
 *
 * <p>After a failed write MVStore has closed itself: the batch fails with {@link StoreFailureException}, the acks are
 * kept for the next write, and the file is reopened (everything committed is still there). Single messages of the
 * failed commit that are found in the file on reopening (the write got there, the fsync failed) are kept; atomic
 * batches found there are removed again, and the stored messages they evicted put back, with a commit of their own,
 * so a failed batch is not stored. Every 100 commits, or 5 s after the last check when there were commits, sparsely
 * used chunks are rewritten ({@code MVStore.compact(80, 1 MiB)}), since with autoCommit off MVStore never compacts
 * on its own.
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
    private final List<UnresolvedBatch> unresolvedBatches = new ArrayList<>();
    private @Nullable BatchRequest carried;
    private int commitsSinceCompact;
    private long lastCompactNanos = System.nanoTime();
    private long lastFailureNanos = System.nanoTime() - ACK_RETRY_BACKOFF_NANOS;
    private @Nullable String unavailableReason;
    private final LogThrottle rejectLog = new LogThrottle(10, TimeUnit.SECONDS);
    private final LogThrottle evictLog = new LogThrottle(10, TimeUnit.SECONDS);
    private final LogThrottle failureLog = new LogThrottle(10, TimeUnit.SECONDS);
    private List<Runnable> completions = new ArrayList<>();

    /**
     * An atomic batch of a failed commit: must not be in the file. Holds the values of the stored messages it
     * evicted, to put them back if the commit reached the file after all.
     */
    private record UnresolvedBatch(long[] ids, Map<Long, byte[]> victims) {
    }

    /** An atomic batch admitted into the commit being written, with its ids and the stored messages it evicts. */
    private record AdmittedBatch(BatchRequest request, long[] ids, List<Long> victims) {
    }

    /**
     * What one {@link #drain} took.
     *
     * @param closing whether the close request was reached
     * @param carried an atomic batch taken from the queue that did not fit this commit; it starts the next one
     */
    record Drain(boolean closing, @Nullable BatchRequest carried) {
    }

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
        index.publish(nextSeq - 1); // everything found at open is visible
    }

    /** @return the open store, or {@code null} while it is unavailable after an I/O error or closed */
    public StoreFiles.@Nullable Handle handle() {
        return handle;
    }

    /** @param request an append to write */
    public void enqueue(AppendRequest request) {
        queue.add(request);
    }

    /** @param request an atomic batch to write */
    public void enqueue(BatchRequest request) {
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
        List<Object> batch = new ArrayList<>(); // AppendRequest and BatchRequest units, in queue order
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
                Object first = carried;
                carried = null;
                if (first == null) {
                    try {
                        first = queue.poll(wait, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        first = CLOSE;
                    }
                }
                Drain drained = drain(first, queue, batch, MAX_BATCH_MESSAGES, MAX_BATCH_BYTES);
                closing = drained.closing();
                carried = drained.carried();
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
                maybeRetract();
            }
        } catch (RuntimeException | Error e) {
            LOG.error("The writer of store {} failed unexpectedly; the store stops accepting messages", file, e);
            if (carried != null) {
                batch.add(carried);
                carried = null;
            }
            failAll(batch, new StoreFailureException("the writer of store " + file + " failed: " + e, e, false));
            flushCompletions();
        } finally {
            shutDown();
        }
    }

    /**
     * Takes units for one commit: {@code first}, then what is queued while under the caps. Single messages are taken
     * while the commit has fewer than {@code maxMessages} messages and {@code maxBytes} bytes. An atomic batch is
     * never split: it is taken whole if the commit is still empty (even when it alone exceeds the caps) or if it fits
     * next to what was taken; otherwise it is returned as {@link Drain#carried()} to start the next commit.
     *
     * @param first the first item (an append, a batch, a wake-up or the close request), or {@code null}
     * @param queue the queue to take more from
     * @param units receives the appends and batches taken, in order; empty on entry
     * @param maxMessages the message cap of one commit
     * @param maxBytes the encoded-bytes cap of one commit
     * @return whether the close request was reached, and a batch left for the next commit
     */
    static Drain drain(@Nullable Object first, Queue<Object> queue, List<Object> units, int maxMessages,
            long maxBytes) {
        int messages = 0;
        long bytes = 0;
        for (Object o = first; o != null; o = messages < maxMessages && bytes < maxBytes ? queue.poll() : null) {
            if (o == CLOSE) {
                return new Drain(true, null);
            }
            if (o instanceof AppendRequest r) {
                units.add(r);
                messages++;
                bytes += r.value().length;
            } else if (o instanceof BatchRequest b) {
                if (!units.isEmpty() && (messages + b.size() > maxMessages || bytes + b.bytes() > maxBytes)) {
                    return new Drain(false, b);
                }
                units.add(b);
                messages += b.size();
                bytes += b.bytes();
            }
        }
        return new Drain(false, null);
    }

    private void shutDown() {
        onExit.run();
        List<Object> left = new ArrayList<>();
        if (carried != null) {
            left.add(carried);
            carried = null;
        }
        for (Object o; (o = queue.poll()) != null;) {
            if (o instanceof AppendRequest || o instanceof BatchRequest) {
                left.add(o);
            }
        }
        failAll(left, new IllegalStateException("message store " + file + " is closed"));
        flushCompletions();
        if (handle == null && !unresolvedBatches.isEmpty()) {
            reopen(); // a last attempt to remove failed batches that may have reached the file
        }
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

    private void writeBatch(List<Object> batch) {
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
            String unavailable = "store file " + file + " is unavailable after an I/O error (" + unavailableReason
                    + ")";
            StoreFailureException single = new StoreFailureException(unavailable + "; the message was not stored",
                    null, false);
            for (Object u : batch) {
                if (u instanceof AppendRequest r) {
                    complete(r.future(), null, single);
                } else if (u instanceof BatchRequest b) {
                    completeBatch(b.future(), null, new StoreFailureException(unavailable + "; " + notStored(b),
                            null, false));
                }
            }
            return;
        }

        BatchPlan plan = new BatchPlan(index, options);
        List<Object> refused = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<AdmittedBatch> admitted = new ArrayList<>();
        int refusedMessages = 0;
        synchronized (index) {
            for (Object u : batch) {
                if (u instanceof AppendRequest r) {
                    long id = MessageCodec.id(r.priority(), nextSeq);
                    String reason = plan.admit(id, r.size(), r);
                    if (reason == null) {
                        nextSeq++;
                    } else {
                        refused.add(r);
                        reasons.add(reason);
                        refusedMessages++;
                    }
                } else if (u instanceof BatchRequest b) {
                    String reason = admitBatch(plan, b, admitted);
                    if (reason != null) {
                        refused.add(b);
                        reasons.add(reason);
                        refusedMessages += b.size();
                    }
                }
            }
        }
        long storedMessages = plan.plannedMessages();
        long storedBytes = plan.plannedBytes();
        for (int i = 0; i < refused.size(); i++) {
            StoreFullException full = new StoreFullException(reasons.get(i), storedMessages, storedBytes);
            if (refused.get(i) instanceof AppendRequest r) {
                complete(r.future(), null, full);
            } else {
                completeBatch(((BatchRequest) refused.get(i)).future(), null, full);
            }
        }
        if (refusedMessages > 0) {
            counters.rejectedFull.addAndGet(refusedMessages);
            long n = rejectLog.record(refusedMessages);
            if (n > 0) {
                LOG.warn("Store {} refused {} message(s): {}", file, n, reasons.get(0));
            }
        }
        List<BatchPlan.Staged> written = new ArrayList<>();
        for (BatchPlan.Staged s : plan.staged()) {
            if (s.evicted()) {
                // only single messages: the messages of an atomic batch are pinned
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
        Map<Long, byte[]> batchVictimValues = new HashMap<>();
        try {
            for (AdmittedBatch a : admitted) {
                // kept in case the commit fails but reaches the file: the batch is then removed, its victims put back
                for (Long id : a.victims()) {
                    byte[] value = h.data().get(id);
                    if (value != null) {
                        batchVictimValues.put(id, value);
                    }
                }
            }
            for (Long id : ackIds) {
                h.data().remove(id);
            }
            for (Long id : plan.victims()) {
                h.data().remove(id);
            }
            for (BatchPlan.Staged s : written) {
                h.data().put(s.id(), ((EncodedMessage) s.tag()).value());
            }
            if (!written.isEmpty()) {
                h.meta().put(StoreFiles.NEXT_SEQ_KEY, nextSeq);
            }
            h.store().commit();
            h.store().sync();
        } catch (RuntimeException e) {
            onWriteFailure(e, h, written, plan.victims(), ackIds, admitted, batchVictimValues);
            return;
        }
        counters.lastCommitMicros.set((System.nanoTime() - start) / 1000);
        counters.commits.incrementAndGet();
        commitsSinceCompact++;

        int evictedNow;
        synchronized (index) {
            evictedNow = plan.apply();
            index.publish(nextSeq - 1); // the whole commit becomes visible to pending() at once
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
        int nextBatch = 0;
        for (BatchPlan.Staged s : written) {
            if (s.tag() instanceof AppendRequest r) {
                complete(r.future(), new StoredMessage(s.id(), r.priority(), r.topic(), r.qos(), r.retain(),
                        r.createdMillis(), r.payload()), null);
            } else if (isLastOf(admitted, nextBatch, s)) {
                // the batch's messages are consecutive in admission order: complete it at its last one, so
                // futures complete in queue order
                AdmittedBatch a = admitted.get(nextBatch++);
                List<StoredMessage> stored = new ArrayList<>(a.ids().length);
                for (int i = 0; i < a.ids().length; i++) {
                    BatchRequest.Message m = a.request().messages().get(i);
                    stored.add(new StoredMessage(a.ids()[i], m.priority(), m.topic(), m.qos(), m.retain(),
                            m.createdMillis(), m.payload()));
                }
                completeBatch(a.request().future(), List.copyOf(stored), null);
            }
        }
    }

    private static boolean isLastOf(List<AdmittedBatch> admitted, int index, BatchPlan.Staged s) {
        if (index >= admitted.size()) {
            return false;
        }
        long[] ids = admitted.get(index).ids();
        return ids[ids.length - 1] == s.id();
    }

    /**
     * Admits an atomic batch as a whole: message by message in its order, each against the limits for its priority
     * with the batch's earlier messages counted; if one does not fit, everything the batch changed in the plan is
     * undone and its sequence numbers are given back.
     *
     * @return {@code null} if admitted (then added to {@code admitted}), else why it was refused
     */
    private @Nullable String admitBatch(BatchPlan plan, BatchRequest b, List<AdmittedBatch> admitted) {
        BatchPlan.Checkpoint cp = plan.checkpoint();
        long firstSeq = nextSeq;
        long[] ids = new long[b.size()];
        for (int i = 0; i < ids.length; i++) {
            BatchRequest.Message m = b.messages().get(i);
            ids[i] = MessageCodec.id(m.priority(), nextSeq);
            String reason = plan.admit(ids[i], m.size(), m, true);
            if (reason != null) {
                plan.rollback(cp);
                nextSeq = firstSeq;
                return reason + " (message " + (i + 1) + " of a batch of " + ids.length + ", counting the batch's "
                        + "earlier messages; the batch is refused as a whole, none of its messages was stored)";
            }
            nextSeq++;
        }
        admitted.add(new AdmittedBatch(b, ids, plan.victimsSince(cp)));
        return null;
    }

    private static String notStored(BatchRequest b) {
        return "the batch of " + b.size() + " message" + (b.size() == 1 ? "" : "s") + " was not stored (none of them)";
    }

    /**
     * A write failed: MVStore has closed itself (it does after any write error). The batch's futures fail; the acks
     * are kept for the next write; the file is reopened (everything committed before is still there), and atomic
     * batches of the failed commit that reached the file anyway are removed again.
     */
    private void onWriteFailure(RuntimeException e, StoreFiles.Handle h, List<BatchPlan.Staged> written,
            List<Long> victims, List<Long> ackIds, List<AdmittedBatch> admitted, Map<Long, byte[]> victimValues) {
        counters.failures.incrementAndGet();
        lastFailureNanos = System.nanoTime();
        StoreFailureException failure = describe(e, "the message was not stored");
        long n = failureLog.record(1);
        if (n > 0) {
            LOG.error("Writing store file {} failed ({} failure(s) since the last report): {}; {} message(s) of this "
                    + "write failed, {} of them in {} atomic batch(es)", file, n, describe(e, "").getMessage(),
                    written.size(), written.stream().filter(BatchPlan.Staged::pinned).count(), admitted.size(), e);
        }
        retryAcks.addAll(ackIds);
        for (BatchPlan.Staged s : written) {
            if (!s.pinned()) {
                unresolvedWrites.add(new long[] {s.id(), ((AppendRequest) s.tag()).size()});
            }
        }
        for (AdmittedBatch a : admitted) {
            Map<Long, byte[]> values = new LinkedHashMap<>();
            for (Long id : a.victims()) {
                byte[] value = victimValues.get(id);
                if (value != null) {
                    values.put(id, value);
                }
            }
            unresolvedBatches.add(new UnresolvedBatch(a.ids(), values));
        }
        unresolvedVictims.addAll(victims);
        h.closeImmediately();
        handle = null;
        unavailableReason = failure.getMessage();
        reopen();
        int nextBatch = 0;
        for (BatchPlan.Staged s : written) {
            if (s.tag() instanceof AppendRequest r) {
                complete(r.future(), null, failure);
            } else if (isLastOf(admitted, nextBatch, s)) {
                BatchRequest b = admitted.get(nextBatch++).request();
                completeBatch(b.future(), null, describe(e, notStored(b)));
            }
        }
    }

    /**
     * Reopens the file after a write error; resolves what the failed commits may or may not have written: atomic
     * batches found in the file are removed again (with a commit and fsync of their own), single messages found there
     * are kept, victims no longer there are taken out of the index.
     */
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
            retractFailedBatches(h);
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
            LOG.debug("Reopening store file {} failed", file, e);
            return null;
        }
        unresolvedWrites.clear();
        unresolvedVictims.clear();
        unresolvedBatches.clear();
        index.publish(nextSeq - 1);
        unavailableReason = null;
        handle = h;
        LOG.info("Reopened store file {} after a write error; {} messages stored", file, index.messages());
        return h;
    }

    /**
     * Removes the messages of failed atomic batches that reached the file although their commit reported an error
     * (typically: written, but the fsync failed), puts back the stored messages they had evicted (unless acknowledged
     * since), and commits and fsyncs that. Throws if the file cannot be written; the caller then tries again later.
     */
    private void retractFailedBatches(StoreFiles.Handle h) {
        int batches = 0;
        int removed = 0;
        int restored = 0;
        for (UnresolvedBatch b : unresolvedBatches) {
            int found = 0;
            for (long id : b.ids()) {
                if (h.data().remove(id) != null) {
                    found++;
                }
            }
            if (found == 0) {
                continue;
            }
            batches++;
            removed += found;
            for (Map.Entry<Long, byte[]> v : b.victims().entrySet()) {
                if (index.contains(v.getKey()) && !h.data().containsKey(v.getKey())) {
                    h.data().put(v.getKey(), v.getValue());
                    restored++;
                }
            }
        }
        if (batches == 0) {
            return;
        }
        h.store().commit();
        h.store().sync();
        LOG.warn("{} failed batch(es) ({} messages) had reached store file {} although the write reported an error; "
                + "removed them again (a batch is stored whole or not at all){}", batches, removed, file,
                restored > 0 ? ", and put back " + restored + " message(s) they had evicted" : "");
    }

    /** Retries removing failed batches from the file at most once a second while it is unavailable. */
    private void maybeRetract() {
        if (handle == null && !unresolvedBatches.isEmpty()
                && System.nanoTime() - lastFailureNanos >= ACK_RETRY_BACKOFF_NANOS) {
            if (reopen() == null) {
                lastFailureNanos = System.nanoTime();
            }
        }
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
            unavailableReason = describe(e, "the message was not stored").getMessage();
            reopen();
        }
    }

    private StoreFailureException describe(Throwable e, String outcome) {
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
        String message = what + " while writing " + file + (outcome.isEmpty() ? "" : "; " + outcome);
        return new StoreFailureException(message, e, diskFull);
    }

    private void failAll(List<Object> requests, Exception failure) {
        for (Object o : requests) {
            if (o instanceof AppendRequest r) {
                complete(r.future(), null, failure);
            } else if (o instanceof BatchRequest b) {
                completeBatch(b.future(), null, failure);
            }
        }
    }

    /** Queues a completion; {@link #flushCompletions()} hands them to the completion thread in one task. */
    private void complete(CompletableFuture<StoredMessage> future, @Nullable StoredMessage value,
            @Nullable Throwable failure) {
        completions.add(failure != null ? () -> future.completeExceptionally(failure) : () -> future.complete(value));
    }

    /** As {@link #complete}, for an atomic batch. */
    private void completeBatch(CompletableFuture<List<StoredMessage>> future, @Nullable List<StoredMessage> value,
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
