// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua;

import io.weir.testkit.mqtt.PahoClient;
import io.weir.testkit.mqtt.RecordedMessage;
import io.weir.testkit.mqtt.TopicRecorder;
import io.weir.testkit.payload.Metric;
import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.jspecify.annotations.Nullable;

/**
 * Acts like Kapua's device-call client (spec §3): requests to a gateway and their replies, over its own MQTT
 * connection with a Kapua-like client id ({@code KapuaPool-<millis>-<random>}).
 *
 * <p>{@link #request} publishes the request to {@code $EDC/{account}/{target}/{appId}/{METHOD}/{resources...}} with
 * QoS 0 and retain false, adding the STRING metrics {@code request.id} (a random long in decimal, as Kapua does) and
 * {@code requester.client.id}, and waits for the reply on {@code $EDC/{account}/{me}/{appId}/REPLY/{request.id}}.
 * The reply subscription exists before the request is published.
 *
 * <p>One difference from Kapua, invisible to the gateway: Kapua subscribes to each exact reply topic and unsubscribes
 * after the reply; this client subscribes once per account to {@code $EDC/{account}/{me}/+/REPLY/#} (QoS 1, what
 * Kapua's broker ACL grants a manager, spec §8) and keeps that subscription. The reason is an Apache Artemis 2.44
 * race: a client that unsubscribes while a QoS 0 message (replies are QoS 0) is still being delivered on that
 * subscription stalls its connection for 30 seconds. Replies that no request waits for are kept in {@link
 * #unexpectedReplies()}.
 *
 * <pre>{@code
 * try (KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url())) {
 *     Reply r = kapua.request("acc", "gw-1", "CONF-V1", "GET", List.of("configurations"), null,
 *             Duration.ofSeconds(30));
 *     assertThat(r.responseCode()).isEqualTo(200);
 * }
 * }</pre>
 *
 * <p>Notifications (spec §3.3) addressed to this client are collected from the first request to an account (or
 * {@link #collectNotifications}) on: one standing subscription to {@code $EDC/{account}/{me}/+/NOTIFY/#}, never
 * unsubscribed (same Artemis race). {@link #notifications(long)} lists those of one operation (job) id in arrival
 * order and {@link #awaitNotification} waits for one:
 *
 * <pre>{@code
 * Notification done = kapua.awaitNotification(42L, "download", Notification::isCompleted, Duration.ofSeconds(60));
 * assertThat(kapua.notifications(42L)).extracting(Notification::status).startsWith("IN_PROGRESS");
 * }</pre>
 *
 * <p>Thread-safe: requests may run in parallel.
 */
public final class KapuaManagerClient implements AutoCloseable {

    /** Kapua's default request timeout ({@code device.management.request.timeout}): 30 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The control topic prefix. */
    public static final String PREFIX = "$EDC";

    private final PahoClient mqtt;
    private final Set<String> replySubscriptions = ConcurrentHashMap.newKeySet();
    private final Map<String, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final List<PendingAny> pendingAny = new CopyOnWriteArrayList<>();
    private final List<RecordedMessage> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicLong unexpectedSequence = new AtomicLong();
    /** Notification filter → recorders fed from it ({@link #captureNotifications}). */
    private final Map<String, List<TopicRecorder>> notifySubscriptions = new ConcurrentHashMap<>();
    private final Object notifyLock = new Object();
    private final List<Notification> notifications = new ArrayList<>(); // guarded by notifyLock
    private final List<RecordedMessage> malformedNotifications = new ArrayList<>(); // guarded by notifyLock
    private long notifySequence; // guarded by notifyLock

    /** A request with a non-STRING request.id: any reply of its account and app id answers it. */
    private record PendingAny(String replyPrefix, CompletableFuture<Reply> future) {
    }

    private KapuaManagerClient(PahoClient mqtt) {
        this.mqtt = mqtt;
    }

    /**
     * Connects anonymously with a Kapua-like client id.
     *
     * @param brokerUrl {@code tcp://host:port}
     * @return the connected client
     * @throws MqttException if the connection fails
     */
    public static KapuaManagerClient connect(String brokerUrl) throws MqttException {
        return connect(brokerUrl, kapuaClientId(), null, null);
    }

    /**
     * @param brokerUrl {@code tcp://host:port}
     * @param clientId the MQTT client id, which is also the {@code requester.client.id}
     * @param username user name, {@code null} for anonymous
     * @param password password, {@code null} for none
     * @return the connected client
     * @throws MqttException if the connection fails
     */
    public static KapuaManagerClient connect(String brokerUrl, String clientId, @Nullable String username,
            @Nullable String password) throws MqttException {
        return new KapuaManagerClient(PahoClient.connect(brokerUrl, clientId, username, password));
    }

    /** @return a client id shaped like the ids of Kapua's pooled MQTT clients */
    public static String kapuaClientId() {
        return "KapuaPool-" + System.currentTimeMillis() + "-" + ThreadLocalRandom.current().nextInt(1_000_000);
    }

    /** @return this client's MQTT client id (the requester id of its requests) */
    public String clientId() {
        return mqtt.clientId();
    }

    /** @return the MQTT connection, for subscriptions of a test's own */
    public PahoClient mqtt() {
        return mqtt;
    }

    /**
     * @return {@code $EDC/{account}/{target}/{appId}/{method}[/{resource}...]}
     * @param account the Kapua account
     * @param target the gateway's client id
     * @param appId the application id, such as {@code CONF-V1}
     * @param method {@code GET}, {@code PUT}, {@code POST}, {@code DEL} or {@code EXEC} (not checked: tests may send
     *     others)
     * @param resources the resource levels; none may be empty or contain {@code /}, {@code +} or {@code #}
     */
    public static String requestTopic(String account, String target, String appId, String method,
            List<String> resources) {
        StringBuilder sb = new StringBuilder(PREFIX).append('/').append(level(account, "account"))
                .append('/').append(level(target, "target client id"))
                .append('/').append(level(appId, "app id"))
                .append('/').append(level(method, "method"));
        for (String r : resources) {
            sb.append('/').append(level(r, "resource"));
        }
        return sb.toString();
    }

    /**
     * @return {@code $EDC/{account}/{requester}/{appId}/REPLY/{requestId}}
     * @param account the Kapua account
     * @param requester the requester's client id
     * @param appId the application id
     * @param requestId the request id
     */
    public static String replyTopic(String account, String requester, String appId, String requestId) {
        return PREFIX + "/" + level(account, "account") + "/" + level(requester, "requester") + "/"
                + level(appId, "app id") + "/REPLY/" + level(requestId, "request id");
    }

    private static String level(String s, String what) {
        if (s.isEmpty() || s.indexOf('/') >= 0 || s.indexOf('+') >= 0 || s.indexOf('#') >= 0) {
            throw new IllegalArgumentException(what + " '" + s + "' is not a valid topic level");
        }
        return s;
    }

    /**
     * Sends a request and waits for the reply.
     *
     * <p>The arguments' metrics are sent as they are, then {@code request.id} and {@code requester.client.id} are
     * added as STRING metrics unless {@code args} already has metrics of those names (so tests can send wrong types
     * or foreign requesters). If {@code args} has a STRING {@code request.id}, its value names the reply topic; if it
     * has one of another type (which a gateway must drop without replying), any reply of the app id answers the
     * request, so that a reply that should not exist is still caught.
     *
     * @param account the Kapua account
     * @param target the gateway's client id
     * @param appId the application id, such as {@code CONF-V1}
     * @param method {@code GET}, {@code PUT}, {@code POST}, {@code DEL} or {@code EXEC}
     * @param resources the resource levels after the method
     * @param args the request payload, {@code null} for none; not modified
     * @param timeout how long to wait for the reply
     * @return the reply
     * @throws NoReplyException if no reply arrives within the timeout
     * @throws MqttException if subscribing or publishing fails
     * @throws InterruptedException if interrupted while waiting
     * @throws io.weir.testkit.payload.MalformedKuraPayloadException if the reply is not a valid Kura payload
     */
    public Reply request(String account, String target, String appId, String method, List<String> resources,
            @Nullable RawKuraPayload args, Duration timeout)
            throws NoReplyException, MqttException, InterruptedException {
        RawKuraPayload payload = args == null ? new RawKuraPayload() : args.copy();
        Metric givenId = payload.get("request.id");
        String requestId;
        if (givenId == null) {
            requestId = Long.toString(ThreadLocalRandom.current().nextLong());
            payload.metric("request.id", MetricType.STRING, requestId);
        } else {
            requestId = String.valueOf(givenId.value());
        }
        if (!payload.has("requester.client.id")) {
            payload.metric("requester.client.id", MetricType.STRING, clientId());
        }
        String topic = requestTopic(account, target, appId, method, resources);
        subscribeReplies(account);
        collectNotifications(account);

        CompletableFuture<Reply> reply = new CompletableFuture<>();
        String expected;
        PendingAny any = null;
        if (givenId == null || givenId.is(MetricType.STRING)) {
            expected = replyTopic(account, clientId(), appId, requestId);
            if (pending.putIfAbsent(expected, reply) != null) {
                throw new IllegalStateException("a request with request.id " + requestId + " is already waiting");
            }
        } else {
            // a gateway must drop this request; should it answer anyway, under whatever id, the test sees it
            expected = PREFIX + "/" + account + "/" + clientId() + "/" + appId + "/REPLY/#";
            any = new PendingAny(PREFIX + "/" + account + "/" + clientId() + "/" + appId + "/REPLY/", reply);
            pendingAny.add(any);
        }
        try {
            mqtt.publish(topic, payload.encode(), 0, false);
            return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new NoReplyException("no reply from " + target + " to " + method + " " + topic + " (request.id "
                    + requestId + ") on " + expected + " within " + timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw new IllegalStateException("the reply to " + topic + " is not a valid Kura payload: "
                        + re.getMessage(), re);
            }
            throw new IllegalStateException(cause);
        } finally {
            pending.remove(expected, reply);
            if (any != null) {
                pendingAny.remove(any);
            }
        }
    }

    private void subscribeReplies(String account) throws MqttException {
        String filter = PREFIX + "/" + level(account, "account") + "/" + clientId() + "/+/REPLY/#";
        synchronized (replySubscriptions) {
            if (replySubscriptions.contains(filter)) {
                return;
            }
            mqtt.subscribe(filter, 1, (t, m) -> onReply(t, m.getPayload(), m.getQos(), m.isRetained()));
            replySubscriptions.add(filter);
        }
    }

    private void onReply(String topic, byte[] bytes, int qos, boolean retained) {
        CompletableFuture<Reply> f = pending.remove(topic);
        if (f == null) {
            for (PendingAny a : pendingAny) {
                if (topic.startsWith(a.replyPrefix()) && pendingAny.remove(a)) {
                    f = a.future();
                    break;
                }
            }
        }
        if (f == null) {
            unexpected.add(new RecordedMessage(unexpectedSequence.getAndIncrement(), topic, bytes, qos, retained,
                    Instant.now()));
            return;
        }
        try {
            f.complete(Reply.of(topic, RawKuraPayload.decode(bytes)));
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
    }

    /**
     * @return replies that arrived on this client's reply topics while no request waited for them (late replies,
     *     duplicates, replies to foreign request ids), in arrival order
     */
    public List<RecordedMessage> unexpectedReplies() {
        return List.copyOf(unexpected);
    }

    /**
     * {@link #request(String, String, String, String, List, RawKuraPayload, Duration)} with {@link
     * #DEFAULT_TIMEOUT}.
     *
     * @param account the Kapua account
     * @param target the gateway's client id
     * @param appId the application id
     * @param method the method
     * @param resources the resource levels
     * @param args the request payload, {@code null} for none
     * @return the reply
     * @throws NoReplyException if no reply arrives within 30 s
     * @throws MqttException if subscribing or publishing fails
     * @throws InterruptedException if interrupted while waiting
     */
    public Reply request(String account, String target, String appId, String method, List<String> resources,
            @Nullable RawKuraPayload args) throws NoReplyException, MqttException, InterruptedException {
        return request(account, target, appId, method, resources, args, DEFAULT_TIMEOUT);
    }

    /**
     * Publishes arbitrary bytes, for tests of what a gateway does with garbage.
     *
     * @param topic any topic
     * @param payload any bytes
     * @param qos 0, 1 or 2
     * @throws MqttException if publishing fails
     */
    public void sendRaw(String topic, byte[] payload, int qos) throws MqttException {
        mqtt.publish(topic, payload, qos, false);
    }

    /**
     * Starts recording the notifications addressed to this client: {@code $EDC/{account}/{me}/+/NOTIFY/#}, on this
     * client's own connection (as Kapua receives them). The recorder is fed from the client's standing notification
     * subscription ({@link #collectNotifications}); closing it stops the recording, the subscription stays.
     *
     * @param account the Kapua account
     * @return the recorder
     * @throws MqttException if the subscription fails
     */
    public TopicRecorder captureNotifications(String account) throws MqttException {
        String filter = collectNotifications(account);
        List<TopicRecorder> feeds = notifySubscriptions.get(filter);
        TopicRecorder[] self = new TopicRecorder[1];
        self[0] = TopicRecorder.fed(filter, () -> feeds.remove(self[0]));
        feeds.add(self[0]);
        return self[0];
    }

    /**
     * Subscribes (once per account; later calls do nothing) to {@code $EDC/{account}/{me}/+/NOTIFY/#} and collects
     * the notifications from then on. {@link #request} calls it before its first request to an account.
     *
     * @param account the Kapua account
     * @return the topic filter
     * @throws MqttException if the subscription fails
     */
    public String collectNotifications(String account) throws MqttException {
        String filter = PREFIX + "/" + level(account, "account") + "/" + clientId() + "/+/NOTIFY/#";
        synchronized (notifySubscriptions) {
            if (!notifySubscriptions.containsKey(filter)) {
                List<TopicRecorder> feeds = new CopyOnWriteArrayList<>();
                // QoS 2 so that recorders see the publisher's QoS
                mqtt.subscribe(filter, 2, (t, m) -> onNotification(t, m.getPayload(), m.getQos(), m.isRetained(),
                        feeds));
                notifySubscriptions.put(filter, feeds);
            }
        }
        return filter;
    }

    private void onNotification(String topic, byte[] bytes, int qos, boolean retained, List<TopicRecorder> feeds) {
        for (TopicRecorder r : feeds) {
            r.offer(topic, bytes, qos, retained);
        }
        Instant now = Instant.now();
        synchronized (notifyLock) {
            long seq = notifySequence++;
            try {
                notifications.add(Notification.parse(seq, topic, RawKuraPayload.decode(bytes), now));
            } catch (RuntimeException e) {
                malformedNotifications.add(new RecordedMessage(seq, topic, bytes, qos, retained, now));
            }
            notifyLock.notifyAll();
        }
    }

    /** @return every notification collected so far, in arrival order */
    public List<Notification> notifications() {
        synchronized (notifyLock) {
            return List.copyOf(notifications);
        }
    }

    /**
     * @param operationId a {@code job.id} (or {@code operation.id})
     * @return the notifications of that operation, in arrival order
     */
    public List<Notification> notifications(long operationId) {
        synchronized (notifyLock) {
            return notifications.stream().filter(n -> n.operationId() != null && n.operationId() == operationId)
                    .toList();
        }
    }

    /**
     * @return messages on the notification topics that are not Kura payloads or whose topic is too short, in
     *     arrival order
     */
    public List<RecordedMessage> malformedNotifications() {
        synchronized (notifyLock) {
            return List.copyOf(malformedNotifications);
        }
    }

    /**
     * Returns the first notification of an operation (collected since the subscription, in arrival order) of a
     * resource that matches, waiting for it if needed.
     *
     * @param operationId the {@code job.id} (or {@code operation.id})
     * @param resource {@code download}, {@code install} or {@code uninstall} as Kapua derives it from the metrics
     *     ({@link Notification#resource()}), or {@code null} for any
     * @param predicate what else must hold, for example {@code Notification::isCompleted}
     * @param timeout how long to wait at most
     * @return the notification
     * @throws TimeoutException if none arrives in time; the message lists the operation's notifications
     * @throws InterruptedException if interrupted while waiting
     */
    public Notification awaitNotification(long operationId, @Nullable String resource,
            Predicate<Notification> predicate, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (notifyLock) {
            while (true) {
                for (Notification n : notifications) {
                    if (n.operationId() != null && n.operationId() == operationId
                            && (resource == null || resource.equals(n.resource())) && predicate.test(n)) {
                        return n;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no matching " + (resource == null ? "" : resource + " ")
                            + "notification of operation " + operationId + " within " + timeout + "; received: "
                            + notifications(operationId) + (malformedNotifications.isEmpty() ? ""
                                    : "; malformed: " + malformedNotifications));
                }
                notifyLock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Disconnects. */
    @Override
    public void close() {
        mqtt.close();
    }
}
