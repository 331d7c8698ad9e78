// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongPredicate;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.store.internal.AppendRequest;
import io.weir.cloud.store.internal.MalformedEntryException;
import io.weir.cloud.store.internal.MessageCodec;
import io.weir.cloud.store.internal.SendIndex;
import io.weir.cloud.store.internal.StoreCounters;
import io.weir.cloud.store.internal.StoreFiles;
import io.weir.cloud.store.internal.StoreOpener;
import io.weir.cloud.store.internal.StoreWriter;

/**
 * The durable store-and-forward message store: outbound messages live in one H2 MVStore file from
 * {@link #append append} until the broker's acknowledgement ({@link #ack ack}).
 *
 * <p><b>Ids.</b> {@code id = (priority << 56) | seq}: the priority (0..9) in the top byte and a 56-bit sequence
 * number that only grows, across priorities and across restarts. Ids are unique and increase within a priority, and
 * their numeric order is the send order (priority ascending, then append order). {@link #priorityOf(long)} extracts
 * the priority.
 *
 * <p><b>Durability.</b> One writer thread ({@code weir-cloud-store-writer}) takes everything queued, writes it,
 * commits once and fsyncs once (group commit); only then do the appends' futures complete. Acks are written with the
 * next batch, or within {@link StoreOptions#ackFlushMillis()}. A lost ack only causes a duplicate later.
 *
 * <p><b>Threads.</b> Every method may be called from any thread. Futures complete on {@code
 * weir-cloud-store-complete}, never on the caller's or the writer's thread; keep dependent actions short.
 */
public final class MessageStore implements AutoCloseable {
    /** The most urgent priority. */
    public static final int PRIORITY_HIGHEST = 0;
    /** The least urgent priority. */
    public static final int PRIORITY_LOWEST = 9;

    private static final Logger LOG = LoggerFactory.getLogger(MessageStore.class);
    private static final long CLOSE_WAIT_SECONDS = 60;
    private static final String COMPLETER_THREAD = "weir-cloud-store-complete";

    private final Path file;
    private final OpenReport openReport;
    private final SendIndex index;
    private final StoreCounters counters = new StoreCounters();
    private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
    private boolean closed; // guarded by closeLock
    private final StoreWriter writer;
    private final Thread writerThread;
    private final ThreadPoolExecutor completer;

    private MessageStore(Path file, String mvName, StoreOptions options, StoreOpener.Opened opened) {
        this.file = file;
        this.openReport = opened.report();
        this.index = opened.index();
        this.completer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, COMPLETER_THREAD);
            t.setDaemon(true);
            return t;
        });
        this.writer = new StoreWriter(file, mvName, options, index, opened.handle(), opened.nextSeq(), counters,
                completer, this::markClosed);
        this.writerThread = new Thread(writer, "weir-cloud-store-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    private void markClosed() {
        closeLock.writeLock().lock();
        try {
            closed = true;
        } finally {
            closeLock.writeLock().unlock();
        }
    }

    /**
     * Opens (creating if absent) the store file and checks it. A corrupt file is moved aside (renamed to
     * {@code <name>.corrupt-<yyyyMMdd-HHmmss>}, UTC) after its decodable messages were salvaged into a fresh store;
     * the outcome is in {@link #openReport()} and logged at ERROR. Blocks on disk I/O.
     *
     * @param file the store file; its directory is created if needed
     * @param options capacity and flush settings
     * @return the open store
     * @throws IOException only if the file is in use by another process or store, is not accessible, or even a fresh
     *     store cannot be created
     */
    public static MessageStore open(Path file, StoreOptions options) throws IOException {
        return open(file, options, "");
    }

    /** As {@link #open(Path, StoreOptions)}, on an H2 file system given by its prefix (tests inject faults). */
    static MessageStore open(Path file, StoreOptions options, String fsPrefix) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        Path abs = file.toAbsolutePath();
        StoreOpener.Opened opened = StoreOpener.open(abs, fsPrefix);
        return new MessageStore(abs, fsPrefix + abs, options, opened);
    }

    /** @return what {@link #open} found */
    public OpenReport openReport() {
        return openReport;
    }

    /** @return the store file (absolute) */
    public Path file() {
        return file;
    }

    /**
     * @param id a store id
     * @return its priority (0..9)
     */
    public static int priorityOf(long id) {
        return MessageCodec.priority(id);
    }

    /**
     * Appends a message. Never blocks on I/O. The future completes with the stored message once it is durable
     * (committed and fsync'd), or exceptionally with {@link StoreFullException} (the capacity policy refused it, or
     * evicted it for a more urgent message of the same batch before it was written), {@link StoreFailureException}
     * (the write failed, e.g. the disk is full), or {@link IllegalStateException} (the store is closed).
     *
     * @param priority 0 (most urgent) to 9
     * @param topic the full MQTT topic, at most 65535 UTF-8 bytes
     * @param qos 0..2
     * @param retain the MQTT retain flag
     * @param payload the payload (copied into the store; the returned message refers to this array)
     * @return the future stored message
     * @throws IllegalArgumentException if priority, qos or the topic length is out of range
     */
    public CompletableFuture<StoredMessage> append(int priority, String topic, int qos, boolean retain,
            byte[] payload) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (priority < PRIORITY_HIGHEST || priority > PRIORITY_LOWEST) {
            throw new IllegalArgumentException("priority " + priority + " is out of range 0..9");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos " + qos + " is out of range 0..2");
        }
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        if (topicBytes.length > MessageCodec.MAX_TOPIC_BYTES) {
            throw new IllegalArgumentException("topic is " + topicBytes.length + " UTF-8 bytes, at most "
                    + MessageCodec.MAX_TOPIC_BYTES);
        }
        if (payload.length > Integer.MAX_VALUE - 64 - MessageCodec.OVERHEAD - topicBytes.length) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes is too large");
        }
        long created = System.currentTimeMillis();
        byte[] value = MessageCodec.encode(qos, retain, created, topicBytes, payload);
        AppendRequest request = new AppendRequest(priority, topic, qos, retain, created, payload, value,
                topicBytes.length + payload.length, new CompletableFuture<>());
        closeLock.readLock().lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("message store " + file
                        + " is closed"));
            }
            writer.enqueue(request);
        } finally {
            closeLock.readLock().unlock();
        }
        return request.future();
    }

    /**
     * Up to {@code max} stored, not yet acknowledged messages in send order: priority ascending (0 first), then
     * append order, skipping ids for which {@code skip.test(id)} is true (the caller's in-flight set). Served from the
     * in-memory index; payloads are read from the store (usually its cache). Returns fewer (possibly none) while the
     * file is unavailable after an I/O error.
     *
     * @param max the most messages to return
     * @param skip ids to leave out
     * @return the messages, at most {@code max}
     */
    public List<StoredMessage> pending(int max, LongPredicate skip) {
        Objects.requireNonNull(skip, "skip");
        StoreFiles.Handle h = writer.handle();
        if (max <= 0 || h == null) {
            return List.of();
        }
        List<StoredMessage> out = new ArrayList<>(Math.min(max, 64));
        MVStore.TxCounter usage = null;
        try {
            // pins the current version: the chunks it reads cannot be reused while we read
            usage = h.store().registerVersionUsage();
            for (int p = PRIORITY_HIGHEST; p <= PRIORITY_LOWEST; p++) {
                for (Long id : index.ids(p)) {
                    if (skip.test(id)) {
                        continue;
                    }
                    byte[] value = h.data().get(id);
                    if (value == null) {
                        continue; // acknowledged or evicted meanwhile
                    }
                    try {
                        out.add(MessageCodec.decode(id, value));
                    } catch (MalformedEntryException e) {
                        dropUndecodable(id, e);
                        continue;
                    }
                    if (out.size() >= max) {
                        return out;
                    }
                }
            }
        } catch (RuntimeException e) {
            // the store was closed or is being reopened after an I/O error: return what was read
            LOG.debug("Reading pending messages from {} interrupted", file, e);
        } finally {
            if (usage != null) {
                try {
                    h.store().deregisterVersionUsage(usage);
                } catch (RuntimeException e) {
                    LOG.debug("deregistering a version usage of {} failed", file, e);
                }
            }
        }
        return out;
    }

    private void dropUndecodable(long id, MalformedEntryException e) {
        if (index.remove(id) >= 0) {
            counters.failures.incrementAndGet();
            LOG.error("Stored message {} in {} no longer decodes ({}); it is left out of the send queue, and the "
                    + "startup check will quarantine the file", id, file, e.getMessage());
        }
    }

    /**
     * Removes a delivered message (the broker acknowledged it). Unknown ids are ignored. The removal is written with
     * the next batch or within {@link StoreOptions#ackFlushMillis()}; if it is lost in a crash the message is sent
     * again (at-least-once), never lost.
     *
     * @param id the message id
     */
    public void ack(long id) {
        if (index.remove(id) < 0) {
            LOG.debug("Ack of unknown message id {} ignored", id);
            return;
        }
        counters.acked.incrementAndGet();
        writer.ack(id);
    }

    /** @return a snapshot of the counters */
    public StoreStats stats() {
        long messages;
        long bytes;
        int[] perPriority;
        synchronized (index) {
            messages = index.messages();
            bytes = index.bytes();
            perPriority = index.perPriority();
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = -1;
        }
        return new StoreStats(messages, bytes, perPriority, counters.appended.get(), counters.acked.get(),
                counters.rejectedFull.get(), counters.evicted.get(), counters.failures.get(), counters.commits.get(),
                counters.lastCommitMicros.get(), size, openReport);
    }

    /**
     * Writes every queued append and pending ack, then closes the file. Appends after this fail with
     * {@link IllegalStateException}. Idempotent; every caller returns once the file is closed. Blocks until the
     * writer is done (at most about a minute).
     */
    @Override
    public void close() {
        closeLock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                writer.requestClose();
            }
        } finally {
            closeLock.writeLock().unlock();
        }
        try {
            writerThread.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
            if (writerThread.isAlive()) {
                LOG.error("The writer of store {} did not finish within {} s; closing the file without it", file,
                        CLOSE_WAIT_SECONDS);
                writerThread.interrupt();
                StoreFiles.Handle h = writer.handle();
                if (h != null) {
                    h.closeImmediately();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        completer.shutdown();
        if (!Thread.currentThread().getName().equals(COMPLETER_THREAD)) {
            try {
                completer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
