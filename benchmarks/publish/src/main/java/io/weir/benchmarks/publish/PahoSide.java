// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.publish;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Raw Eclipse Paho ({@link MqttAsyncClient}, memory persistence) publishing pre-encoded payloads, with at most
 * {@code window} publishes outstanding: QoS 1 messages awaiting their PUBACK, or QoS 0 messages not yet written to
 * the socket.
 */
final class PahoSide implements Side {

    static final String CLIENT_ID = "paho-bench";

    private final MqttAsyncClient client;
    private final int qos;
    private final int window;
    private byte[][] payloads = new byte[0][];
    private final AtomicLong maxInflightRetries = new AtomicLong();

    /**
     * Connects.
     *
     * @param url the broker
     * @param qos the QoS of every message
     * @param window most publishes outstanding
     */
    PahoSide(String url, int qos, int window) throws MqttException {
        this.qos = qos;
        this.window = window;
        client = new MqttAsyncClient(url, CLIENT_ID, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setKeepAliveInterval(30);
        o.setMaxInflight(window + 10); // as Weir sets it: inflight.max + 10
        client.connect(o).waitForCompletion(30_000);
    }

    @Override
    public String label() {
        return "paho";
    }

    @Override
    public String topic() {
        // the same shape as Weir's data topics: {account}/{clientId}/{semantic topic}
        return WeirSide.ACCOUNT + "/" + CLIENT_ID + "/" + WeirSide.SEMANTIC_TOPIC;
    }

    @Override
    public void prepare(int n, long base) {
        payloads = new byte[n][];
        for (int i = 0; i < n; i++) {
            payloads[i] = Telemetry.encode(Telemetry.payload(base + i, i));
        }
    }

    @Override
    public Publication publish() throws InterruptedException, MqttException {
        byte[][] ps = payloads;
        String topic = topic();
        Semaphore outstanding = new Semaphore(window);
        AtomicInteger completed = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        AtomicLong lastAccept = new AtomicLong();
        IMqttActionListener done = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                finish();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                if (failed.getAndIncrement() == 0) {
                    System.err.println("publish-benchmark: a Paho publish failed: " + e);
                }
                finish();
            }

            private void finish() {
                if (completed.incrementAndGet() == ps.length) {
                    lastAccept.set(System.nanoTime());
                }
                outstanding.release();
            }
        };
        long start = System.nanoTime();
        for (byte[] p : ps) {
            outstanding.acquire();
            MqttMessage m = new MqttMessage(p);
            m.setQos(qos);
            while (true) {
                try {
                    client.publish(topic, m, null, done);
                    break;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                        throw e;
                    }
                    maxInflightRetries.incrementAndGet();
                    Thread.onSpinWait();
                }
            }
        }
        if (!outstanding.tryAcquire(window, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Paho publishes did not complete");
        }
        payloads = new byte[0][];
        return new Publication(start, lastAccept.get(), failed.get());
    }

    @Override
    public void settle() {
        // publish() returned only once every token completed
    }

    /** @return how often Paho's own in-flight limit was hit (expected 0) */
    long maxInflightRetries() {
        return maxInflightRetries.get();
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
