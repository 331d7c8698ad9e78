// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.BuiltinDataType;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelListener;
import io.weir.driver.ChannelMode;
import io.weir.driver.ChannelResult;
import io.weir.driver.DriverStatus;
import io.weir.driver.StatusCode;

class ListenersTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Listeners listeners = new Listeners(pool, "test");
    private static final Channel CH = new Channel("c", DataType.INTEGER, ChannelMode.READ, Map.of());
    private static final ChannelSettings SETTINGS = new ChannelSettings(ExpandedNodeId.parse("ns=2;s=C"),
            AttributeId.Value, -1, BuiltinDataType.Int32);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void deliversInOrderNeverConcurrentlyAcrossProducers() throws Exception {
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(2000);
        ChannelListener l = r -> {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            seen.add(r.value().intValue());
            inside.decrementAndGet();
            all.countDown();
        };
        Listeners.Registration a = listeners.add(List.of(CH), List.of(SETTINGS), l).get(0);
        Listeners.Registration b = listeners.add(List.of(CH), List.of(SETTINGS), l).get(0);
        Thread t1 = new Thread(() -> {
            for (int i = 0; i < 1000; i++) {
                listeners.deliver(a, ChannelResult.ok("c", TypedValue.ofInteger(i), i));
            }
        });
        Thread t2 = new Thread(() -> {
            for (int i = 1000; i < 2000; i++) {
                listeners.deliver(b, ChannelResult.ok("c", TypedValue.ofInteger(i), i));
            }
        });
        t1.start();
        t2.start();

        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(overlaps.get()).isZero();
        List<Integer> fromA = seen.stream().filter(i -> i < 1000).toList();
        List<Integer> fromB = seen.stream().filter(i -> i >= 1000).toList();
        assertThat(fromA).isSorted().hasSize(1000);
        assertThat(fromB).isSorted().hasSize(1000);
    }

    @Test
    void noCallStartsAfterRemoveAndErrorsAreReportedOncePerOutage() throws Exception {
        List<ChannelResult> got = Collections.synchronizedList(new ArrayList<>());
        ChannelListener l = got::add;
        Listeners.Registration r = listeners.add(List.of(CH), List.of(SETTINGS), l).get(0);
        DriverStatus down = DriverStatus.error(StatusCode.COMMUNICATION_ERROR, "down");

        listeners.deliverError(r, down, 1);
        listeners.deliverError(r, down, 2);
        listeners.deliver(r, ChannelResult.ok("c", TypedValue.ofInteger(1), 3));
        listeners.deliverError(r, down, 4);
        awaitSize(got, 3);
        assertThat(got).extracting(ChannelResult::timestamp).containsExactly(1L, 3L, 4L);
        assertThat(listeners.snapshot()).containsExactly(r);
        assertThat(listeners.isEmpty()).isFalse();

        assertThat(listeners.remove(l)).isTrue();
        listeners.deliver(r, ChannelResult.ok("c", TypedValue.ofInteger(2), 5));
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(got).hasSize(3);
        assertThat(listeners.isEmpty()).isTrue();
        assertThat(listeners.remove(l)).isFalse();
    }

    @Test
    void aThrowingListenerDoesNotStopDelivery() throws Exception {
        List<ChannelResult> got = Collections.synchronizedList(new ArrayList<>());
        ChannelListener l = r -> {
            got.add(r);
            if (r.value().intValue() == 1) {
                throw new IllegalStateException("listener bug");
            }
        };
        Listeners.Registration r = listeners.add(List.of(CH), List.of(SETTINGS), l).get(0);
        listeners.deliver(r, ChannelResult.ok("c", TypedValue.ofInteger(1), 1));
        listeners.deliver(r, ChannelResult.ok("c", TypedValue.ofInteger(2), 2));
        awaitSize(got, 2);
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (list.size() < size && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertThat(list).hasSize(size);
    }
}
