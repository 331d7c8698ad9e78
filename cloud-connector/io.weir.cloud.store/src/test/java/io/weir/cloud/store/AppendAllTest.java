// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weir.cloud.store.MessageStore.Append;

/** {@link MessageStore#appendAll}: order, ids, all-or-nothing capacity, the group-commit caps, visibility. */
class AppendAllTest {
    private static final long SEQ_MASK = 0x00FF_FFFF_FFFF_FFFFL;

    @TempDir
    Path dir;

    static List<Append> batch(String prefix, int count, int... priorities) {
        List<Append> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new Append(priorities[i % priorities.length], "acc/dev/W1/b", 1, i % 2 == 0,
                    (prefix + i).getBytes(UTF_8)));
        }
        return list;
    }

    static List<StoredMessage> stored(CompletableFuture<List<StoredMessage>> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    static <T extends Throwable> T failure(CompletableFuture<?> future, Class<T> type) {
        Throwable t = catchThrowable(() -> future.get(60, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(type);
        return type.cast(t.getCause());
    }

    static List<String> payloads(MessageStore store) {
        return store.pending(Integer.MAX_VALUE, id -> false).stream().map(m -> new String(m.payload(), UTF_8))
                .toList();
    }

    @Test
    void aBatchIsStoredInOrderWithConsecutiveIds() throws Exception {
        Path file = dir.resolve("s.mv");
        List<String> expectedOrder;
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            store.append(5, "t", 1, false, "single".getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
            List<Append> in = batch("b", 20, 7, 2, 9, 2);
            long before = System.currentTimeMillis();
            List<StoredMessage> out = stored(store.appendAll(in));
            assertThat(out).hasSize(20);
            assertThatThrownBy(() -> out.add(out.get(0))).isInstanceOf(UnsupportedOperationException.class);
            for (int i = 0; i < out.size(); i++) {
                StoredMessage m = out.get(i);
                Append a = in.get(i);
                assertThat(m.priority()).isEqualTo(a.priority()).isEqualTo(MessageStore.priorityOf(m.id()));
                assertThat(m.topic()).isEqualTo(a.topic());
                assertThat(m.qos()).isEqualTo(a.qos());
                assertThat(m.retain()).isEqualTo(a.retain());
                assertThat(m.payload()).isEqualTo(a.payload());
                assertThat(m.createdMillis()).isBetween(before, System.currentTimeMillis());
                // consecutive sequence numbers in list order, across priorities
                assertThat(m.id() & SEQ_MASK).isEqualTo((out.get(0).id() & SEQ_MASK) + i);
            }
            // sent in the usual order: priority, then append order
            expectedOrder = new ArrayList<>();
            for (int p : new int[] {2, 5, 7, 9}) {
                if (p == 5) {
                    expectedOrder.add("single");
                }
                for (int i = 0; i < in.size(); i++) {
                    if (in.get(i).priority() == p) {
                        expectedOrder.add("b" + i);
                    }
                }
            }
            assertThat(payloads(store)).containsExactlyElementsOf(expectedOrder);
            assertThat(store.stats().messages()).isEqualTo(21);
            assertThat(store.stats().appended()).isEqualTo(21);

            // an empty batch completes at once
            CompletableFuture<List<StoredMessage>> empty = store.appendAll(List.of());
            assertThat(empty).isCompletedWithValue(List.of());
        }
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            assertThat(payloads(store)).containsExactlyElementsOf(expectedOrder);
        }
    }

    @Test
    void badBatchesAreRefusedClearlyAndStoreNothing() throws Exception {
        try (MessageStore store = MessageStore.open(dir.resolve("s.mv"), StoreOptions.defaults())) {
            // the same checks and messages as append
            assertThatThrownBy(() -> new Append(10, "t", 1, false, new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("priority 10 is out of range 0..9");
            assertThatThrownBy(() -> new Append(1, "t", 3, false, new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("qos 3 is out of range 0..2");
            assertThatThrownBy(() -> new Append(1, "é".repeat(40_000), 1, false, new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("topic is 80000 UTF-8 bytes, at most 65535");
            assertThatThrownBy(() -> new Append(1, null, 1, false, new byte[0]))
                    .isInstanceOf(NullPointerException.class).hasMessage("topic");
            List<Append> withNull = new ArrayList<>(batch("x", 3, 5));
            withNull.add(1, null);
            assertThatThrownBy(() -> store.appendAll(withNull)).isInstanceOf(NullPointerException.class)
                    .hasMessage("messages[1] is null");
            assertThatThrownBy(() -> store.appendAll(null)).isInstanceOf(NullPointerException.class);
            assertThat(store.pending(10, id -> false)).isEmpty();
            // a record with payload equality and a toString without the bytes
            assertThat(new Append(1, "t", 1, true, new byte[] {1, 2})).isEqualTo(new Append(1, "t", 1, true,
                    new byte[] {1, 2})).hasToString("Append[priority=1, topic=t, qos=1, retain=true, payload=2 bytes]");
            // after close
            store.close();
            failure(store.appendAll(batch("c", 2, 5)), IllegalStateException.class);
        }
    }

    @Test
    void aBatchThatExceedsTheMessageLimitByOneIsRefusedEntirelyAndTheStoreIsUnchanged() throws Exception {
        StoreOptions options = StoreOptions.defaults().withMaxMessages(10).withControlHeadroom(1, 5, 1 << 20);
        Path file = dir.resolve("s.mv");
        try (MessageStore store = MessageStore.open(file, options)) {
            stored(store.appendAll(batch("a", 4, 6)));
            List<StoredMessage> before = store.pending(100, id -> false);
            StoreStats statsBefore = store.stats();

            StoreFullException full = failure(store.appendAll(batch("x", 7, 6)), StoreFullException.class);
            assertThat(full).hasMessageStartingWith("store full: 10 messages stored, limit 10 for priority 6")
                    .hasMessageContaining("message 7 of a batch of 7")
                    .hasMessageContaining("the batch is refused as a whole, none of its messages was stored");
            assertThat(full.storedMessages()).isEqualTo(4);
            assertThat(store.pending(100, id -> false)).isEqualTo(before);
            StoreStats stats = store.stats();
            assertThat(stats.messages()).isEqualTo(statsBefore.messages());
            assertThat(stats.bytes()).isEqualTo(statsBefore.bytes());
            assertThat(stats.rejectedFull()).isEqualTo(7);
            assertThat(stats.appended()).isEqualTo(4);

            // exactly up to the limit fits; its ids follow on directly (the refused batch took none)
            List<StoredMessage> six = stored(store.appendAll(batch("y", 6, 6)));
            assertThat(six.get(0).id() & SEQ_MASK).isEqualTo((before.get(3).id() & SEQ_MASK) + 1);
            // control traffic uses the headroom as a whole too: 5 fit, 6 do not
            failure(store.appendAll(batch("c", 6, 0, 1)), StoreFullException.class);
            stored(store.appendAll(batch("c", 5, 0, 1)));
            assertThat(store.stats().messages()).isEqualTo(15);
            // a batch mixing control and ordinary traffic: the ordinary message does not fit, nothing is stored
            store.ack(store.pending(1, id -> false).get(0).id());
            StoreFullException mixed = failure(store.appendAll(List.of(new Append(0, "t", 1, false, new byte[1]),
                    new Append(6, "t", 1, false, new byte[1]))), StoreFullException.class);
            assertThat(mixed).hasMessageContaining("message 2 of a batch of 2");
            assertThat(store.stats().messages()).isEqualTo(14);
        }
        // nothing of a refused batch reached the file
        try (MessageStore store = MessageStore.open(file, options)) {
            assertThat(payloads(store)).hasSize(14).noneMatch(p -> p.startsWith("x"));
        }
    }

    @Test
    void theByteLimitIsCheckedForTheWholeBatch() throws Exception {
        // topic "t" = 1 accounted byte; payloads of 9 bytes: 10 bytes a message
        StoreOptions options = StoreOptions.defaults().withMaxBytes(100).withControlHeadroom(-1, 0, 0);
        try (MessageStore store = MessageStore.open(dir.resolve("s.mv"), options)) {
            List<Append> five = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                five.add(new Append(4, "t", 1, false, new byte[9]));
            }
            List<Append> six = new ArrayList<>(five);
            six.add(new Append(4, "t", 1, false, new byte[9]));
            stored(store.appendAll(five)); // 50 bytes
            StoreFullException full = failure(store.appendAll(six), StoreFullException.class);
            // the usage in the message counts the batch's earlier messages
            assertThat(full).hasMessageStartingWith("store full: 100 bytes stored + 10 new would exceed the limit of "
                    + "100 bytes for priority 4").hasMessageContaining("message 6 of a batch of 6, counting");
            assertThat(full.storedBytes()).isEqualTo(50);
            assertThat(store.stats().bytes()).isEqualTo(50);
            stored(store.appendAll(five));
            assertThat(store.stats().bytes()).isEqualTo(100);
        }
    }

    @Test
    void evictionFreesRoomForTheWholeBatchOrEvictsNothing() throws Exception {
        StoreOptions options = StoreOptions.defaults().withMaxMessages(5).withFullPolicy(FullPolicy.EVICT_OLDEST_LOWEST)
                .withControlHeadroom(-1, 0, 0);
        Path file = dir.resolve("s.mv");
        try (MessageStore store = MessageStore.open(file, options)) {
            stored(store.appendAll(List.of(new Append(9, "t", 1, false, "l1".getBytes(UTF_8)),
                    new Append(8, "t", 1, false, "m1".getBytes(UTF_8)),
                    new Append(9, "t", 1, false, "l2".getBytes(UTF_8)),
                    new Append(3, "t", 1, false, "h1".getBytes(UTF_8)),
                    new Append(5, "t", 1, false, "n1".getBytes(UTF_8)))));
            // 4 new messages of priority 5 would need 4 victims of lower priority; there are only 3 (l1, m1, l2)
            StoreFullException full = failure(store.appendAll(batch("x", 4, 5)), StoreFullException.class);
            assertThat(full).hasMessageContaining("not enough stored messages of lower priority than 5")
                    .hasMessageContaining("message 4 of a batch of 4");
            assertThat(payloads(store)).containsExactly("h1", "n1", "m1", "l1", "l2");
            assertThat(store.stats().evicted()).isZero();
            // 3 fit by evicting the lowest and oldest first: l1, l2, then m1
            stored(store.appendAll(batch("y", 3, 5)));
            assertThat(payloads(store)).containsExactly("h1", "n1", "y0", "y1", "y2");
            assertThat(store.stats().evicted()).isEqualTo(3);
        }
        try (MessageStore store = MessageStore.open(file, options)) {
            assertThat(payloads(store)).containsExactly("h1", "n1", "y0", "y1", "y2");
        }
    }

    @Test
    void messagesOfOneBatchNeverEvictEachOther() throws Exception {
        StoreOptions options = StoreOptions.defaults().withMaxMessages(2).withFullPolicy(FullPolicy.EVICT_OLDEST_LOWEST)
                .withControlHeadroom(-1, 0, 0);
        try (MessageStore store = MessageStore.open(dir.resolve("s.mv"), options)) {
            store.append(3, "t", 1, false, "h".getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
            // the 9 fits; the 4 could only make room by evicting the 9 of its own batch, which would store half of it
            StoreFullException own = failure(store.appendAll(List.of(
                    new Append(9, "t", 1, false, "low".getBytes(UTF_8)),
                    new Append(4, "t", 1, false, "mid".getBytes(UTF_8)))), StoreFullException.class);
            assertThat(own).hasMessageContaining("message 2 of a batch of 2");
            assertThat(payloads(store)).containsExactly("h");
            assertThat(store.stats().evicted()).isZero();
            // once stored, a batch's messages are ordinary messages: a later, more urgent one may evict them
            List<StoredMessage> lows = stored(store.appendAll(List.of(new Append(9, "t", 1, false,
                    "l".getBytes(UTF_8)))));
            store.append(4, "t", 1, false, "m".getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
            assertThat(payloads(store)).containsExactly("h", "m");
            assertThat(lows).hasSize(1);
        }
    }

    @Test
    void aBatchLargerThanTheGroupCommitCapsIsOneCommit() throws Exception {
        Path file = dir.resolve("s.mv");
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            store.append(5, "t", 1, false, "first".getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
            long commits = store.stats().commits();
            // 2500 messages (the caps are 1000 messages / 4 MiB) and, second, 5 MiB in 5 messages
            List<StoredMessage> big = stored(store.appendAll(batch("big", 2500, 6, 7)));
            assertThat(store.stats().commits()).isEqualTo(commits + 1);
            List<Append> heavy = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                heavy.add(new Append(8, "t", 1, false, new byte[1 << 20]));
            }
            stored(store.appendAll(heavy));
            assertThat(store.stats().commits()).isEqualTo(commits + 2);
            assertThat(big).hasSize(2500);
            for (int i = 1; i < big.size(); i++) {
                assertThat(big.get(i).id() & SEQ_MASK).isEqualTo((big.get(i - 1).id() & SEQ_MASK) + 1);
            }
            assertThat(store.stats().messages()).isEqualTo(2506);
        }
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            assertThat(store.stats().messages()).isEqualTo(2506);
        }
    }

    @Test
    void batchesAndSinglesFromManyThreadsAreAllStoredAndPendingNeverShowsHalfABatch() throws Exception {
        Path file = dir.resolve("s.mv");
        int producers = 3;
        int batchesEach = 30;
        Map<String, Integer> sizes = new HashMap<>();
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<String> violation = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                while (!done.get() && violation.get() == null) {
                    Map<String, Integer> seen = new HashMap<>();
                    for (StoredMessage m : store.pending(Integer.MAX_VALUE, id -> false)) {
                        String p = new String(m.payload(), UTF_8);
                        if (p.startsWith("B")) {
                            seen.merge(p.substring(0, p.indexOf(':')), 1, Integer::sum);
                        }
                    }
                    seen.forEach((b, n) -> {
                        int size = Integer.parseInt(b.substring(b.lastIndexOf('n') + 1));
                        if (n != size) {
                            violation.compareAndSet(null, b + " listed with " + n + " of " + size + " messages");
                        }
                    });
                }
            }, "pending-reader");
            reader.start();
            List<Thread> threads = new ArrayList<>();
            List<CompletableFuture<?>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < producers; t++) {
                int thread = t;
                threads.add(new Thread(() -> {
                    for (int b = 0; b < batchesEach; b++) {
                        // sizes from 1 to 1200: some fit next to others, some exceed the caps alone
                        int size = b % 10 == 9 ? 1200 : 1 + (b * 37 + thread * 11) % 300;
                        String name = "B" + thread + "-" + b + "n" + size;
                        List<Append> list = new ArrayList<>();
                        for (int i = 0; i < size; i++) {
                            list.add(new Append(i % 10, "t", 1, false, (name + ":" + i).getBytes(UTF_8)));
                        }
                        futures.add(store.appendAll(list));
                        futures.add(store.append(b % 10, "t", 1, false, ("S" + thread + "-" + b).getBytes(UTF_8)));
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join(TimeUnit.MINUTES.toMillis(2));
            }
            for (CompletableFuture<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            done.set(true);
            reader.join(TimeUnit.MINUTES.toMillis(1));
            assertThat(violation.get()).isNull();
            for (CompletableFuture<?> f : futures) {
                if (f.join() instanceof List<?> list) {
                    long firstSeq = ((StoredMessage) list.get(0)).id() & SEQ_MASK;
                    for (int i = 0; i < list.size(); i++) {
                        assertThat(((StoredMessage) list.get(i)).id() & SEQ_MASK).isEqualTo(firstSeq + i);
                    }
                    String p = new String(((StoredMessage) list.get(0)).payload(), UTF_8);
                    sizes.put(p.substring(0, p.indexOf(':')), list.size());
                }
            }
            assertThat(sizes).hasSize(producers * batchesEach);
            long total = sizes.values().stream().mapToLong(Integer::longValue).sum() + producers * batchesEach;
            assertThat(store.stats().messages()).isEqualTo(total);
            assertThat(store.pending(Integer.MAX_VALUE, id -> false)).hasSize((int) total);
        }
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            Map<String, Integer> found = new HashMap<>();
            for (String p : payloads(store)) {
                if (p.startsWith("B")) {
                    found.merge(p.substring(0, p.indexOf(':')), 1, Integer::sum);
                }
            }
            assertThat(found).isEqualTo(sizes);
        }
    }
}
