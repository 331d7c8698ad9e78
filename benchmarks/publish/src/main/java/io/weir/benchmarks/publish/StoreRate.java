// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.publish;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.weir.cloud.store.MessageStore;
import io.weir.cloud.store.StoreOptions;
import io.weir.cloud.store.StoreStats;

/**
 * The store's sustained write rate: one producer appends 200-byte QoS 1 messages to a {@link MessageStore} with
 * {@value #WINDOW} appends outstanding, so that the writer thread group-commits; every append counts only once it is
 * committed and fsynced, and is acknowledged (removed) as soon as it is, as a broker's PUBACK would.
 */
final class StoreRate {

    static final int WINDOW = 64;
    static final int PAYLOAD = 200;

    /**
     * One measurement.
     *
     * @param appendsPerSecond durable appends per second
     * @param commitsPerSecond commits (each with an fsync) per second
     * @param fileBytes the store file's size at the end
     */
    record Result(double appendsPerSecond, double commitsPerSecond, long fileBytes) {
        double batch() {
            return commitsPerSecond == 0 ? 0 : appendsPerSecond / commitsPerSecond;
        }
    }

    private StoreRate() {
    }

    /**
     * @param file a store file (deleted before and after)
     * @param warmUpSeconds appends before the measurement
     * @param seconds the measurement
     * @return the rate
     */
    static Result measure(Path file, double warmUpSeconds, double seconds) throws Exception {
        Files.deleteIfExists(file);
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            Semaphore window = new Semaphore(WINDOW);
            byte[] payload = new byte[PAYLOAD];
            long warmEnd = System.nanoTime() + (long) (warmUpSeconds * 1e9);
            long end = warmEnd + (long) (seconds * 1e9);
            long done0 = -1;
            long t0 = 0;
            StoreStats s0 = null;
            while (true) {
                long now = System.nanoTime();
                if (done0 < 0 && now >= warmEnd) {
                    done0 = done.get();
                    s0 = store.stats();
                    t0 = now;
                }
                if (now >= end) {
                    break;
                }
                window.acquire();
                store.append(7, "bench/store/telemetry", 1, false, payload).whenComplete((m, e) -> {
                    if (e == null) {
                        store.ack(m.id());
                        done.incrementAndGet();
                    } else if (failed.getAndIncrement() == 0) {
                        System.err.println("publish-benchmark: a store append failed: " + e);
                    }
                    window.release();
                });
            }
            long t1 = System.nanoTime();
            long done1 = done.get();
            StoreStats s1 = store.stats();
            if (!window.tryAcquire(WINDOW, 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("store appends did not complete");
            }
            double secs = (t1 - t0) / 1e9;
            return new Result((done1 - done0) / secs, (s1.commits() - s0.commits()) / secs, s1.fileSize());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
