// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints the store's sustained write rate (not a test: figures depend on the disk). Every append is durable
 * (committed and fsync'd) before it counts; messages are acknowledged as they complete, as a broker would.
 *
 * <pre>
 * java -cp &lt;test classpath&gt; io.weir.cloud.store.StoreWriteRate [rate|growth] [dir] [seconds|messages]
 * </pre>
 * <ul>
 * <li>{@code rate} (default): appends/s of 200-byte messages for 1 producer with 1 (synchronous), 8, 64 and 512
 * appends in flight, and for 4 producers with 64 each; {@code seconds} per scenario (default 5).</li>
 * <li>{@code growth}: file size after {@code messages} (default 1 000 000) append+ack of 200-byte messages with about
 * 1000 unacknowledged at any time; then again with every 500th message never acknowledged.</li>
 * </ul>
 * Each line starts with {@code store-write-rate} or {@code store-file-growth} followed by {@code key=value} pairs.
 */
public final class StoreWriteRate {
    private static final int PAYLOAD = 200;
    private static final String TOPIC = "acc/dev/W1/bench";

    private StoreWriteRate() {
    }

    /**
     * @param args mode, directory, seconds or messages
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "rate";
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("weir-store-rate");
        Files.createDirectories(dir);
        if (mode.equals("growth")) {
            long messages = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000;
            growth(dir.resolve("growth.mv"), messages, 0);
            growth(dir.resolve("growth-kept.mv"), messages, 500);
        } else {
            int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
            for (int window : new int[] {1, 8, 64, 512}) {
                rate(dir.resolve("rate-" + window + ".mv"), 1, window, seconds);
            }
            rate(dir.resolve("rate-4x64.mv"), 4, 64, seconds);
        }
    }

    private static void rate(Path file, int producers, int window, int seconds) throws Exception {
        Files.deleteIfExists(file);
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            // warm-up, then measure
            long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            long end = warmUpEnd + TimeUnit.SECONDS.toNanos(seconds);
            long[] at = new long[2];
            StoreStats[] stats = new StoreStats[2];
            Thread[] threads = new Thread[producers];
            for (int t = 0; t < producers; t++) {
                threads[t] = new Thread(() -> produce(store, window, end, done, failed));
                threads[t].start();
            }
            while (System.nanoTime() < warmUpEnd) {
                Thread.sleep(10);
            }
            at[0] = done.get();
            stats[0] = store.stats();
            long t0 = System.nanoTime();
            for (Thread t : threads) {
                t.join();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            at[1] = done.get();
            stats[1] = store.stats();
            long appends = at[1] - at[0];
            long commits = stats[1].commits() - stats[0].commits();
            System.out.printf(Locale.ROOT, "store-write-rate producers=%d window=%d appends/s=%.0f commits/s=%.0f "
                    + "avg-batch=%.1f failed=%d file-bytes=%d%n", producers, window, appends / secs, commits / secs,
                    commits == 0 ? 0.0 : (double) appends / commits, failed.get(), stats[1].fileSize());
        }
        Files.deleteIfExists(file);
    }

    private static void produce(MessageStore store, int window, long end, AtomicLong done, AtomicLong failed) {
        Semaphore inFlight = new Semaphore(window);
        byte[] payload = new byte[PAYLOAD];
        try {
            while (System.nanoTime() < end) {
                inFlight.acquire();
                store.append(7, TOPIC, 1, false, payload).whenComplete((m, e) -> {
                    if (e == null) {
                        store.ack(m.id());
                        done.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                    inFlight.release();
                });
            }
            inFlight.acquire(window);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void growth(Path file, long messages, int keepEvery) throws Exception {
        Files.deleteIfExists(file);
        long maxSize = 0;
        long kept = 0;
        long t0 = System.nanoTime();
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            BlockingQueue<Long> unacked = new ArrayBlockingQueue<>(2048);
            Semaphore inFlight = new Semaphore(256);
            byte[] payload = new byte[PAYLOAD];
            for (long n = 0; n < messages; n++) {
                inFlight.acquire();
                store.append(7, TOPIC, 1, false, payload).whenComplete((m, e) -> {
                    if (e == null) {
                        unacked.add(m.id());
                    }
                    inFlight.release();
                });
                while (unacked.size() > 1000) {
                    Long id = unacked.poll();
                    if (id != null && (keepEvery == 0 || (id & 0xFFFF_FFFFL) % keepEvery != 0)) {
                        store.ack(id);
                    } else if (id != null) {
                        kept++;
                    }
                }
                if (n % 10_000 == 0) {
                    maxSize = Math.max(maxSize, store.stats().fileSize());
                }
            }
            inFlight.acquire(256);
            StoreStats stats = store.stats();
            maxSize = Math.max(maxSize, stats.fileSize());
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "store-file-growth messages=%d payload=%d never-acked=%d stored=%d "
                    + "file-bytes=%d max-file-bytes=%d seconds=%.1f appends/s=%.0f%n", messages, PAYLOAD, kept,
                    stats.messages(), stats.fileSize(), maxSize, secs, messages / secs);
        }
        System.out.printf(Locale.ROOT, "store-file-growth after-close file-bytes=%d%n", Files.size(file));
        Files.deleteIfExists(file);
    }
}
