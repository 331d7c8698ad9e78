// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.weir.data.Record;

class RecordQueueTest {

    private static List<Record> records(int from, int n) {
        List<Record> list = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            list.add(Record.builder("s").timestamp(i).put("i", (long) i).build());
        }
        return list;
    }

    @Test
    void dropOldestKeepsTheNewestAndCounts() throws Exception {
        RecordQueue q = new RecordQueue(3, OverflowPolicy.DROP_OLDEST);
        assertThat(q.putAll(records(0, 5))).isEqualTo(5);
        assertThat(q.dropped()).isEqualTo(2);
        Record[] out = new Record[10];
        assertThat(q.drainTo(out, 10, 0, TimeUnit.MILLISECONDS)).isEqualTo(3);
        assertThat(out[0].timestamp()).isEqualTo(2);
        assertThat(out[2].timestamp()).isEqualTo(4);
    }

    @Test
    void blockMakesTheProducerWaitUntilThereIsRoom() throws Exception {
        RecordQueue q = new RecordQueue(2, OverflowPolicy.BLOCK);
        AtomicInteger accepted = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        Thread producer = new Thread(() -> {
            try {
                accepted.set(q.putAll(records(0, 5)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        });
        producer.start();
        assertThat(done.await(200, TimeUnit.MILLISECONDS)).as("producer must block on a full queue").isFalse();
        assertThat(q.size()).isEqualTo(2);
        Record[] out = new Record[1];
        List<Long> seen = new ArrayList<>();
        while (seen.size() < 5) {
            if (q.drainTo(out, 1, 1, TimeUnit.SECONDS) == 1) {
                seen.add(out[0].timestamp());
            }
        }
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(accepted.get()).isEqualTo(5);
        assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(q.dropped()).isZero();
    }

    @Test
    void closeReleasesABlockedProducerAndKeepsQueuedRecords() throws Exception {
        RecordQueue q = new RecordQueue(1, OverflowPolicy.BLOCK);
        AtomicInteger accepted = new AtomicInteger(-1);
        Thread producer = new Thread(() -> {
            try {
                accepted.set(q.putAll(records(0, 3)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        Thread.sleep(100);
        q.close();
        producer.join(5000);
        assertThat(accepted.get()).isEqualTo(1);
        Record[] out = new Record[5];
        assertThat(q.drainTo(out, 5, 0, TimeUnit.MILLISECONDS)).isEqualTo(1);
        assertThat(q.drainTo(out, 5, 10, TimeUnit.MILLISECONDS)).isZero();
    }
}
