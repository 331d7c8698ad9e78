// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.mqtt;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.jspecify.annotations.Nullable;

/**
 * Records every message published on some topic filters, in arrival order, and waits for expected ones.
 *
 * <pre>{@code
 * try (TopicRecorder lifecycle = TopicRecorder.start(broker.url(), "$EDC/acc/gw-1/MQTT/#")) {
 *     startGateway();
 *     RecordedMessage birth = lifecycle.await(m -> m.topic().endsWith("/MQTT/BIRTH"), Duration.ofSeconds(30));
 *     assertThat(birth.qos()).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>It subscribes with QoS 2, so {@link RecordedMessage#qos()} is the QoS the publisher used. Its own client
 * reconnects and re-subscribes after a broker restart (messages published while it was away are not recorded).
 * Thread-safe.
 */
public final class TopicRecorder implements AutoCloseable {

    private final @Nullable PahoClient client;
    private final boolean ownsClient;
    private final List<String> filters;
    private final @Nullable Runnable onClose;
    private final List<RecordedMessage> messages = new ArrayList<>(); // guarded by this
    private long sequence; // guarded by this

    private TopicRecorder(@Nullable PahoClient client, boolean ownsClient, List<String> filters,
            @Nullable Runnable onClose) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.filters = List.copyOf(filters);
        this.onClose = onClose;
    }

    /**
     * Connects a client of its own and subscribes.
     *
     * @param brokerUrl {@code tcp://host:port}
     * @param filters the topic filters
     * @return the recorder, subscribed (messages published after this returns are recorded)
     * @throws MqttException if the connection or a subscription fails
     */
    public static TopicRecorder start(String brokerUrl, String... filters) throws MqttException {
        PahoClient c = PahoClient.connect(brokerUrl, PahoClient.uniqueId("recorder"));
        try {
            return subscribe(new TopicRecorder(c, true, List.of(filters), null));
        } catch (MqttException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Records on an existing client (for example a {@code KapuaManagerClient}'s own connection, as notifications
     * addressed to it should be). {@link #close()} unsubscribes but leaves the client connected.
     *
     * @param client a connected client
     * @param filters the topic filters
     * @return the recorder, subscribed
     * @throws MqttException if a subscription fails
     */
    public static TopicRecorder attach(PahoClient client, String... filters) throws MqttException {
        return subscribe(new TopicRecorder(client, false, List.of(filters), null));
    }

    /**
     * A recorder that subscribes to nothing itself: whoever owns a subscription feeds it through {@link #offer}.
     * Used where a second subscription to the same filter on the same connection would replace the first listener
     * (Paho keeps one listener per filter) or where unsubscribing is unsafe (see {@link PahoClient#unsubscribe}).
     *
     * @param filter the filter the feeder subscribed to (for messages only)
     * @param onClose runs once on {@link #close()}, for example to stop feeding this recorder
     * @return the recorder
     */
    public static TopicRecorder fed(String filter, Runnable onClose) {
        return new TopicRecorder(null, false, List.of(filter), onClose);
    }

    private static TopicRecorder subscribe(TopicRecorder r) throws MqttException {
        if (r.filters.isEmpty()) {
            throw new IllegalArgumentException("no topic filter");
        }
        PahoClient c = Objects.requireNonNull(r.client);
        for (String f : r.filters) {
            c.subscribe(f, 2, (topic, m) -> r.offer(topic, m.getPayload(), m.getQos(), m.isRetained()));
        }
        return r;
    }

    /**
     * Records a message (what the recorder's own subscriptions do; public for {@link #fed} recorders).
     *
     * @param topic the topic
     * @param payload the bytes
     * @param qos the delivery QoS
     * @param retained the retain flag as delivered
     */
    public synchronized void offer(String topic, byte[] payload, int qos, boolean retained) {
        messages.add(new RecordedMessage(sequence++, topic, payload, qos, retained, Instant.now()));
        notifyAll();
    }

    /** @return the recorded messages since the start or the last {@link #clear()}, in arrival order */
    public synchronized List<RecordedMessage> messages() {
        return List.copyOf(messages);
    }

    /** @return the recorded messages whose topic is {@code topic} */
    public synchronized List<RecordedMessage> messages(String topic) {
        return messages.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    /** Forgets the messages recorded so far. */
    public synchronized void clear() {
        messages.clear();
    }

    /**
     * Returns the first recorded message (since the last {@link #clear()}) that matches, waiting for it if needed.
     *
     * @param predicate what to wait for
     * @param timeout how long to wait at most
     * @return the first matching message
     * @throws TimeoutException if none arrives in time; the message lists what was recorded
     * @throws InterruptedException if interrupted while waiting
     */
    public RecordedMessage await(Predicate<RecordedMessage> predicate, Duration timeout)
            throws TimeoutException, InterruptedException {
        return awaitCount(1, predicate, timeout).get(0);
    }

    /**
     * @param topic an exact topic
     * @param timeout how long to wait at most
     * @return the first recorded message on that topic
     * @throws TimeoutException if none arrives in time
     * @throws InterruptedException if interrupted while waiting
     */
    public RecordedMessage awaitTopic(String topic, Duration timeout) throws TimeoutException, InterruptedException {
        return awaitCount(1, m -> m.topic().equals(topic), timeout).get(0);
    }

    /**
     * @param count how many matching messages to wait for
     * @param predicate which messages count
     * @param timeout how long to wait at most
     * @return the first {@code count} matching messages, in order
     * @throws TimeoutException if fewer arrive in time
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized List<RecordedMessage> awaitCount(int count, Predicate<RecordedMessage> predicate,
            Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<RecordedMessage> found = new ArrayList<>();
            for (RecordedMessage m : messages) {
                if (predicate.test(m)) {
                    found.add(m);
                    if (found.size() == count) {
                        return found;
                    }
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("waited " + timeout + " on " + filters + " for " + count
                        + " matching message(s), found " + found.size() + "; recorded: " + summary());
            }
            wait(Math.max(1, left / 1_000_000), 0);
        }
    }

    private String summary() {
        int n = messages.size();
        List<RecordedMessage> tail = messages.subList(Math.max(0, n - 20), n);
        return (n > 20 ? "... " + (n - 20) + " more, then " : "") + tail;
    }

    /** Unsubscribes, and disconnects the recorder's own client; a {@link #fed} recorder runs its close action. */
    @Override
    public void close() {
        if (onClose != null) {
            onClose.run();
        } else if (ownsClient) {
            Objects.requireNonNull(client).close();
        } else {
            for (String f : filters) {
                Objects.requireNonNull(client).unsubscribe(f);
            }
        }
    }
}
