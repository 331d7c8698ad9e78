// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.publish;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.weir.cloud.CloudMessage;
import io.weir.cloud.ConnectionState;
import io.weir.cloud.QoS;
import io.weir.cloud.connector.internal.CloudService;
import io.weir.cloud.connector.internal.OptionsFactory;

/**
 * Weir's cloud data service ({@link CloudService}: Kura encoding, store-and-forward, one sender thread, Paho) as a
 * publisher. QoS 1 messages are accepted once committed and fsynced in the store and leave it on the broker's PUBACK;
 * QoS 0 messages wait in the service's memory queue.
 */
final class WeirSide implements Side {

    /** Most publishes not yet accepted; keeps the store's queue of pending appends (limit 20 000) short. */
    static final int ACCEPT_WINDOW = 1024;
    static final String ACCOUNT = "bench";
    static final String CLIENT_ID = "weir-bench";
    static final String SEMANTIC_TOPIC = "telemetry/line1";

    private final CloudService service;
    private final QoS qos;
    private CloudMessage[] messages = new CloudMessage[0];

    /**
     * Starts the service and waits for its connection.
     *
     * @param url the broker
     * @param dir a fresh directory for the store
     * @param qos the QoS of every message
     * @param inflightMax the service's {@code inflight.max}
     * @param maxRound the largest round, which sizes the memory queue and the store
     */
    WeirSide(String url, Path dir, int qos, int inflightMax, int maxRound) throws IOException, InterruptedException {
        this.qos = QoS.ofLevel(qos);
        Map<String, Object> p = new HashMap<>();
        p.put("broker.url", url);
        p.put("account.name", ACCOUNT);
        p.put("client.id", CLIENT_ID);
        p.put("store.path", dir.resolve("messages.mv.db").toString());
        p.put("rate.limit.enabled", false);
        p.put("inflight.max", inflightMax);
        p.put("encode.gzip", false); // the same bytes as the raw Paho side
        // a whole round of QoS 0 may be queued in memory at once (accepting is much faster than sending)
        p.put("memory.queue.capacity", Math.max(10_000, maxRound + ACCEPT_WINDOW));
        // a whole round of QoS 1 may be stored at once; the defaults (100 000 messages, 64 MiB) fit 50 000
        p.put("store.capacity.messages", Math.max(100_000L, 2L * maxRound));
        p.put("store.capacity.bytes", Math.max(64L << 20, 2048L * maxRound));
        service = new CloudService(OptionsFactory.from(p, dir, "bench", "0", "bench"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (service.status().state() != ConnectionState.CONNECTED) {
            if (System.nanoTime() > deadline) {
                service.close();
                throw new IllegalStateException("Weir did not connect to " + url + ": " + service.status());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public String label() {
        return "weir";
    }

    @Override
    public String topic() {
        return ACCOUNT + "/" + CLIENT_ID + "/" + SEMANTIC_TOPIC;
    }

    @Override
    public void prepare(int n, long base) {
        messages = new CloudMessage[n];
        for (int i = 0; i < n; i++) {
            messages[i] = new CloudMessage(SEMANTIC_TOPIC, Telemetry.payload(base + i, i), qos,
                    CloudMessage.PRIORITY_DEFAULT);
        }
    }

    @Override
    public Publication publish() throws InterruptedException {
        CloudMessage[] ms = messages;
        Semaphore window = new Semaphore(ACCEPT_WINDOW);
        AtomicInteger completed = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        AtomicLong lastAccept = new AtomicLong();
        long start = System.nanoTime();
        for (CloudMessage m : ms) {
            window.acquire();
            service.publishFuture(m).whenComplete((id, e) -> {
                if (e != null && failed.getAndIncrement() == 0) {
                    System.err.println("publish-benchmark: Weir refused a message: " + e);
                }
                if (completed.incrementAndGet() == ms.length) {
                    lastAccept.set(System.nanoTime());
                }
                window.release();
            });
        }
        window.acquire(ACCEPT_WINDOW);
        messages = new CloudMessage[0];
        return new Publication(start, lastAccept.get(), failed.get());
    }

    @Override
    public void settle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Map<String, String> d = service.health().details();
            if (service.storeStats().messages() == 0 && "0".equals(d.get("inflight"))
                    && "0".equals(d.get("memoryQueued"))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Weir did not drain: stored=" + service.storeStats().messages()
                        + " " + d);
            }
            Thread.sleep(10);
        }
    }

    /** @return the service's counters, for the report */
    Map<String, String> details() {
        return service.health().details();
    }

    @Override
    public void close() {
        service.close();
    }
}
