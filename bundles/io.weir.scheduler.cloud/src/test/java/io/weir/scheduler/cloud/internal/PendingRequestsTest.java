// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.weir.scheduler.cloud.internal.PendingRequests.Entry;

class PendingRequestsTest {

    private static Entry entry(String id) {
        return new Entry(id, "task-" + id, "svc", 1, 0);
    }

    @Test
    void isBoundedAndFreesASlotWhenARequestEnds() {
        PendingRequests p = new PendingRequests(2, 10);
        assertThat(p.offer(entry("a"))).isTrue();
        assertThat(p.offer(entry("b"))).isTrue();
        assertThat(p.offer(entry("c"))).isFalse();
        assertThat(p.size()).isEqualTo(2);
        assertThat(p.take("a")).isNotNull();
        assertThat(p.offer(entry("c"))).isTrue();
        assertThat(p.takeAll()).extracting(e -> e.id).containsExactlyInAnyOrder("b", "c");
        assertThat(p.isEmpty()).isTrue();
        assertThat(p.size()).isZero();
    }

    @Test
    void exactlyOneTakerWins() throws Exception {
        PendingRequests p = new PendingRequests(1, 10);
        p.offer(entry("x"));
        AtomicInteger winners = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (p.take("x") != null) {
                    winners.incrementAndGet();
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(winners.get()).isEqualTo(1);
        assertThat(p.size()).isZero();
    }

    @Test
    void remembersTheLastEndedIdsOnly() {
        PendingRequests p = new PendingRequests(10, 2);
        for (String id : List.of("a", "b", "c")) {
            p.offer(entry(id));
            p.take(id);
        }
        assertThat(p.ended("a")).isFalse(); // forgotten: an answer for it counts as unknown
        assertThat(p.ended("b")).isTrue();
        assertThat(p.ended("c")).isTrue();
        assertThat(p.ended("never")).isFalse();
        assertThat(p.take("c")).isNull();
    }

    @Test
    void takingCancelsTheTimeout() {
        PendingRequests p = new PendingRequests(1, 1);
        Entry e = entry("a");
        java.util.concurrent.CompletableFuture<Object> timeout = new java.util.concurrent.CompletableFuture<>();
        e.timeout(timeout);
        p.offer(e);
        p.take("a");
        assertThat(timeout).isCancelled();
    }
}
