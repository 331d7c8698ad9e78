// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.CloudErrorCode;
import io.weir.cloud.CloudException;
import io.weir.cloud.ConnectionState;
import io.weir.cloud.ConnectionStatus;
import io.weir.cloud.store.MessageStore;
import io.weir.cloud.store.StoreFailureException;
import io.weir.cloud.store.StoreFullException;
import io.weir.cloud.store.StoredMessage;

/**
 * The MQTT data service: one Paho client, connection management with capped jittered backoff, and store-and-forward
 * publishing (Kura's DataService layer, wire spec §6.3).
 *
 * <p><b>Publishing.</b> QoS 1 and 2 messages go to the durable {@link MessageStore} and are accepted once committed
 * and synced; they leave the store only when the broker acknowledges them (PUBACK/PUBCOMP). QoS 0 messages wait in a
 * bounded memory queue. <em>Transient</em> messages (lifecycle messages, which are regenerated on every connection)
 * also wait in memory and are dropped when the connection is lost.
 *
 * <p><b>Sending.</b> One sender thread sends, while connected, the most urgent message first (priority 0 first), in
 * acceptance order within a priority, with at most {@code inflightMax} QoS &gt; 0 messages awaiting acknowledgement,
 * and a token bucket on the rate-limited priorities. On a connection loss the in-flight set is forgotten, so the
 * unacknowledged messages, still in the store, are sent again first on the next connection (at-least-once:
 * duplicates are possible, loss is not).
 *
 * <p><b>Threads.</b> {@code weir-cloud-connect} connects, reconnects and disconnects; {@code weir-cloud-sender} sends;
 * {@code weir-cloud-inbound} delivers received messages to the listener, so that neither Paho's callback thread
 * nor the sender ever runs application code. Publish methods may be called from any thread and never block on I/O.
 */
final class DataService implements MqttCallbackExtended {

    private static final Logger LOG = LoggerFactory.getLogger(DataService.class);
    private static final int INBOUND_QUEUE = 10_000;
    /** How long a clean disconnect lets in-flight messages finish; ours were awaited already. */
    private static final long QUIESCE_MILLIS = 1000;
    /** At most this many appends wait for the store's writer; beyond, publishers get STORE_FULL at once. */
    static final int MAX_PENDING_APPENDS = 20_000;
    /** At most this many QoS 0 messages wait inside Paho, so that its unbounded queue never grows. */
    private static final int QOS0_WINDOW = 256;

    /** What the layer above (the Kapua cloud service) hears about. Called on the connect or inbound thread. */
    interface Listener {
        /** A new connection is up and subscribed; publish the birth now. */
        void onConnected();

        /** A clean disconnect is about to happen; publish the disconnect message now. */
        void onDisconnecting();

        /** The connection was lost (not a clean disconnect). */
        void onConnectionLost(String reason);

        /** A message arrived on a subscription. Called on the inbound thread, in arrival order. */
        void onMessage(String topic, byte[] payload, int qos);
    }

    /** What the service needs to know; see {@link ConnectorConfig}. */
    record Settings(String brokerUrl, String clientId, @Nullable String username, char @Nullable [] password,
            int keepAliveSeconds, int timeoutSeconds, boolean cleanSession, String willTopic, byte[] willPayload,
            int willQos, long reconnectMinMillis, long reconnectMaxMillis, int inflightMax, int memoryCapacity,
            int maxPayloadSize, boolean rateLimit, double rateAverage, int rateBurst, int rateMinPriority,
            @Nullable TlsSettings tls) {
    }

    private final Settings settings;
    private final MessageStore store;
    private final Listener listener;

    private final ScheduledExecutorService connectThread;
    private final ExecutorService inboundThread;
    private final Thread senderThread;

    /** Guards everything the sender looks at: connection, memory queue, in-flight set. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workChanged = lock.newCondition();
    private final PriorityQueue<MemoryMessage> memory = new PriorityQueue<>();
    private final Set<Long> inflightStored = new HashSet<>();
    private int inflightMemory;
    /** QoS 0 messages handed to Paho and not yet written to the socket. */
    private int inflightQos0;
    private @Nullable MqttAsyncClient client;
    private long connectionGeneration;
    private final @Nullable TokenBucket bucket;

    private volatile ConnectionStatus status;
    private volatile boolean wanted;
    private volatile boolean closed;
    private final Backoff backoff;
    private @Nullable ScheduledFuture<?> pendingAttempt;
    private final Map<String, Integer> subscriptions = new ConcurrentHashMap<>();
    private final List<CompletableFuture<ConnectionStatus>> connectWaiters = new ArrayList<>();

    private final java.util.concurrent.Semaphore appendPermits =
            new java.util.concurrent.Semaphore(MAX_PENDING_APPENDS);
    private final AtomicLong memoryIds = new AtomicLong(Long.MIN_VALUE);
    final Counters counters = new Counters();

    /** Counters for status and health; read without locks. */
    static final class Counters {
        final AtomicLong published = new AtomicLong();
        final AtomicLong confirmed = new AtomicLong();
        final AtomicLong rejectedFull = new AtomicLong();
        final AtomicLong rejectedTooLarge = new AtomicLong();
        final AtomicLong storeFailures = new AtomicLong();
        final AtomicLong transientDropped = new AtomicLong();
        final AtomicLong inboundDropped = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        final AtomicLong connects = new AtomicLong();
        final AtomicLong connectionLosses = new AtomicLong();
        volatile @Nullable String lastStoreError;
    }

    DataService(Settings settings, MessageStore store, Listener listener) {
        this.settings = settings;
        this.store = store;
        this.listener = listener;
        this.backoff = new Backoff(settings.reconnectMinMillis(), settings.reconnectMaxMillis(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.bucket = settings.rateLimit()
                ? new TokenBucket(settings.rateAverage(), settings.rateBurst(), System.nanoTime())
                : null;
        this.status = new ConnectionStatus(ConnectionState.DISCONNECTED, null, System.currentTimeMillis());
        ScheduledThreadPoolExecutor connect = new ScheduledThreadPoolExecutor(1,
                r -> daemon(r, "weir-cloud-connect"));
        connect.setRemoveOnCancelPolicy(true);
        this.connectThread = connect;
        this.inboundThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(INBOUND_QUEUE), r -> daemon(r, "weir-cloud-inbound"), (r, e) -> {
                    long n = counters.inboundDropped.incrementAndGet();
                    if (Long.bitCount(n) == 1) {
                        LOG.warn("Inbound queue full ({} messages): dropped {} received messages so far",
                                INBOUND_QUEUE, n);
                    }
                });
        this.senderThread = daemon(this::sendLoop, "weir-cloud-sender");
        this.senderThread.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ------------------------------------------------------------------------------------------ status & control

    ConnectionStatus status() {
        return status;
    }

    private void setStatus(ConnectionState state, @Nullable String error) {
        status = new ConnectionStatus(state, error, System.currentTimeMillis());
    }

    /** Number of QoS &gt; 0 messages awaiting acknowledgement plus QoS 0 messages queued in memory. */
    int inflight() {
        lock.lock();
        try {
            return inflightStored.size() + inflightMemory;
        } finally {
            lock.unlock();
        }
    }

    int memoryQueued() {
        lock.lock();
        try {
            return memory.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asks for the connection to be up, retrying until {@link #disconnect()}.
     *
     * @return completes once connected
     */
    CompletableFuture<ConnectionStatus> connect() {
        CompletableFuture<ConnectionStatus> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new CloudException(CloudErrorCode.CLOSED, "the cloud connector is stopped"));
            return f;
        }
        connectThread.execute(() -> {
            if (status.state() == ConnectionState.CONNECTED) {
                f.complete(status);
                return;
            }
            connectWaiters.add(f);
            if (!wanted) {
                wanted = true;
                backoff.reset();
                scheduleAttempt(0);
            }
        });
        return f;
    }

    private void scheduleAttempt(long delayMillis) {
        if (pendingAttempt != null) {
            pendingAttempt.cancel(false);
        }
        if (status.state() != ConnectionState.CONNECTED) {
            setStatus(ConnectionState.CONNECTING, status.lastError());
        }
        pendingAttempt = connectThread.schedule(this::attempt, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** One connection attempt, on the connect thread. */
    private void attempt() {
        pendingAttempt = null;
        if (!wanted || closed || status.state() == ConnectionState.CONNECTED) {
            return;
        }
        MqttAsyncClient c = null;
        try {
            c = new MqttAsyncClient(BrokerUrls.toPaho(settings.brokerUrl()), settings.clientId(),
                    new MemoryPersistence());
            c.setCallback(this);
            IMqttToken token = c.connect(connectOptions());
            token.waitForCompletion(TimeUnit.SECONDS.toMillis(settings.timeoutSeconds()));
            if (!c.isConnected()) {
                throw new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT);
            }
            for (Map.Entry<String, Integer> s : subscriptions.entrySet()) {
                c.subscribe(s.getKey(), s.getValue()).waitForCompletion(
                        TimeUnit.SECONDS.toMillis(settings.timeoutSeconds()));
            }
        } catch (MqttException | RuntimeException e) {
            String reason = describe(e);
            closeQuietly(c);
            long delay = backoff.next();
            setStatus(ConnectionState.CONNECTING, reason);
            LOG.warn("Cannot connect to {} as {}: {}; next attempt in {} ms", BrokerUrls.redact(settings.brokerUrl()),
                    settings.clientId(), reason, delay);
            scheduleAttempt(delay);
            return;
        }
        lock.lock();
        try {
            client = c;
            connectionGeneration++;
            inflightStored.clear();
            inflightMemory = 0;
            inflightQos0 = 0;
            workChanged.signalAll();
        } finally {
            lock.unlock();
        }
        backoff.reset();
        counters.connects.incrementAndGet();
        setStatus(ConnectionState.CONNECTED, null);
        LOG.info("Connected to {} as {}", BrokerUrls.redact(settings.brokerUrl()), settings.clientId());
        try {
            listener.onConnected();
        } catch (RuntimeException e) {
            LOG.error("Connection listener failed", e);
        }
        signal();
        connectWaiters.forEach(w -> w.complete(status));
        connectWaiters.clear();
    }

    private MqttConnectOptions connectOptions() throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setAutomaticReconnect(false);
        o.setCleanSession(settings.cleanSession());
        o.setKeepAliveInterval(settings.keepAliveSeconds());
        o.setConnectionTimeout(settings.timeoutSeconds());
        o.setMaxInflight(Math.max(10, settings.inflightMax() + 10));
        if (settings.username() != null && !settings.username().isEmpty()) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null && settings.password().length > 0) {
            o.setPassword(settings.password());
        }
        o.setWill(settings.willTopic(), settings.willPayload(), settings.willQos(), false);
        if (settings.tls() != null) {
            try {
                o.setSocketFactory(NoDelaySockets.tls(settings.tls().socketFactory()));
                o.setHttpsHostnameVerificationEnabled(settings.tls().hostnameVerification());
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                throw new MqttException(MqttException.REASON_CODE_SSL_CONFIG_ERROR, e);
            }
        } else {
            o.setSocketFactory(NoDelaySockets.plain());
        }
        return o;
    }

    /**
     * A readable reason for a failure, never containing credentials.
     *
     * @param e the failure
     * @return e.g. "not authorized (5)" or "connection refused: ..."
     */
    static String describe(Throwable e) {
        if (e instanceof MqttException me) {
            String text = switch (me.getReasonCode()) {
                case MqttException.REASON_CODE_FAILED_AUTHENTICATION -> "bad user name or password";
                case MqttException.REASON_CODE_NOT_AUTHORIZED -> "not authorized";
                case MqttException.REASON_CODE_INVALID_CLIENT_ID -> "client id refused by the broker";
                case MqttException.REASON_CODE_BROKER_UNAVAILABLE -> "broker unavailable";
                case MqttException.REASON_CODE_CLIENT_TIMEOUT -> "timed out";
                case MqttException.REASON_CODE_SSL_CONFIG_ERROR -> "TLS configuration error";
                default -> me.getMessage();
            };
            Throwable cause = me.getCause();
            return cause == null ? text : text + ": " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage());
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /**
     * Disconnects cleanly: stops reconnecting, lets the listener publish its disconnect message, waits a short while
     * for it and the in-flight messages, then closes the connection.
     *
     * @return completes once disconnected
     */
    CompletableFuture<ConnectionStatus> disconnect() {
        CompletableFuture<ConnectionStatus> f = new CompletableFuture<>();
        connectThread.execute(() -> {
            doDisconnect();
            f.complete(status);
        });
        return f;
    }

    private void doDisconnect() {
        wanted = false;
        if (pendingAttempt != null) {
            pendingAttempt.cancel(false);
            pendingAttempt = null;
        }
        for (CompletableFuture<ConnectionStatus> w : connectWaiters) {
            w.completeExceptionally(new CloudException(CloudErrorCode.CANCELLED, "disconnect requested"));
        }
        connectWaiters.clear();
        MqttAsyncClient c;
        lock.lock();
        try {
            c = client;
        } finally {
            lock.unlock();
        }
        if (c != null && c.isConnected()) {
            try {
                listener.onDisconnecting();
            } catch (RuntimeException e) {
                LOG.error("Disconnect listener failed", e);
            }
            awaitQuiet(1000);
            try {
                // Paho sends DISCONNECT after the quiesce time at the latest; the wait must be longer, or a timeout
                // here would close the socket without DISCONNECT and the broker would publish the will
                c.disconnect(QUIESCE_MILLIS).waitForCompletion(QUIESCE_MILLIS
                        + TimeUnit.SECONDS.toMillis(settings.timeoutSeconds()));
            } catch (MqttException e) {
                LOG.warn("Clean disconnect did not complete ({}); closing with a DISCONNECT anyway", describe(e));
                try {
                    c.disconnectForcibly(0, 1000, true);
                } catch (MqttException again) {
                    LOG.debug("Forced disconnect: {}", describe(again));
                }
            }
        }
        detach(c);
        closeQuietly(c);
        setStatus(ConnectionState.DISCONNECTED, null);
    }

    /** Waits until transient and in-flight messages are out, or the time is up. */
    private void awaitQuiet(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (memory.stream().anyMatch(m -> m.transientMessage) || inflightMemory > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                workChanged.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the connection: in-flight messages will be sent again, transient ones are dropped. */
    private void detach(@Nullable MqttAsyncClient c) {
        lock.lock();
        try {
            if (client != c) {
                return;
            }
            client = null;
            connectionGeneration++;
            inflightStored.clear();
            inflightMemory = 0;
            inflightQos0 = 0;
            int before = memory.size();
            memory.removeIf(m -> {
                if (m.transientMessage) {
                    m.future.completeExceptionally(new CloudException(CloudErrorCode.CANCELLED,
                            "connection closed before the message was sent"));
                    return true;
                }
                return false;
            });
            counters.transientDropped.addAndGet(before - memory.size());
            workChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(@Nullable MqttAsyncClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 100, false);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            LOG.debug("Closing the MQTT client: {}", describe(e));
        }
    }

    /** Stops everything: disconnects cleanly if connected, stops the threads. The store stays open (its owner's). */
    void close() {
        if (closed) {
            return;
        }
        try {
            connectThread.submit(this::doDisconnect).get(settings.timeoutSeconds() + 5L, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Clean disconnect did not finish: {}", e.toString());
        }
        closed = true;
        connectThread.shutdownNow();
        inboundThread.shutdown();
        lock.lock();
        try {
            workChanged.signalAll();
            for (MemoryMessage m : memory) {
                m.future.completeExceptionally(new CloudException(CloudErrorCode.CLOSED,
                        "the cloud connector stopped before the message was sent"));
            }
            memory.clear();
        } finally {
            lock.unlock();
        }
        senderThread.interrupt();
        try {
            senderThread.join(2000);
            inboundThread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------ subscriptions

    /** Adds a broker subscription, now if connected and again after every reconnect. */
    void subscribe(String filter, int qos) {
        Integer previous = subscriptions.put(filter, qos);
        if (previous != null && previous >= qos) {
            subscriptions.put(filter, previous);
            return;
        }
        MqttAsyncClient c = currentClient();
        if (c != null) {
            try {
                c.subscribe(filter, subscriptions.get(filter));
            } catch (MqttException e) {
                LOG.warn("Cannot subscribe to {} now ({}); will subscribe on the next connection", filter,
                        describe(e));
            }
        }
    }

    void unsubscribe(String filter) {
        if (subscriptions.remove(filter) != null) {
            MqttAsyncClient c = currentClient();
            if (c != null) {
                try {
                    c.unsubscribe(filter);
                } catch (MqttException e) {
                    LOG.debug("Unsubscribe {}: {}", filter, describe(e));
                }
            }
        }
    }

    private @Nullable MqttAsyncClient currentClient() {
        lock.lock();
        try {
            return client;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------ publishing

    /**
     * Accepts a message for sending.
     *
     * @param topic the full MQTT topic
     * @param payload the encoded payload
     * @param qos 0, 1 or 2
     * @param retain the retain flag
     * @param priority 0 (most urgent) to 9
     * @param transientMessage a lifecycle message: kept in memory only and dropped if the connection is lost first
     * @return the message id once accepted (durable for QoS &gt; 0 unless transient); fails with a
     *         {@link CloudException}
     */
    CompletableFuture<Long> publish(String topic, byte[] payload, int qos, boolean retain, int priority,
            boolean transientMessage) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new CloudException(CloudErrorCode.CLOSED, "the cloud connector is stopped"));
        }
        if (payload.length > settings.maxPayloadSize()) {
            counters.rejectedTooLarge.incrementAndGet();
            return CompletableFuture.failedFuture(new CloudException(CloudErrorCode.PAYLOAD_TOO_LARGE,
                    "payload of " + payload.length + " bytes exceeds the maximum of " + settings.maxPayloadSize()));
        }
        if (qos == 0 || transientMessage) {
            return publishMemory(topic, payload, qos, retain, priority, transientMessage);
        }
        if (!appendPermits.tryAcquire()) {
            counters.rejectedFull.incrementAndGet();
            return CompletableFuture.failedFuture(new CloudException(CloudErrorCode.STORE_FULL, MAX_PENDING_APPENDS
                    + " messages are waiting to be written to the store; retry when it catches up"));
        }
        return store.append(priority, topic, qos, retain, payload).handle((stored, failure) -> {
            appendPermits.release();
            if (failure != null) {
                throw new java.util.concurrent.CompletionException(storeError(failure));
            }
            signal();
            return stored.id();
        });
    }

    /**
     * Accepts several messages as a whole: all or none, also across a crash. QoS 1 and 2 go to the store in one
     * commit; QoS 0 into the memory queue under one check of its capacity.
     *
     * @param topic the full MQTT topic of every message
     * @param payloads the encoded payloads, in order
     * @param qos 0, 1 or 2
     * @param priority 0 to 9
     * @return the message ids in order once all are accepted; fails with a {@link CloudException} if none was
     */
    CompletableFuture<List<Long>> publishAll(String topic, List<byte[]> payloads, int qos, int priority) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new CloudException(CloudErrorCode.CLOSED, "the cloud connector is stopped"));
        }
        for (byte[] p : payloads) {
            if (p.length > settings.maxPayloadSize()) {
                counters.rejectedTooLarge.incrementAndGet();
                return CompletableFuture.failedFuture(new CloudException(CloudErrorCode.PAYLOAD_TOO_LARGE,
                        "a payload of " + p.length + " bytes exceeds the maximum of " + settings.maxPayloadSize()
                                + "; none of the " + payloads.size() + " messages was accepted"));
            }
        }
        if (qos == 0) {
            List<Long> ids = new ArrayList<>(payloads.size());
            lock.lock();
            try {
                if (memory.size() + payloads.size() > settings.memoryCapacity()) {
                    counters.rejectedFull.addAndGet(payloads.size());
                    return CompletableFuture.failedFuture(new CloudException(CloudErrorCode.STORE_FULL,
                            "memory queue for QoS 0 messages cannot take " + payloads.size() + " more messages ("
                                    + memory.size() + " of " + settings.memoryCapacity() + " used)"));
                }
                for (byte[] p : payloads) {
                    MemoryMessage m = memoryMessage(priority, topic, p, 0, false, false);
                    memory.add(m);
                    ids.add(m.id());
                }
                workChanged.signalAll();
            } finally {
                lock.unlock();
            }
            return CompletableFuture.completedFuture(ids);
        }
        if (!appendPermits.tryAcquire(payloads.size())) {
            counters.rejectedFull.addAndGet(payloads.size());
            return CompletableFuture.failedFuture(new CloudException(CloudErrorCode.STORE_FULL, "too many messages "
                    + "are waiting to be written to the store to take " + payloads.size() + " more; retry later"));
        }
        List<MessageStore.Append> appends = new ArrayList<>(payloads.size());
        for (byte[] p : payloads) {
            appends.add(new MessageStore.Append(priority, topic, qos, false, p));
        }
        return store.appendAll(appends).handle((stored, failure) -> {
            appendPermits.release(payloads.size());
            if (failure != null) {
                throw new java.util.concurrent.CompletionException(storeError(failure));
            }
            signal();
            return stored.stream().map(StoredMessage::id).toList();
        });
    }

    private CloudException storeError(Throwable failure) {
        Throwable f = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (f instanceof StoreFullException) {
            counters.rejectedFull.incrementAndGet();
            return new CloudException(CloudErrorCode.STORE_FULL, f.getMessage(), f);
        }
        if (f instanceof IllegalStateException) {
            return new CloudException(CloudErrorCode.CLOSED, "the message store is closed", f);
        }
        counters.storeFailures.incrementAndGet();
        counters.lastStoreError = f.getMessage();
        if (f instanceof StoreFailureException) {
            return new CloudException(CloudErrorCode.STORE_FAILURE, f.getMessage(), f);
        }
        return new CloudException(CloudErrorCode.STORE_FAILURE, "message store failure: " + f, f);
    }

    private CompletableFuture<Long> publishMemory(String topic, byte[] payload, int qos, boolean retain, int priority,
            boolean transientMessage) {
        MemoryMessage m = memoryMessage(priority, topic, payload, qos, retain, transientMessage);
        if (!enqueueMemory(m, !transientMessage)) {
            counters.rejectedFull.incrementAndGet();
            return CompletableFuture.failedFuture(new CloudException(CloudErrorCode.STORE_FULL,
                    "memory queue for QoS 0 messages is full (" + settings.memoryCapacity() + " messages)"));
        }
        return CompletableFuture.completedFuture(m.id());
    }

    /**
     * Like {@link #publish} for a transient message, with a future that completes when the message has been handed
     * to the network (QoS 0) or acknowledged (QoS &gt; 0).
     */
    CompletableFuture<Long> publishTransientAndTrack(String topic, byte[] payload, int qos, int priority) {
        MemoryMessage m = memoryMessage(priority, topic, payload, qos, false, true);
        enqueueMemory(m, false);
        return m.future();
    }

    /** A new message for the memory queue; its id, which only grows, orders it within its priority. */
    private MemoryMessage memoryMessage(int priority, String topic, byte[] payload, int qos, boolean retain,
            boolean transientMessage) {
        return new MemoryMessage(memoryIds.incrementAndGet(), priority, topic, payload, qos, retain, transientMessage,
                System.currentTimeMillis(), new CompletableFuture<>());
    }

    /** @return whether the message was queued: a bounded enqueue fails when the queue is at capacity */
    private boolean enqueueMemory(MemoryMessage m, boolean bounded) {
        lock.lock();
        try {
            if (bounded && memory.size() >= settings.memoryCapacity()) {
                return false;
            }
            memory.add(m);
            workChanged.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            workChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A message waiting in memory; ordered by priority, then acceptance (ids only grow). */
    private record MemoryMessage(long id, int priority, String topic, byte[] payload, int qos,
            boolean retain, boolean transientMessage, long createdMillis, CompletableFuture<Long> future)
            implements Comparable<MemoryMessage> {
        @Override
        public int compareTo(MemoryMessage o) {
            int c = Integer.compare(priority, o.priority);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    /** What the sender sends next. */
    private record Candidate(@Nullable MemoryMessage memory, @Nullable StoredMessage stored) {
        int priority() {
            return memory != null ? memory.priority() : stored.priority();
        }
    }

    private void sendLoop() {
        while (!closed) {
            try {
                sendOne();
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.error("Sender failed; going on", e);
                sleepQuietly(100);
            }
        }
    }

    private void sendOne() throws InterruptedException {
        MqttAsyncClient c;
        Candidate next;
        long generation;
        lock.lockInterruptibly();
        try {
            while (true) {
                if (closed) {
                    return;
                }
                c = client;
                if (c != null) {
                    next = pick();
                    if (next != null) {
                        if (bucket != null && next.priority() >= settings.rateMinPriority()) {
                            long wait = bucket.tryTake(System.nanoTime());
                            if (wait > 0) {
                                workChanged.awaitNanos(wait);
                                continue;
                            }
                        }
                        break;
                    }
                }
                workChanged.await(1, TimeUnit.SECONDS);
            }
            generation = connectionGeneration;
            if (next.memory() != null) {
                memory.remove(next.memory());
                if (next.memory().qos() > 0) {
                    inflightMemory++;
                } else {
                    inflightQos0++;
                }
            } else {
                inflightStored.add(next.stored().id());
            }
        } finally {
            lock.unlock();
        }
        send(c, next, generation);
    }

    /** Chooses the next message; under the lock. */
    private @Nullable Candidate pick() {
        int inflight = inflightStored.size() + inflightMemory;
        MemoryMessage m = memory.peek();
        if (m != null && (m.qos() > 0 ? inflight >= settings.inflightMax() : inflightQos0 >= QOS0_WINDOW)) {
            m = null;
        }
        StoredMessage s = null;
        if (inflight < settings.inflightMax()) {
            List<StoredMessage> pending = store.pending(1, inflightStored::contains);
            s = pending.isEmpty() ? null : pending.get(0);
        }
        if (m == null && s == null) {
            return null;
        }
        if (s == null || (m != null && m.priority() <= s.priority())) {
            return new Candidate(m, null);
        }
        return new Candidate(null, s);
    }

    private void send(MqttAsyncClient c, Candidate next, long generation) {
        MemoryMessage m = next.memory();
        StoredMessage s = next.stored();
        String topic = m != null ? m.topic() : s.topic();
        byte[] payload = m != null ? m.payload() : s.payload();
        int qos = m != null ? m.qos() : s.qos();
        boolean retain = m != null ? m.retain() : s.retain();
        try {
            MqttMessage message = new MqttMessage(payload);
            message.setQos(qos);
            message.setRetained(retain);
            c.publish(topic, message, new Inflight(generation, m, s), completion);
            counters.published.incrementAndGet();
        } catch (MqttException e) {
            undo(next, generation);
            if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                sleepQuietly(5);
            } else {
                LOG.debug("Publish to {} failed: {}; it will be sent again", topic, describe(e));
                sleepQuietly(50);
            }
        }
    }

    /** Puts a message back after a failed send. */
    private void undo(Candidate next, long generation) {
        lock.lock();
        try {
            if (generation != connectionGeneration) {
                // the connection changed meanwhile: in-flight bookkeeping was reset already
                if (next.memory() != null && !next.memory().transientMessage()) {
                    memory.add(next.memory());
                }
                return;
            }
            if (next.memory() != null) {
                memory.add(next.memory());
                if (next.memory().qos() > 0) {
                    inflightMemory--;
                } else {
                    inflightQos0--;
                }
            } else {
                inflightStored.remove(next.stored().id());
            }
            workChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The user context of a publish token. */
    private record Inflight(long generation, @Nullable MemoryMessage memory, @Nullable StoredMessage stored) {
    }

    // ------------------------------------------------------------------------------------------ Paho callbacks

    /** Completion of every publish: QoS 0 written to the socket, QoS 1 PUBACK, QoS 2 PUBCOMP. On Paho's thread. */
    private final IMqttActionListener completion = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            if (token.getUserContext() instanceof Inflight f) {
                delivered(f);
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable failure) {
            // the connection is gone or going: connectionLost() resets the bookkeeping and the message, still
            // stored (or queued, for QoS 0), is sent again on the next connection
            LOG.debug("Publish not completed: {}", failure == null ? "?" : describe(failure));
        }
    };

    private void delivered(Inflight f) {
        if (f.stored() != null) {
            // the broker has it: it may leave the store (even if the connection changed meanwhile)
            store.ack(f.stored().id());
            counters.confirmed.incrementAndGet();
        }
        lock.lock();
        try {
            if (f.generation() == connectionGeneration) {
                if (f.stored() != null) {
                    inflightStored.remove(f.stored().id());
                } else if (f.memory() != null && f.memory().qos() > 0) {
                    inflightMemory--;
                } else {
                    inflightQos0--;
                }
            }
            workChanged.signalAll();
        } finally {
            lock.unlock();
        }
        if (f.memory() != null) {
            if (f.memory().qos() > 0) {
                counters.confirmed.incrementAndGet();
            }
            f.memory().future().complete(f.memory().id());
        }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // handled by the completion listener of each publish
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        counters.received.incrementAndGet();
        byte[] payload = message.getPayload();
        int qos = message.getQos();
        inboundThread.execute(() -> {
            try {
                listener.onMessage(topic, payload, qos);
            } catch (RuntimeException e) {
                LOG.error("Handling a message on {} failed", topic, e);
            }
        });
    }

    @Override
    public void connectionLost(Throwable cause) {
        String reason = cause == null ? "connection lost" : "connection lost: " + describe(cause);
        counters.connectionLosses.incrementAndGet();
        connectThread.execute(() -> {
            MqttAsyncClient c = currentClient();
            detach(c);
            closeQuietly(c);
            setStatus(wanted ? ConnectionState.CONNECTING : ConnectionState.DISCONNECTED, reason);
            LOG.warn("Cloud connection to {} lost: {}", BrokerUrls.redact(settings.brokerUrl()), reason);
            try {
                listener.onConnectionLost(reason);
            } catch (RuntimeException e) {
                LOG.error("Connection listener failed", e);
            }
            if (wanted && !closed) {
                scheduleAttempt(backoff.next());
            }
        });
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        // connection state is handled in attempt(); automatic reconnect is off
    }
}
