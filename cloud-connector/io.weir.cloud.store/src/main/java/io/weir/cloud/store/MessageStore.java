// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
import io.weir.cloud.store.internal.BatchRequest;
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
 * <p><b>Atomic batches.</b> {@link #appendAll appendAll} stores a list of messages in one commit, all or none, also
 * across a crash: the group commit never splits one, the capacity policy admits or refuses it as a whole, and
 * {@link #pending pending} lists its messages only once all are durable.
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
     * One message of an {@link #appendAll atomic batch}; the arguments are checked as by {@link #append append}.
     * Treat {@link #payload()} as read-only: it is not copied.
     *
     * @param priority 0 (most urgent) to 9
     * @param topic the full MQTT topic, at most 65535 UTF-8 bytes
     * @param qos 0..2
     * @param retain the MQTT retain flag
     * @param payload the payload
     */
    public record Append(int priority, String topic, int qos, boolean retain, byte[] payload) {

        /**
         * Checks the arguments.
         *
         * @throws IllegalArgumentException if priority, qos or the topic length is out of range
         */
        public Append {
            checkArguments(priority, topic, qos, payload);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Append a && a.priority == priority && a.qos == qos && a.retain == retain
                    && a.topic.equals(topic) && Arrays.equals(a.payload, payload);
        }

        @Override
        public int hashCode() {
            return Objects.hash(priority, topic, qos, retain) * 31 + Arrays.hashCode(payload);
        }

        /** Never shows the payload bytes, only their length. */
        @Override
        public String toString() {
            return "Append[priority=" + priority + ", topic=" + topic + ", qos=" + qos + ", retain=" + retain
                    + ", payload=" + payload.length + " bytes]";
        }
    }

    /** The checks of {@link #append} and {@link Append}; returns the topic's UTF-8 bytes. */
    private static byte[] checkArguments(int priority, String topic, int qos, byte[] payload) {
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
        return topicBytes;
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
        byte[] topicBytes = checkArguments(priority, topic, qos, payload);
        long created = System.currentTimeMillis();
        byte[] value = MessageCodec.encode(qos, retain, created, topicBytes, payload);
        AppendRequest request = new AppendRequest(priority, topic, qos, retain, created, payload, value,
                topicBytes.length + payload.length, new CompletableFuture<>());
        return enqueue(() -> writer.enqueue(request), request.future());
    }

    /**
     * Appends all messages atomically, in one commit. Never blocks on I/O. The future completes with the stored
     * messages, in the order given, once all of them are durable (committed and fsync'd), or fails as a whole, and
     * then none of them is stored, also after a crash or a restart:
     * <ul>
     * <li>{@link StoreFullException} if the capacity policy refuses any of them. The batch is checked as a whole:
     * each message against the limits for its own priority with the batch's earlier messages counted; under
     * {@link FullPolicy#EVICT_OLDEST_LOWEST} it evicts stored messages of lower priority for all of its messages or
     * none, and no message of the same commit may evict a message of the batch;</li>
     * <li>{@link StoreFailureException} if the write failed (e.g. the disk is full). If the data reached the file but
     * the fsync failed, the store removes the batch again (with a commit of its own) and puts back what it had
     * evicted; see the module README for the one window in which a crash can still bring it back whole;</li>
     * <li>{@link IllegalStateException} if the store is closed.</li>
     * </ul>
     * The messages get consecutive sequence numbers (ids in list order within a priority) and are sent in the usual
     * order: priority ascending, then append order. {@link #pending pending} lists none of them before all are
     * durable. Once stored they are ordinary messages: each is acknowledged on its own and, under
     * {@code EVICT_OLDEST_LOWEST}, a later more urgent message may evict some of them. A batch is written as one
     * commit even if it is larger than the writer's group-commit caps (1000 messages / 4 MiB); capacity limits still
     * apply. An empty list completes at once with an empty list.
     *
     * @param messages the messages, in order
     * @return the future stored messages, in the same order (an unmodifiable list)
     * @throws NullPointerException if the list or one of its elements is null
     */
    public CompletableFuture<List<StoredMessage>> appendAll(List<Append> messages) {
        Objects.requireNonNull(messages, "messages");
        List<BatchRequest.Message> encoded = new ArrayList<>(messages.size());
        long created = System.currentTimeMillis();
        long bytes = 0;
        for (Append m : messages) {
            Objects.requireNonNull(m, () -> "messages[" + encoded.size() + "] is null");
            byte[] topicBytes = m.topic().getBytes(StandardCharsets.UTF_8);
            byte[] value = MessageCodec.encode(m.qos(), m.retain(), created, topicBytes, m.payload());
            encoded.add(new BatchRequest.Message(m.priority(), m.topic(), m.qos(), m.retain(), created, m.payload(),
                    value, topicBytes.length + m.payload().length));
            bytes += value.length;
        }
        if (encoded.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        BatchRequest request = new BatchRequest(List.copyOf(encoded), bytes, new CompletableFuture<>());
        return enqueue(() -> writer.enqueue(request), request.future());
    }

    /** Hands a request to the writer unless the store is closed; the future is the request's own. */
    private <T> CompletableFuture<T> enqueue(Runnable handOver, CompletableFuture<T> future) {
        closeLock.readLock().lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("message store " + file
                        + " is closed"));
            }
            handOver.run();
        } finally {
            closeLock.readLock().unlock();
        }
        return future;
    }

    /**
     * Up to {@code max} stored, not yet acknowledged messages in send order: priority ascending (0 first), then
     * append order, skipping ids for which {@code skip.test(id)} is true (the caller's in-flight set). Served from the
     * in-memory index; payloads are read from the store (usually its cache). Returns fewer (possibly none) while the
     * file is unavailable after an I/O error. Lists only durable messages, and the messages of an
     * {@link #appendAll atomic batch} only once all of them are durable (the list may still end inside a batch when
     * {@code max} is reached or {@code skip} leaves some out).
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
            // only whole commits: messages the writer is adding right now (part of a batch, say) are left out
            long visible = index.visibleSeq();
            for (int p = PRIORITY_HIGHEST; p <= PRIORITY_LOWEST; p++) {
                for (Long id : index.ids(p)) {
                    if (MessageCodec.seq(id) > visible) {
                        break; // ids of a priority are in sequence order
                    }
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
