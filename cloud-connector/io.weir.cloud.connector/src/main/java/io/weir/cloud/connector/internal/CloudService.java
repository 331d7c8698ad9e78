// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.osgi.util.promise.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.CloudConnection;
import io.weir.cloud.CloudMessage;
import io.weir.cloud.CloudMessageListener;
import io.weir.cloud.CloudPayload;
import io.weir.cloud.CloudPublisher;
import io.weir.cloud.CloudSubscriber;
import io.weir.cloud.ConnectionState;
import io.weir.cloud.ConnectionStatus;
import io.weir.cloud.QoS;
import io.weir.cloud.kura.KuraPayloadCodec;
import io.weir.cloud.store.MessageStore;
import io.weir.cloud.store.StoreOptions;
import io.weir.cloud.store.StoreStats;
import io.weir.data.Record;
import io.weir.data.RecordBatch;
import io.weir.health.HealthContributor;
import io.weir.health.HealthReport;
import io.weir.health.HealthState;

/**
 * The Kapua cloud service of one gateway (Kura's CloudService layer): Kapua topics, payload encoding, the lifecycle
 * messages BIRTH, APPS and DC (the LWT is set at connect by the {@link DataService}), data subscriptions and request
 * dispatch. A plain object, so that tests run it without a framework; {@link CloudConnector} is its DS face.
 *
 * <p>Lifecycle messages (wire spec §2.2): BIRTH on every new connection, QoS 1, priority 0; APPS when the set of
 * request handlers changes while connected, QoS 1, debounced; DC before a clean disconnect, QoS 0. They are transient
 * (not stored): a stale BIRTH from a previous session must never be replayed.
 */
public final class CloudService implements CloudConnection, CloudPublisher, CloudSubscriber, HealthContributor {

    private static final Logger LOG = LoggerFactory.getLogger(CloudService.class);

    /**
     * Everything the service needs, resolved from the configuration.
     *
     * @param topics the namespace
     * @param gzip gzip outgoing payloads when smaller
     * @param displayName the BIRTH display name
     * @param storeFile the store-and-forward file
     * @param storeOptions its capacity policy
     * @param data the MQTT and sending settings
     * @param requestThreads request executor threads
     * @param requestQueue request executor queue
     * @param appsDebounceMillis delay of APPS after the last handler change
     * @param autoConnect connect at start
     * @param frameworkName for BIRTH
     * @param frameworkVersion for BIRTH
     * @param weirVersion for BIRTH
     */
    public record Options(KapuaTopics topics, boolean gzip, String displayName, Path storeFile,
            StoreOptions storeOptions, DataService.Settings data, int requestThreads, int requestQueue,
            long appsDebounceMillis, boolean autoConnect, String frameworkName, String frameworkVersion,
            String weirVersion) {
    }

    private final Options options;
    private final KapuaTopics topics;
    private final MessageStore store;
    private final DataService data;
    private final RequestDispatcher dispatcher;
    private final DeviceProfile profile;
    private final ScheduledExecutorService lifecycle;
    private @Nullable ScheduledFuture<?> appsTimer;
    private volatile boolean closed;

    private final Map<CloudMessageListener, List<String>> listeners = new ConcurrentHashMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicLong birthsSent = new AtomicLong();
    private final AtomicLong appsSent = new AtomicLong();

    private record Subscription(String fullFilter, CloudMessageListener listener) {
    }

    /**
     * Opens the store and starts the service; connects if configured to.
     *
     * @param options the options
     * @throws IOException if the store cannot be opened at all
     */
    public CloudService(Options options) throws IOException {
        this.options = options;
        this.topics = options.topics();
        this.store = MessageStore.open(options.storeFile(), options.storeOptions());
        var report = store.openReport();
        if (report.quarantinedFile() != null) {
            LOG.error("The cloud message store {} was damaged ({}); it was moved to {} and a fresh store created. "
                    + "Messages in the damaged file were not sent.", options.storeFile(), report.quarantineReason(),
                    report.quarantinedFile());
        } else if (report.recoveredMessages() > 0) {
            LOG.info("The cloud message store holds {} messages from before; they will be sent",
                    report.recoveredMessages());
        }
        this.profile = DeviceProfile.read(options.displayName(), options.frameworkName(), options.frameworkVersion(),
                options.weirVersion(), options.gzip());
        ScheduledThreadPoolExecutor l = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "weir-cloud-lifecycle");
            t.setDaemon(true);
            return t;
        });
        l.setRemoveOnCancelPolicy(true);
        this.lifecycle = l;
        this.dispatcher = new RequestDispatcher(topics, this::sendControl, options.data().maxPayloadSize(),
                options.requestThreads(), options.requestQueue());
        try {
            this.data = new DataService(options.data(), store, new Lifecycle());
        } catch (RuntimeException e) {
            lifecycle.shutdownNow();
            dispatcher.close();
            store.close();
            throw e;
        }
        dispatcher.addAppsListener(this::appsChanged);
        data.subscribe(topics.controlSubscription(), 1);
        if (options.autoConnect()) {
            data.connect();
        }
    }

    /** @return the request dispatcher, where handlers are registered */
    RequestDispatcher dispatcher() {
        return dispatcher;
    }

    /** @return the namespace */
    public KapuaTopics topics() {
        return topics;
    }

    /** @return the store's figures */
    public StoreStats storeStats() {
        return store.stats();
    }

    // ------------------------------------------------------------------------------------------ lifecycle messages

    private final class Lifecycle implements DataService.Listener {
        @Override
        public void onConnected() {
            publishBirth(topics.birth());
            birthsSent.incrementAndGet();
        }

        @Override
        public void onDisconnecting() {
            byte[] dc = KuraPayloadCodec.encode(profile.disconnect(), options.gzip());
            try {
                data.publishTransientAndTrack(topics.disconnect(), dc, 0, 0).get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("DC not confirmed written: {}", e.toString());
            }
        }

        @Override
        public void onConnectionLost(String reason) {
            // nothing to do: the data service reconnects and the next connection sends a BIRTH
        }

        @Override
        public void onMessage(String topic, byte[] payload, int qos) {
            if (topic.startsWith(topics.controlPrefix() + "/")) {
                dispatcher.onControlMessage(topic, payload);
            } else {
                deliverData(topic, payload);
            }
        }
    }

    private void publishBirth(String topic) {
        byte[] bytes = KuraPayloadCodec.encode(profile.birth(dispatcher.appIds()), options.gzip());
        data.publish(topic, bytes, 1, false, CloudMessage.PRIORITY_HIGHEST, true).whenComplete((id, e) -> {
            if (e != null) {
                LOG.warn("{} not sent: {}", topic, Promises.unwrap(e).getMessage());
            }
        });
    }

    private void appsChanged() {
        if (closed) {
            return;
        }
        synchronized (this) {
            if (appsTimer != null) {
                appsTimer.cancel(false);
            }
            appsTimer = lifecycle.schedule(() -> {
                if (data.status().state() == ConnectionState.CONNECTED) {
                    publishBirth(topics.apps());
                    appsSent.incrementAndGet();
                }
            }, options.appsDebounceMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private CompletableFuture<Long> sendControl(String topic, CloudPayload payload) {
        byte[] bytes;
        try {
            bytes = KuraPayloadCodec.encode(payload, options.gzip());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return data.publish(topic, bytes, 0, false, CloudMessage.PRIORITY_CONTROL, false);
    }

    // ------------------------------------------------------------------------------------------ CloudConnection

    @Override
    public ConnectionStatus status() {
        return data.status();
    }

    @Override
    public Promise<ConnectionStatus> connect() {
        return Promises.of(data.connect());
    }

    @Override
    public Promise<ConnectionStatus> disconnect() {
        return Promises.of(data.disconnect());
    }

    // ------------------------------------------------------------------------------------------ CloudPublisher

    @Override
    public Promise<Long> publish(CloudMessage message) {
        Objects.requireNonNull(message, "message");
        return Promises.of(publishFuture(message));
    }

    /**
     * Publishes one message; the future form of {@link #publish(CloudMessage)}.
     *
     * @param message the message
     * @return completes with the id once accepted
     */
    public CompletableFuture<Long> publishFuture(CloudMessage message) {
        byte[] bytes;
        try {
            bytes = KuraPayloadCodec.encode(message.payload(), options.gzip());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return data.publish(topics.data(message.topic()), bytes, message.qos().level(), message.retain(),
                message.priority(), false);
    }

    @Override
    public Promise<List<Long>> publish(String topic, RecordBatch records, QoS qos, int priority) {
        return Promises.of(publishFuture(topic, records, qos, priority));
    }

    /**
     * Publishes records as a whole, one message per record; the future form of
     * {@link #publish(String, RecordBatch, QoS, int)}.
     *
     * @param topic the semantic topic
     * @param records the records
     * @param qos the quality of service
     * @param priority 0 to 9
     * @return completes with the ids in record order once every message is accepted; fails if none was
     */
    public CompletableFuture<List<Long>> publishFuture(String topic, RecordBatch records, QoS qos, int priority) {
        // validates the topic and the priority as a single message would
        new CloudMessage(topic, CloudPayload.EMPTY, qos, priority);
        List<byte[]> payloads = new ArrayList<>(records.size());
        try {
            for (Record r : records.records()) {
                payloads.add(KuraPayloadCodec.encode(CloudPayload.of(r), options.gzip()));
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return data.publishAll(topics.data(topic), payloads, qos.level(), priority);
    }

    // ------------------------------------------------------------------------------------------ CloudSubscriber

    @Override
    public void subscribe(String topicFilter, QoS qos, CloudMessageListener listener) {
        Objects.requireNonNull(listener, "listener");
        TopicFilters.validate(topicFilter);
        String full = topics.data(topicFilter);
        subscriptions.add(new Subscription(full, listener));
        listeners.computeIfAbsent(listener, k -> new CopyOnWriteArrayList<>()).add(full);
        data.subscribe(full, qos.level());
    }

    @Override
    public void unsubscribe(CloudMessageListener listener) {
        List<String> filters = listeners.remove(listener);
        if (filters == null) {
            return;
        }
        subscriptions.removeIf(s -> s.listener() == listener);
        for (String f : filters) {
            if (subscriptions.stream().noneMatch(s -> s.fullFilter().equals(f))) {
                data.unsubscribe(f);
            }
        }
    }

    private void deliverData(String topic, byte[] bytes) {
        String semantic = topics.semanticOf(topic);
        if (semantic == null) {
            return;
        }
        CloudPayload payload = null;
        for (Subscription s : subscriptions) {
            if (TopicFilters.matches(s.fullFilter(), topic)) {
                if (payload == null) {
                    payload = KuraPayloadCodec.decodeOrWrap(bytes, options.data().maxPayloadSize());
                }
                try {
                    s.listener().onMessage(semantic, payload);
                } catch (RuntimeException e) {
                    LOG.warn("Listener for {} failed on a message on {}; message dropped for it", s.fullFilter(),
                            topic, e);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ health

    @Override
    public String name() {
        return "cloud.connection";
    }

    @Override
    public HealthReport health() {
        ConnectionStatus s = data.status();
        StoreStats st = store.stats();
        Map<String, String> d = new LinkedHashMap<>();
        d.put("state", s.state().name());
        d.put("broker", options.data().brokerUrl().isEmpty() ? "(not configured)"
                : BrokerUrls.redact(options.data().brokerUrl()));
        d.put("account", topics.account());
        d.put("clientId", topics.clientId());
        if (s.lastError() != null) {
            d.put("lastError", s.lastError());
        }
        d.put("stored", Long.toString(st.messages()));
        d.put("storedBytes", Long.toString(st.bytes()));
        d.put("memoryQueued", Integer.toString(data.memoryQueued()));
        d.put("inflight", Integer.toString(data.inflight()));
        d.put("published", Long.toString(data.counters.published.get()));
        d.put("confirmed", Long.toString(data.counters.confirmed.get()));
        d.put("rejectedFull", Long.toString(data.counters.rejectedFull.get()));
        d.put("rejectedTooLarge", Long.toString(data.counters.rejectedTooLarge.get()));
        d.put("storeFailures", Long.toString(data.counters.storeFailures.get()));
        d.put("requestsHandled", Long.toString(dispatcher.handled.get()));
        d.put("requestsMalformed", Long.toString(dispatcher.malformed.get() + dispatcher.badEnvelope.get()));
        d.put("apps", String.join(",", dispatcher.appIds()));
        var report = st.openReport();
        if (report != null && report.quarantinedFile() != null) {
            d.put("quarantined", report.quarantinedFile().toString());
            return new HealthReport(HealthState.DEGRADED, "the message store was damaged and replaced ("
                    + report.quarantineReason() + "); the damaged file is " + report.quarantinedFile(), d);
        }
        if (data.counters.lastStoreError != null && data.counters.storeFailures.get() > 0) {
            d.put("lastStoreError", data.counters.lastStoreError);
        }
        if (options.data().brokerUrl().isEmpty()) {
            return new HealthReport(HealthState.DEGRADED, "no broker configured (PID io.weir.cloud, broker.url)", d);
        }
        return switch (s.state()) {
            case CONNECTED -> new HealthReport(HealthState.UP, "connected", d);
            case CONNECTING -> new HealthReport(HealthState.DEGRADED, "connecting"
                    + (s.lastError() == null ? "" : " (last error: " + s.lastError() + ")")
                    + "; messages wait in the store", d);
            case DISCONNECTED -> new HealthReport(HealthState.DEGRADED, "disconnected on request; messages wait in "
                    + "the store", d);
        };
    }

    // ------------------------------------------------------------------------------------------ shutdown

    /** Disconnects cleanly (DC), stops the threads and closes the store. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        lifecycle.shutdownNow();
        data.close();
        dispatcher.close();
        store.close();
    }
}
