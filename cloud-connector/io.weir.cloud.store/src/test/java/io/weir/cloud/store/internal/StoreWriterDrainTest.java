// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** How the writer takes units for one commit: singles up to the caps, atomic batches never split. */
class StoreWriterDrainTest {
    private static final int MAX_MESSAGES = 10;
    private static final long MAX_BYTES = 1000;

    private static AppendRequest single(int valueBytes) {
        return new AppendRequest(5, "t", 1, false, 0, new byte[0], new byte[valueBytes], 1, new CompletableFuture<>());
    }

    private static BatchRequest batch(int messages, int valueBytesEach) {
        List<BatchRequest.Message> list = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            list.add(new BatchRequest.Message(5, "t", 1, false, 0, new byte[0], new byte[valueBytesEach], 1));
        }
        return new BatchRequest(list, (long) messages * valueBytesEach, new CompletableFuture<>());
    }

    private static StoreWriter.Drain drain(Queue<Object> queue, List<Object> units) {
        return StoreWriter.drain(queue.poll(), queue, units, MAX_MESSAGES, MAX_BYTES);
    }

    @Test
    void singlesAreTakenUpToTheMessageCap() {
        Queue<Object> queue = new ArrayDeque<>();
        for (int i = 0; i < 15; i++) {
            queue.add(single(10));
        }
        List<Object> units = new ArrayList<>();
        StoreWriter.Drain d = drain(queue, units);
        assertThat(units).hasSize(10);
        assertThat(d.carried()).isNull();
        assertThat(d.closing()).isFalse();
        assertThat(queue).hasSize(5);
    }

    @Test
    void aBatchThatFitsIsTakenWithTheOthers() {
        BatchRequest b = batch(7, 10);
        Queue<Object> queue = new ArrayDeque<>(List.of(single(10), single(10), b, single(10)));
        List<Object> units = new ArrayList<>();
        StoreWriter.Drain d = drain(queue, units);
        // 2 + 7 + 1 = 10 messages: everything
        assertThat(units).hasSize(4).element(2).isSameAs(b);
        assertThat(d.carried()).isNull();
        assertThat(queue).isEmpty();
    }

    @Test
    void aBatchThatDoesNotFitNextToOthersStartsTheNextCommitWhole() {
        BatchRequest b = batch(8, 10);
        AppendRequest after = single(10);
        Queue<Object> queue = new ArrayDeque<>(List.of(single(10), single(10), single(10), b, after));
        List<Object> units = new ArrayList<>();
        StoreWriter.Drain d = drain(queue, units);
        assertThat(units).hasSize(3).noneMatch(u -> u == b);
        assertThat(d.carried()).isSameAs(b);
        assertThat(queue).containsExactly(after);

        // the next commit starts with it, and fills up behind it
        units.clear();
        d = StoreWriter.drain(d.carried(), queue, units, MAX_MESSAGES, MAX_BYTES);
        assertThat(units).containsExactly(b, after);
        assertThat(d.carried()).isNull();
    }

    @Test
    void theByteCapAlsoKeepsABatchForTheNextCommit() {
        BatchRequest b = batch(2, 400);
        Queue<Object> queue = new ArrayDeque<>(List.of(single(300), b));
        List<Object> units = new ArrayList<>();
        StoreWriter.Drain d = drain(queue, units);
        assertThat(units).hasSize(1);
        assertThat(d.carried()).isSameAs(b);
    }

    @Test
    void aBatchLargerThanTheCapsIsACommitOfItsOwn() {
        BatchRequest big = batch(25, 10);
        BatchRequest heavy = batch(3, 600);
        AppendRequest after = single(10);
        Queue<Object> queue = new ArrayDeque<>(List.of(big, heavy, after));
        List<Object> units = new ArrayList<>();
        StoreWriter.Drain d = drain(queue, units);
        assertThat(units).containsExactly(big);
        assertThat(d.carried()).isNull();
        units.clear();
        d = drain(queue, units);
        assertThat(units).containsExactly(heavy);
        units.clear();
        d = drain(queue, units);
        assertThat(units).containsExactly(after);
    }
}
