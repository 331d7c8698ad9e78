// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Order, ids, skip, ack, reopen, argument checks and lifecycle, on a real store file. */
class MessageStoreTest {
    @TempDir
    Path dir;

    static StoredMessage put(MessageStore store, int priority, String payload)
            throws InterruptedException, ExecutionException, TimeoutException {
        return store.append(priority, "acc/dev/W1/t", 1, false, payload.getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
    }

    static List<String> payloads(List<StoredMessage> messages) {
        return messages.stream().map(m -> new String(m.payload(), UTF_8)).toList();
    }

    @Test
    void pendingIsInPriorityThenAppendOrder() throws Exception {
        try (MessageStore store = MessageStore.open(dir.resolve("s.mv"), StoreOptions.defaults())) {
            put(store, 7, "a7");
            put(store, 1, "b1");
            put(store, 7, "c7");
            put(store, 0, "d0");
            put(store, 9, "e9");
            put(store, 1, "f1");
            assertThat(payloads(store.pending(100, id -> false))).containsExactly("d0", "b1", "f1", "a7", "c7", "e9");
            assertThat(payloads(store.pending(3, id -> false))).containsExactly("d0", "b1", "f1");
            assertThat(store.pending(0, id -> false)).isEmpty();
        }
    }

    @Test
    void idsEncodePriorityAndIncrease() throws Exception {
        try (MessageStore store = MessageStore.open(dir.resolve("s.mv"), StoreOptions.defaults())) {
            List<StoredMessage> stored = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                stored.add(put(store, i % 3 * 4, "m" + i));
            }
            for (int i = 0; i < stored.size(); i++) {
                StoredMessage m = stored.get(i);
                assertThat(MessageStore.priorityOf(m.id())).isEqualTo(m.priority()).isEqualTo(i % 3 * 4);
                if (i >= 3) {
                    assertThat(m.id()).isGreaterThan(stored.get(i - 3).id());
                }
                if (i >= 1) {
                    assertThat(m.id() & 0x00FF_FFFF_FFFF_FFFFL)
                            .isGreaterThan(stored.get(i - 1).id() & 0x00FF_FFFF_FFFF_FFFFL);
                }
            }
            // the key order is the send order
            List<Long> ids = store.pending(100, id -> false).stream().map(StoredMessage::id).toList();
            assertThat(ids).isSorted().hasSize(30);
        }
    }

    @Test
    void storedMessageCarriesWhatWasAppended() throws Exception {
        try (MessageStore store = MessageStore.open(dir.resolve("s.mv"), StoreOptions.defaults())) {
            long before = System.currentTimeMillis();
            byte[] payload = {0, 1, 2, (byte) 0xFF};
            StoredMessage m = store.append(3, "$EDC/acc/dev/MQTT/BIRTH \u00e9", 2, true, payload).get(30,
                    TimeUnit.SECONDS);
            assertThat(m.topic()).isEqualTo("$EDC/acc/dev/MQTT/BIRTH \u00e9");
            assertThat(m.qos()).isEqualTo(2);
            assertThat(m.retain()).isTrue();
            assertThat(m.payload()).containsExactly(payload);
            assertThat(m.createdMillis()).isBetween(before, System.currentTimeMillis());
            assertThat(store.pending(10, id -> false)).containsExactly(m);
            assertThat(m.toString()).contains("4 bytes").doesNotContain("[0, 1");
        }
    }

    @Test
    void skipPredicateLeavesOutInFlightIds() throws Exception {
        try (MessageStore store = MessageStore.open(dir.resolve("s.mv"), StoreOptions.defaults())) {
            List<StoredMessage> stored = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                stored.add(put(store, 5, "m" + i));
            }
            Set<Long> inFlight = Set.of(stored.get(0).id(), stored.get(2).id());
            assertThat(payloads(store.pending(3, inFlight::contains))).containsExactly("m1", "m3", "m4");
            assertThat(payloads(store.pending(10, id -> true))).isEmpty();
        }
    }

    @Test
    void ackRemovesAndUnknownAckIsIgnored() throws Exception {
        try (MessageStore store = MessageStore.open(dir.resolve("s.mv"), StoreOptions.defaults())) {
            StoredMessage a = put(store, 5, "a");
            StoredMessage b = put(store, 5, "b");
            store.ack(a.id());
            store.ack(a.id());
            store.ack(12345L);
            assertThat(payloads(store.pending(10, id -> false))).containsExactly("b");
            StoreStats stats = store.stats();
            assertThat(stats.messages()).isEqualTo(1);
            assertThat(stats.acked()).isEqualTo(1);
            assertThat(stats.appended()).isEqualTo(2);
            assertThat(stats.bytes()).isEqualTo("acc/dev/W1/t".length() + 1);
            store.ack(b.id());
            assertThat(store.pending(10, id -> false)).isEmpty();
            assertThat(store.stats().messagesPerPriority()).containsOnly(0);
        }
    }

    @Test
    void reopenKeepsUnackedAndDropsAcked() throws Exception {
        Path file = dir.resolve("s.mv");
        List<StoredMessage> kept = new ArrayList<>();
        long lastId;
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            for (int i = 0; i < 50; i++) {
                StoredMessage m = put(store, i % 10, "m" + i);
                if (i % 4 == 0) {
                    store.ack(m.id());
                } else {
                    kept.add(m);
                }
            }
            lastId = kept.get(kept.size() - 1).id();
        }
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            assertThat(store.openReport().recoveredMessages()).isEqualTo(kept.size());
            assertThat(store.openReport().quarantined()).isFalse();
            assertThat(store.openReport().quarantineReason()).isNull();
            List<StoredMessage> pending = store.pending(1000, id -> false);
            assertThat(pending).containsExactlyInAnyOrderElementsOf(kept);
            assertThat(pending).isSortedAccordingTo((x, y) -> Long.compare(x.id(), y.id()));
            assertThat(store.stats().messages()).isEqualTo(kept.size());
            // sequence numbers continue after the restart
            StoredMessage next = put(store, 9, "next");
            assertThat(next.id() & 0x00FF_FFFF_FFFF_FFFFL).isGreaterThan(lastId & 0x00FF_FFFF_FFFF_FFFFL);
        }
    }

    @Test
    void sequenceGrowsAcrossRestartsEvenWhenEmpty() throws Exception {
        Path file = dir.resolve("s.mv");
        long first;
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            StoredMessage m = put(store, 4, "x");
            first = m.id();
            store.ack(m.id());
        }
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            assertThat(store.openReport().recoveredMessages()).isZero();
            assertThat(put(store, 4, "y").id()).isGreaterThan(first);
        }
    }

    @Test
    void acksAreWrittenWithinTheFlushIntervalWithoutOtherWrites() throws Exception {
        try (MessageStore store = MessageStore.open(dir.resolve("s.mv"),
                StoreOptions.defaults().withAckFlushMillis(50))) {
            StoredMessage m = put(store, 5, "a");
            long commits = store.stats().commits();
            store.ack(m.id());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (store.stats().commits() == commits && System.nanoTime() < deadline) {
                Thread.sleep(1); // polling for the writer's own timer, not synchronising with it
            }
            assertThat(store.stats().commits()).isEqualTo(commits + 1);
        }
    }

    @Test
    void concurrentProducersAndAckerKeepEverythingConsistent() throws Exception {
        Path file = dir.resolve("s.mv");
        Set<String> unacked = ConcurrentHashMap.newKeySet();
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            List<Thread> producers = new ArrayList<>();
            List<CompletableFuture<StoredMessage>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                List<CompletableFuture<StoredMessage>> own = new ArrayList<>();
                Thread producer = new Thread(() -> {
                    for (int i = 0; i < 500; i++) {
                        byte[] payload = ("p" + thread + "-" + i).getBytes(UTF_8);
                        own.add(store.append(i % 10, "t/" + thread, 1, false, payload));
                    }
                    synchronized (futures) {
                        futures.addAll(own);
                    }
                });
                producers.add(producer);
                producer.start();
            }
            // an acker acknowledging whatever is pending, while producers run
            Thread acker = new Thread(() -> {
                int ackedCount = 0;
                while (ackedCount < 1000) {
                    List<StoredMessage> pending = store.pending(50, id -> false);
                    for (StoredMessage m : pending) {
                        if (ackedCount++ < 1000) {
                            store.ack(m.id());
                        }
                    }
                    if (pending.isEmpty()) {
                        Thread.yield();
                    }
                }
            });
            acker.start();
            for (Thread p : producers) {
                p.join();
            }
            acker.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(acker.isAlive()).isFalse();
            for (CompletableFuture<StoredMessage> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(futures).hasSize(2000);
            for (StoredMessage m : store.pending(10_000, id -> false)) {
                unacked.add(new String(m.payload(), UTF_8));
            }
            assertThat(unacked).hasSize(1000);
            StoreStats stats = store.stats();
            assertThat(stats.messages()).isEqualTo(1000);
            assertThat(stats.appended()).isEqualTo(2000);
            assertThat(stats.acked()).isEqualTo(1000);
            // group commit: far fewer commits than messages is likely but not asserted (timing dependent)
            assertThat(stats.commits()).isPositive();
        }
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            Set<String> after = new HashSet<>();
            for (StoredMessage m : store.pending(10_000, id -> false)) {
                after.add(new String(m.payload(), UTF_8));
            }
            assertThat(after).isEqualTo(unacked);
        }
    }

    @Test
    void invalidArgumentsAreRefusedClearly() throws Exception {
        try (MessageStore store = MessageStore.open(dir.resolve("s.mv"), StoreOptions.defaults())) {
            assertThatThrownBy(() -> store.append(10, "t", 1, false, new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priority 10");
            assertThatThrownBy(() -> store.append(-1, "t", 1, false, new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priority -1");
            assertThatThrownBy(() -> store.append(1, "t", 3, false, new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qos 3");
            assertThatThrownBy(() -> store.append(1, "x".repeat(70_000), 1, false, new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic");
            assertThat(store.stats().messages()).isZero();
        }
        assertThatThrownBy(() -> StoreOptions.defaults().withMaxMessages(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxMessages");
        assertThatThrownBy(() -> StoreOptions.defaults().withControlHeadroom(10, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("controlPriorityMax");
    }

    @Test
    void closeIsIdempotentWritesQueuedAppendsAndRefusesLaterOnes() throws Exception {
        Path file = dir.resolve("s.mv");
        MessageStore store = MessageStore.open(file, StoreOptions.defaults());
        List<CompletableFuture<StoredMessage>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(store.append(6, "t", 1, false, new byte[] {(byte) i}));
        }
        store.close();
        store.close();
        for (CompletableFuture<StoredMessage> f : futures) {
            assertThat(f).isCompleted();
            assertThat(f.get().priority()).isEqualTo(6);
        }
        CompletableFuture<StoredMessage> late = store.append(6, "t", 1, false, new byte[1]);
        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(store.pending(10, id -> false)).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive()
                && (t.getName().startsWith("weir-cloud-store") || t.getName().startsWith("MVStore")));
        try (MessageStore again = MessageStore.open(file, StoreOptions.defaults())) {
            assertThat(again.openReport().recoveredMessages()).isEqualTo(200);
        }
    }

    @Test
    void aStoreFileInUseIsNotTouched() throws Exception {
        Path file = dir.resolve("s.mv");
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            put(store, 5, "a");
            assertThatThrownBy(() -> MessageStore.open(file, StoreOptions.defaults()))
                    .isInstanceOf(IOException.class).hasMessageContaining("in use");
            assertThat(payloads(store.pending(10, id -> false))).containsExactly("a");
            put(store, 5, "b");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("s.mv");
        }
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            assertThat(store.openReport().recoveredMessages()).isEqualTo(2);
        }
    }
}
