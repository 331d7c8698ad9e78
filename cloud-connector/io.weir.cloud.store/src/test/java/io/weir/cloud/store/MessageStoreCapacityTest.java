// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Capacity limits, control headroom, and both full policies. Topic "t" = 1 accounted byte. */
class MessageStoreCapacityTest {
    @TempDir
    Path dir;

    private static StoredMessage put(MessageStore store, int priority, int payloadBytes, String tag)
            throws Exception {
        byte[] payload = new byte[payloadBytes];
        byte[] t = tag.getBytes(UTF_8);
        System.arraycopy(t, 0, payload, 0, Math.min(t.length, payloadBytes));
        return store.append(priority, "t", 1, false, payload).get(30, TimeUnit.SECONDS);
    }

    private static StoreFullException refused(CompletableFuture<StoredMessage> future) {
        Throwable cause = ((ExecutionException) org.assertj.core.api.Assertions
                .catchThrowable(() -> future.get(30, TimeUnit.SECONDS))).getCause();
        assertThat(cause).isInstanceOf(StoreFullException.class);
        return (StoreFullException) cause;
    }

    private static List<String> tags(MessageStore store) {
        List<String> tags = new ArrayList<>();
        for (StoredMessage m : store.pending(1000, id -> false)) {
            tags.add(new String(m.payload(), UTF_8).trim().replace("\0", ""));
        }
        return tags;
    }

    @Test
    void rejectNewRefusesLowPriorityBeyondTheMessageLimitAndCountsIt() throws Exception {
        StoreOptions options = StoreOptions.defaults().withMaxMessages(3).withControlHeadroom(1, 2, 1 << 20);
        try (MessageStore store = MessageStore.open(dir.resolve("s.mv"), options)) {
            for (int i = 0; i < 3; i++) {
                put(store, 7, 10, "d" + i);
            }
            StoreFullException full = refused(store.append(7, "t", 1, false, new byte[10]));
            assertThat(full).hasMessageContaining("store full").hasMessageContaining("3 messages stored")
                    .hasMessageContaining("limit 3").hasMessageContaining("REJECT_NEW");
            assertThat(full.storedMessages()).isEqualTo(3);
            assertThat(full.storedBytes()).isEqualTo(33);
            // control traffic (priority <= 1) still fits, up to the headroom of 2
            put(store, 0, 10, "c0");
            put(store, 1, 10, "c1");
            StoreFullException controlFull = refused(store.append(1, "t", 1, false, new byte[10]));
            assertThat(controlFull).hasMessageContaining("limit 5 for priority 1");
            assertThat(tags(store)).containsExactly("c0", "c1", "d0", "d1", "d2");
            StoreStats stats = store.stats();
            assertThat(stats.rejectedFull()).isEqualTo(2);
            assertThat(stats.evicted()).isZero();
            assertThat(stats.messages()).isEqualTo(5);
            // an ack makes room again... for control traffic first: ordinary traffic is still above its limit
            store.ack(store.pending(1, id -> false).get(0).id());
            refused(store.append(7, "t", 1, false, new byte[10]));
            store.ack(store.pending(1, id -> false).get(0).id());
            store.ack(store.pending(1, id -> false).get(0).id());
            put(store, 7, 10, "d3");
            assertThat(store.stats().rejectedFull()).isEqualTo(3);
        }
    }

    @Test
    void byteLimitCountsPayloadPlusTopic() throws Exception {
        StoreOptions options = StoreOptions.defaults().withMaxBytes(100).withControlHeadroom(0, 10, 50);
        try (MessageStore store = MessageStore.open(dir.resolve("s.mv"), options)) {
            put(store, 5, 49, "a"); // 50 bytes
            put(store, 5, 49, "b"); // 100 bytes: exactly the limit
            StoreFullException full = refused(store.append(5, "t", 1, false, new byte[0]));
            assertThat(full).hasMessageContaining("100 bytes stored + 1 new would exceed the limit of 100 bytes");
            put(store, 0, 49, "c"); // control: 150 of 150
            refused(store.append(0, "t", 1, false, new byte[0]));
            StoreFullException tooBig = refused(store.append(0, "t", 1, false, new byte[200]));
            assertThat(tooBig).hasMessageContaining("201 bytes").hasMessageContaining("larger than the store's limit");
            assertThat(store.stats().bytes()).isEqualTo(150);
            assertThat(store.stats().rejectedFull()).isEqualTo(3);
        }
    }

    @Test
    void evictOldestLowestMakesRoomFromTheLowestPriorityOldestFirst() throws Exception {
        StoreOptions options = StoreOptions.defaults().withMaxMessages(4).withFullPolicy(FullPolicy.EVICT_OLDEST_LOWEST)
                .withControlHeadroom(-1, 0, 0);
        try (MessageStore store = MessageStore.open(dir.resolve("s.mv"), options)) {
            put(store, 9, 4, "l1");
            put(store, 8, 4, "m1");
            put(store, 9, 4, "l2");
            put(store, 5, 4, "h1");
            put(store, 7, 4, "n1"); // evicts l1 (priority 9, oldest)
            assertThat(tags(store)).containsExactly("h1", "n1", "m1", "l2");
            put(store, 7, 4, "n2"); // evicts l2
            assertThat(tags(store)).containsExactly("h1", "n1", "n2", "m1");
            put(store, 7, 4, "n3"); // evicts m1 (8 is the lowest left below 7)
            assertThat(tags(store)).containsExactly("h1", "n1", "n2", "n3");
            // nothing of strictly lower priority than 7: refused, nothing evicted
            StoreFullException full = refused(store.append(7, "t", 1, false, new byte[4]));
            assertThat(full).hasMessageContaining("EVICT_OLDEST_LOWEST")
                    .hasMessageContaining("lower priority than 7");
            assertThat(tags(store)).containsExactly("h1", "n1", "n2", "n3");
            put(store, 2, 4, "u1"); // evicts the oldest 7
            assertThat(tags(store)).containsExactly("u1", "h1", "n2", "n3");
            StoreStats stats = store.stats();
            assertThat(stats.evicted()).isEqualTo(4);
            assertThat(stats.rejectedFull()).isEqualTo(1);
            assertThat(stats.messages()).isEqualTo(4);
        }
        // evictions are durable
        try (MessageStore store = MessageStore.open(dir.resolve("s.mv"), options)) {
            assertThat(tags(store)).containsExactly("u1", "h1", "n2", "n3");
        }
    }

    @Test
    void evictionFreesEnoughBytesOrNothing() throws Exception {
        StoreOptions options = StoreOptions.defaults().withMaxBytes(100).withFullPolicy(FullPolicy.EVICT_OLDEST_LOWEST)
                .withControlHeadroom(-1, 0, 0);
        try (MessageStore store = MessageStore.open(dir.resolve("s.mv"), options)) {
            put(store, 9, 19, "a"); // 20
            put(store, 9, 19, "b"); // 40
            put(store, 9, 19, "c"); // 60
            put(store, 3, 39, "h"); // 100
            // 70 new bytes need 70 freed; everything below priority 5 (a, b, c) is only 60: refused, nothing evicted
            StoreFullException full = refused(store.append(5, "t", 1, false, new byte[69]));
            assertThat(full).hasMessageContaining("not enough");
            assertThat(tags(store)).containsExactly("h", "a", "b", "c");
            assertThat(store.stats().evicted()).isZero();
            // 50 bytes: evicting a, b and c frees 60
            put(store, 5, 49, "n");
            assertThat(tags(store)).containsExactly("h", "n");
            assertThat(store.stats().evicted()).isEqualTo(3);
            assertThat(store.stats().bytes()).isEqualTo(90);
        }
    }

    @Test
    void evictionWithinOneBatchEvictsTheLowerAdmittedMessage() throws Exception {
        StoreOptions options = StoreOptions.defaults().withMaxMessages(2).withFullPolicy(FullPolicy.EVICT_OLDEST_LOWEST)
                .withControlHeadroom(-1, 0, 0);
        try (MessageStore store = MessageStore.open(dir.resolve("s.mv"), options)) {
            put(store, 3, 4, "x");
            // queued together they usually land in one batch; either way the outcome is the same
            List<CompletableFuture<StoredMessage>> futures = new ArrayList<>();
            futures.add(store.append(9, "t", 1, false, "low".getBytes(UTF_8)));
            futures.add(store.append(4, "t", 1, false, "mid".getBytes(UTF_8)));
            assertThat(futures.get(1).get(30, TimeUnit.SECONDS).priority()).isEqualTo(4);
            assertThat(refusedOrEvicted(futures.get(0))).isTrue();
            assertThat(tags(store)).containsExactly("x", "mid");
            assertThat(store.stats().evicted()).isEqualTo(1);
        }
    }

    /** The low message was either stored then evicted, or evicted before being stored (same batch). */
    private static boolean refusedOrEvicted(CompletableFuture<StoredMessage> future) {
        try {
            future.get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            return e.getCause() instanceof StoreFullException f && f.getMessage().contains("evicted");
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void reopeningAboveTheLimitsKeepsEverything() throws Exception {
        Path file = dir.resolve("s.mv");
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            for (int i = 0; i < 10; i++) {
                put(store, 6, 4, "m" + i);
            }
        }
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults().withMaxMessages(5))) {
            assertThat(store.openReport().recoveredMessages()).isEqualTo(10);
            assertThat(store.pending(100, id -> false)).hasSize(10);
            assertThatThrownBy(() -> store.append(6, "t", 1, false, new byte[1]).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(StoreFullException.class);
        }
    }
}
