// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.publish;

import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jspecify.annotations.Nullable;

/**
 * The receiving end of every measurement: a separate plain Paho client subscribed, at the scenario's QoS, to the
 * topics of both publishers. It counts distinct sequence numbers per round and notes the arrival of the last one.
 */
final class Subscriber implements MqttCallback, AutoCloseable {

    /** What one round expects and what arrived. Written only on Paho's callback thread. */
    static final class Round {
        final String topic;
        final long base;
        final int n;
        private final BitSet seen;
        private final CountDownLatch done = new CountDownLatch(1);
        volatile int distinct;
        volatile long duplicates;
        volatile long lastNanos;

        Round(String topic, long base, int n) {
            this.topic = topic;
            this.base = base;
            this.n = n;
            this.seen = new BitSet(n);
        }

        void arrived(byte[] payload, long now) {
            long seq = Telemetry.timestamp(payload) - base;
            if (seq < 0 || seq >= n) {
                return;
            }
            if (seen.get((int) seq)) {
                duplicates++;
                return;
            }
            seen.set((int) seq);
            lastNanos = now;
            if (++distinct == n) {
                done.countDown();
            }
        }

        /**
         * Waits until all n arrived or nothing new arrived for idleSeconds.
         *
         * @return whether all arrived
         */
        boolean await(int idleSeconds) throws InterruptedException {
            int last = -1;
            long lastProgress = System.nanoTime();
            while (!done.await(500, TimeUnit.MILLISECONDS)) {
                int d = distinct;
                if (d != last) {
                    last = d;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(idleSeconds)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final MqttAsyncClient client;
    private volatile @Nullable Round round;
    private final AtomicLong strays = new AtomicLong();

    /**
     * Connects and subscribes.
     *
     * @param url the broker
     * @param qos the subscription QoS
     * @param filters the topics to subscribe to
     */
    Subscriber(String url, int qos, String... filters) throws MqttException {
        client = new MqttAsyncClient(url, "bench-subscriber-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(this);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setKeepAliveInterval(60);
        client.connect(o).waitForCompletion(30_000);
        int[] qoss = new int[filters.length];
        java.util.Arrays.fill(qoss, qos);
        client.subscribe(filters, qoss).waitForCompletion(30_000);
    }

    /** Starts counting a new round; call before its first publish. */
    Round expect(String topic, long base, int n) {
        Round r = new Round(topic, base, n);
        round = r;
        return r;
    }

    /** @return messages that belonged to no current round */
    long strays() {
        return strays.get();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        long now = System.nanoTime();
        Round r = round;
        if (r == null || !topic.equals(r.topic)) {
            strays.incrementAndGet();
            return;
        }
        r.arrived(message.getPayload(), now);
    }

    @Override
    public void connectionLost(Throwable cause) {
        System.err.println("publish-benchmark: the subscriber lost its connection: " + cause);
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // the subscriber publishes nothing
    }

    @Override
    public void close() {
        try {
            client.disconnect().waitForCompletion(10_000);
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing more to do
        }
    }
}
