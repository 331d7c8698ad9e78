// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file stays small while messages flow through, even when some are never acknowledged (dead chunks are reused
 * at once, sparse chunks are compacted). With MVStore's default 45 s retention, or without compaction, 200 000
 * messages of 200 bytes leave tens of megabytes behind.
 */
class FileGrowthTest {
    @TempDir
    Path dir;

    @Test
    void aSteadyFlowDoesNotGrowTheFile() throws Exception {
        long maxSize = 0;
        long kept = 0;
        try (MessageStore store = MessageStore.open(dir.resolve("g.mv"), StoreOptions.defaults())) {
            BlockingQueue<Long> completed = new ArrayBlockingQueue<>(4096);
            Semaphore inFlight = new Semaphore(256);
            byte[] payload = new byte[200];
            for (int n = 0; n < 200_000; n++) {
                assertThat(inFlight.tryAcquire(60, TimeUnit.SECONDS)).isTrue();
                store.append(7, "acc/dev/W1/growth", 1, false, payload).whenComplete((m, e) -> {
                    if (e == null) {
                        completed.add(m.id());
                    }
                    inFlight.release();
                });
                while (completed.size() > 1000) {
                    long id = completed.take();
                    if (id % 500 == 0) {
                        kept++; // never acknowledged: pins its chunk until compaction rewrites it
                    } else {
                        store.ack(id);
                    }
                }
                if (n % 5000 == 0) {
                    maxSize = Math.max(maxSize, store.stats().fileSize());
                }
            }
            assertThat(inFlight.tryAcquire(256, 60, TimeUnit.SECONDS)).isTrue();
            StoreStats stats = store.stats();
            maxSize = Math.max(maxSize, stats.fileSize());
            assertThat(stats.appended()).isEqualTo(200_000);
            assertThat(stats.failures()).isZero();
        }
        assertThat(kept).isGreaterThan(0);
        assertThat(maxSize).as("largest file size seen").isLessThan(16L << 20);
    }
}
