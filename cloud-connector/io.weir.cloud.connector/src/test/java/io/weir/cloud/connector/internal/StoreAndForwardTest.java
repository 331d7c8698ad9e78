// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weir.cloud.CloudErrorCode;
import io.weir.cloud.CloudException;
import io.weir.cloud.CloudMessage;
import io.weir.cloud.CloudPayload;
import io.weir.cloud.QoS;
import io.weir.data.TypedValue;
import io.weir.fleet.broker.WeirBroker;
import io.weir.health.HealthState;
import io.weir.testkit.broker.Brokers;
import io.weir.testkit.broker.TestBroker;
import io.weir.testkit.mqtt.RecordedMessage;
import io.weir.testkit.mqtt.TopicRecorder;
import io.weir.testkit.payload.RawKuraPayload;

/**
 * Store-and-forward under real faults: a broker outage of 30 s, {@code kill -9} of the publishing process, a corrupt
 * store file, a full store; and the order of priorities.
 */
class StoreAndForwardTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /**
     * A subscriber that survives broker restarts: persistent session (clean session off, QoS 1) on a broker with a
     * journal, so nothing the broker accepted is lost on the way to the test. Collects the numbers of metric n.
     */
    static final class NumberCollector implements MqttCallbackExtended, AutoCloseable {
        final Set<Long> unique = new ConcurrentSkipListSet<>();
        final AtomicInteger received = new AtomicInteger();
        final Map<Long, Integer> counts = new ConcurrentHashMap<>();
        private final MqttAsyncClient client;
        private final String filter;

        NumberCollector(String url, String filter) throws Exception {
            this.filter = filter;
            client = new MqttAsyncClient(url, "collector-" + System.nanoTime(), new MemoryPersistence());
            client.setCallback(this);
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(false);
            o.setAutomaticReconnect(true);
            o.setMaxReconnectDelay(500);
            o.setMaxInflight(1000);
            client.connect(o).waitForCompletion(10_000);
            client.subscribe(filter, 1).waitForCompletion(10_000);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            long n = RawKuraPayload.decode(message.getPayload()).getInt64("n");
            received.incrementAndGet();
            unique.add(n);
            counts.merge(n, 1, Integer::sum);
        }

        long duplicates() {
            return received.get() - unique.size();
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        @Override
        public void close() throws Exception {
            client.disconnectForcibly(0, 1000);
            client.close(true);
        }
    }

    private static CloudMessage numbered(long n, int priority) {
        return new CloudMessage("SEQ/n", new CloudPayload(System.currentTimeMillis(), null,
                Map.of("n", TypedValue.ofLong(n)), null), QoS.AT_LEAST_ONCE, priority);
    }

    @Test
    void everyNumberArrivesAcrossA30SecondBrokerOutage() throws Exception {
        WeirBroker broker = WeirBroker.builder().port(0).dataDirectory(dir.resolve("broker")).build();
        broker.start();
        try (TcpProxy proxy = new TcpProxy(broker.port());
                NumberCollector collector = new NumberCollector(broker.url(), "acme/gw-out/SEQ/#")) {
            CloudService s = Gateways.start(proxy.url(), "gw-out", dir);
            try {
                Gateways.awaitConnected(s);
                List<Long> accepted = new CopyOnWriteArrayList<>();
                Thread publisher = new Thread(() -> {
                    for (long n = 0; n < 1500; n++) {
                        long number = n;
                        s.publishFuture(numbered(n, 7)).thenRun(() -> accepted.add(number));
                        sleep(30); // a steady ~33 messages/s for 45 s
                    }
                });
                publisher.start();
                Gateways.await(() -> collector.unique.size() > 200, WAIT, () -> "stream did not start");

                // the outage: the broker stops (every connection drops) and the network refuses for 30 s
                proxy.setRefusing(true);
                broker.stop();
                long stoppedAt = System.nanoTime();
                Gateways.await(() -> s.status().state() != io.weir.cloud.ConnectionState.CONNECTED, WAIT,
                        () -> "still connected");
                sleep(30_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt));
                assertThat(s.status().lastError()).as("the status says why").isNotNull();
                assertThat(s.health().state()).isEqualTo(HealthState.DEGRADED);
                broker.start();
                proxy.setRefusing(false);

                publisher.join();
                Gateways.await(() -> collector.unique.containsAll(accepted) && accepted.size() == 1500, WAIT,
                        () -> "missing " + missing(accepted, collector.unique));
                Gateways.await(() -> s.storeStats().messages() == 0, WAIT, () -> "store not drained");
                System.out.printf("outage: %d accepted, %d delivered, %d duplicates%n", accepted.size(),
                        collector.received.get(), collector.duplicates());
                assertThat(collector.unique).hasSize(1500);
            } finally {
                s.close();
            }
        } finally {
            broker.close();
        }
    }

    @Test
    void everyAcceptedNumberArrivesAfterKill9OfThePublisher() throws Exception {
        WeirBroker broker = WeirBroker.builder().port(0).dataDirectory(dir.resolve("broker")).build();
        broker.start();
        Path store = dir.resolve("crash").resolve("messages.mv.db");
        try (TcpProxy proxy = new TcpProxy(broker.port());
                NumberCollector collector = new NumberCollector(broker.url(), "crash/gw-crash/CRASH/#")) {
            Set<Long> accepted = new ConcurrentSkipListSet<>();
            long first = 0;
            for (int round = 0; round < 3; round++) {
                // half the rounds publish into an unreachable network, so the store holds a backlog at the kill
                proxy.setRefusing(round % 2 == 1);
                Process p = child(proxy.url(), store, first, 100_000, 2000);
                int before = accepted.size();
                readUntil(p, accepted, 1500 + round * 500);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                System.out.printf("crash round %d: killed after %d accepted%n", round, accepted.size() - before);
                first += 100_000;
            }
            proxy.setRefusing(false);
            // restart on the same store: it sends what was accepted and not yet acknowledged
            Process drain = child(proxy.url(), store, 0, 0, 1);
            try {
                Gateways.await(() -> collector.unique.containsAll(accepted), WAIT,
                        () -> missing(accepted, collector.unique).size() + " accepted numbers missing");
            } finally {
                drain.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            System.out.printf("kill -9: %d accepted, %d delivered (%d unique), %d duplicates%n", accepted.size(),
                    collector.received.get(), collector.unique.size(), collector.duplicates());
            assertThat(collector.unique).containsAll(accepted);
        } finally {
            broker.close();
        }
    }

    private static Process child(String url, Path store, long first, long count, double rate) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                CrashPublisher.class.getName(), url, store.toString(), "gw-crash", Long.toString(first),
                Long.toString(count), Double.toString(rate)).redirectErrorStream(true).start();
    }

    /** Reads ACCEPTED lines into the set until it grew by {@code atLeast}. */
    private static void readUntil(Process p, Set<Long> accepted, int atLeast) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        int got = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (got < atLeast && (line = in.readLine()) != null) {
            if (line.startsWith("ACCEPTED ")) {
                accepted.add(Long.parseLong(line.substring(9).trim()));
                got++;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("child too slow: " + got + " accepted in 60 s");
            }
        }
        assertThat(got).as("child output ended early").isGreaterThanOrEqualTo(atLeast);
    }

    @Test
    void aCorruptStoreIsQuarantinedReportedAndReplaced() throws Exception {
        Path store = dir.resolve("cloud").resolve("messages.mv.db");
        Files.createDirectories(store.getParent());
        byte[] junk = new byte[64 * 1024];
        new java.util.Random(3).nextBytes(junk);
        Files.write(store, junk);
        try (TestBroker broker = Brokers.ARTEMIS.start();
                TopicRecorder data = TopicRecorder.start(broker.url(), "acme/gw-q/#")) {
            CloudService s = Gateways.start(broker.url(), "gw-q", dir);
            try {
                assertThat(s.storeStats().openReport().quarantinedFile()).isNotNull();
                assertThat(Files.exists(s.storeStats().openReport().quarantinedFile())).isTrue();
                assertThat(s.health().state()).isEqualTo(HealthState.DEGRADED);
                assertThat(s.health().message()).contains("damaged");
                assertThat(s.health().details()).containsKey("quarantined");
                // the fresh store works
                s.publishFuture(numbered(1, 7)).get(10, TimeUnit.SECONDS);
                data.awaitTopic("acme/gw-q/SEQ/n", WAIT);
            } finally {
                s.close();
            }
        }
    }

    @Test
    void aFullStoreRejectsLowPriorityWithAnErrorAndKeepsWhatItAccepted() throws Exception {
        try (TestBroker broker = Brokers.ARTEMIS.start();
                NumberCollector collector = new NumberCollector(broker.url(), "acme/gw-full/SEQ/#")) {
            // not connected: everything waits in the store
            CloudService s = Gateways.start(broker.url(), "gw-full", dir, Map.of("connect.auto", false,
                    "store.capacity.messages", 100L));
            try {
                int rejected = 0;
                for (long n = 0; n < 150; n++) {
                    try {
                        s.publishFuture(numbered(n, 7)).get(10, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(CloudException.class);
                        assertThat(((CloudException) e.getCause()).code()).isEqualTo(CloudErrorCode.STORE_FULL);
                        rejected++;
                    }
                }
                assertThat(rejected).isEqualTo(50);
                // control traffic still gets in, beyond the limit
                s.publishFuture(numbered(1000, CloudMessage.PRIORITY_CONTROL)).get(10, TimeUnit.SECONDS);
                assertThat(s.health().details().get("rejectedFull")).isEqualTo("50");
                s.connect().getValue();
                Gateways.await(() -> collector.unique.size() == 101, WAIT, () -> collector.unique.size() + " got");
                assertThat(collector.unique).contains(1000L, 0L, 99L).doesNotContain(100L, 149L);
            } finally {
                s.close();
            }
        }
    }

    @Test
    void moreUrgentMessagesGoFirstAndOrderIsKeptWithinAPriority() throws Exception {
        try (TestBroker broker = Brokers.MOSQUITTO.start();
                TopicRecorder data = TopicRecorder.start(broker.url(), "acme/gw-prio/#")) {
            CloudService s = Gateways.start(broker.url(), "gw-prio", dir, Map.of("connect.auto", false,
                    "inflight.max", 1));
            try {
                List<java.util.concurrent.CompletableFuture<Long>> f = new ArrayList<>();
                for (long n = 0; n < 30; n++) {
                    f.add(s.publishFuture(numbered(n, 9)));
                }
                for (long n = 100; n < 130; n++) {
                    f.add(s.publishFuture(numbered(n, 3)));
                }
                for (var x : f) {
                    x.get(10, TimeUnit.SECONDS);
                }
                s.connect().getValue();
                List<RecordedMessage> got = data.awaitCount(60, m -> m.topic().equals("acme/gw-prio/SEQ/n"), WAIT);
                List<Long> order = got.stream().map(m -> m.kura().getInt64("n")).toList();
                List<Long> expected = new ArrayList<>();
                for (long n = 100; n < 130; n++) {
                    expected.add(n);
                }
                for (long n = 0; n < 30; n++) {
                    expected.add(n);
                }
                assertThat(order).containsExactlyElementsOf(expected);
            } finally {
                s.close();
            }
        }
    }

    private static io.weir.data.RecordBatch batch(long first, int count) {
        List<io.weir.data.Record> records = new ArrayList<>();
        for (long n = first; n < first + count; n++) {
            records.add(io.weir.data.Record.builder("machine").timestamp(1_000 + n).put("n", TypedValue.ofLong(n))
                    .build());
        }
        return new io.weir.data.RecordBatch(records);
    }

    @Test
    void aBatchOfRecordsIsAcceptedAsAWholeOrNotAtAll() throws Exception {
        try (TestBroker broker = Brokers.ARTEMIS.start();
                NumberCollector collector = new NumberCollector(broker.url(), "acme/gw-batch/SEQ/#")) {
            CloudService s = Gateways.start(broker.url(), "gw-batch", dir, Map.of("connect.auto", false,
                    "store.capacity.messages", 100L));
            try {
                assertThat(s.publishFuture("SEQ/n", batch(0, 60), QoS.AT_LEAST_ONCE, 7).get(10, TimeUnit.SECONDS))
                        .hasSize(60);
                // 60 more do not fit: none of them is taken
                ExecutionException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                        () -> s.publishFuture("SEQ/n", batch(60, 60), QoS.AT_LEAST_ONCE, 7).get(10,
                                TimeUnit.SECONDS), ExecutionException.class);
                assertThat(((CloudException) refused.getCause()).code()).isEqualTo(CloudErrorCode.STORE_FULL);
                assertThat(s.storeStats().messages()).isEqualTo(60);
                // 40 fit exactly; through the OSGi promise form this time
                assertThat(s.publish("SEQ/n", batch(200, 40), QoS.AT_LEAST_ONCE, 7).getValue()).hasSize(40);
                s.connect().getValue();
                Gateways.await(() -> collector.unique.size() == 100, WAIT, () -> collector.unique.size() + " got");
                Thread.sleep(500);
                assertThat(collector.unique).hasSize(100).contains(0L, 59L, 200L, 239L).doesNotContain(60L, 119L);
            } finally {
                s.close();
            }
        }
    }

    @Test
    void theRateLimitHoldsBackTelemetryButNeverControlTraffic() throws Exception {
        try (TestBroker broker = Brokers.MOSQUITTO.start();
                TopicRecorder data = TopicRecorder.start(broker.url(), "acme/gw-rate/#")) {
            // one telemetry message per second, no burst
            CloudService s = Gateways.start(broker.url(), "gw-rate", dir, Map.of("rate.limit.enabled", true,
                    "rate.limit.average", 1.0, "rate.limit.burst", 1, "rate.limit.min.priority", 5));
            try {
                Gateways.awaitConnected(s);
                for (long n = 0; n < 4; n++) {
                    s.publishFuture(numbered(n, 7)).get(10, TimeUnit.SECONDS);
                }
                // control traffic published after the telemetry overtakes the telemetry held by the bucket
                s.publishFuture(numbered(100, CloudMessage.PRIORITY_CONTROL)).get(10, TimeUnit.SECONDS);
                List<RecordedMessage> got = data.awaitCount(5, m -> m.topic().equals("acme/gw-rate/SEQ/n"), WAIT);
                List<Long> order = got.stream().map(m -> m.kura().getInt64("n")).toList();
                assertThat(order).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 100L);
                assertThat(order.indexOf(100L)).as("control message position in %s", order).isLessThan(3);
                assertThat(order.stream().filter(n -> n < 100).toList()).containsExactly(0L, 1L, 2L, 3L);
            } finally {
                s.close();
            }
        }
    }

    private static Set<Long> missing(java.util.Collection<Long> expected, Set<Long> got) {
        Set<Long> m = new java.util.TreeSet<>(expected);
        m.removeAll(got);
        return m;
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
