// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weir.cloud.store.MessageStore.Append;

/**
 * A full disk, injected for real below MVStore: the {@link QuotaFileSystem} makes the store file's channel throw
 * {@code IOException("No space left on device")} when a write would grow the file beyond a quota.
 */
class DiskFullTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void register() {
        QuotaFileSystem.register();
    }

    @AfterEach
    void lift() {
        QuotaFileSystem.unlimited();
    }

    private static StoreFailureException failure(CompletableFuture<StoredMessage> future) {
        Throwable t = catchThrowable(() -> future.get(30, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StoreFailureException.class);
        return (StoreFailureException) t.getCause();
    }

    private static List<String> payloads(MessageStore store) {
        return store.pending(10_000, id -> false).stream().map(m -> new String(m.payload(), UTF_8)).toList();
    }

    @Test
    void aFullDiskFailsTheBatchClearlyKeepsEverythingAcceptedAndRecovers() throws Exception {
        Path file = dir.resolve("s.mv");
        List<String> accepted = new ArrayList<>();
        StoredMessage toAck;
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults(), QuotaFileSystem.PREFIX)) {
            for (int i = 0; i < 50; i++) {
                store.append(i % 10, "acc/dev/W1/t", 1, false, ("m" + i).getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
                accepted.add("m" + i);
            }
            toAck = store.pending(1, id -> false).get(0);

            // the disk is now full: the file may not grow any more
            QuotaFileSystem.setQuota(Files.size(file));
            long refusedBefore = QuotaFileSystem.refusedWrites();
            byte[] big = new byte[1 << 20];
            StoreFailureException full = failure(store.append(7, "acc/dev/W1/big", 1, false, big));
            assertThat(full.diskFull()).isTrue();
            assertThat(full).hasMessage("no space left on device while writing " + file.toAbsolutePath()
                    + "; the message was not stored");
            assertThat(full).hasRootCauseMessage("No space left on device");
            assertThat(QuotaFileSystem.refusedWrites()).isGreaterThan(refusedBefore);

            // an ack and a concurrent batch during the outage: the batch fails as a whole, the ack is kept
            store.ack(toAck.id());
            accepted.remove(new String(toAck.payload(), UTF_8));
            List<CompletableFuture<StoredMessage>> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                batch.add(store.append(6, "acc/dev/W1/big", 1, false, big));
            }
            for (CompletableFuture<StoredMessage> f : batch) {
                assertThat(failure(f).diskFull()).isTrue();
            }
            StoreStats stats = store.stats();
            assertThat(stats.failures()).isGreaterThanOrEqualTo(2);
            assertThat(stats.messages()).isEqualTo(49);
            // everything committed before is still served
            assertThat(payloads(store)).containsExactlyInAnyOrderElementsOf(accepted);

            // space is freed: the store works again without a restart
            QuotaFileSystem.unlimited();
            StoredMessage after = store.append(7, "acc/dev/W1/big", 1, false, big).get(30, TimeUnit.SECONDS);
            assertThat(after.payload()).hasSize(1 << 20);
            store.append(3, "acc/dev/W1/t", 1, false, "after".getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
            accepted.add(new String(big, UTF_8));
            accepted.add("after");
            assertThat(payloads(store)).containsExactlyInAnyOrderElementsOf(accepted);
        }
        // nothing accepted was lost, nothing refused was stored, and the ack made during the outage held
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            assertThat(store.openReport().quarantined()).isFalse();
            assertThat(payloads(store)).containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(store.stats().messages()).isEqualTo(accepted.size());
        }
    }

    @Test
    void aStoreThatCannotGrowAtAllStillOpensAndReportsEachFailure() throws Exception {
        Path file = dir.resolve("s.mv");
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults(), QuotaFileSystem.PREFIX)) {
            store.append(5, "t", 1, false, "kept".getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
        }
        QuotaFileSystem.setQuota(Files.size(file));
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults(), QuotaFileSystem.PREFIX)) {
            assertThat(payloads(store)).containsExactly("kept");
            for (int i = 0; i < 3; i++) {
                assertThat(failure(store.append(5, "t", 1, false, new byte[256 * 1024])).getMessage())
                        .startsWith("no space left on device while writing");
            }
            assertThat(store.stats().failures()).isEqualTo(3);
            assertThat(payloads(store)).containsExactly("kept");
            QuotaFileSystem.unlimited();
            store.append(5, "t", 1, false, "later".getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
            assertThat(payloads(store)).containsExactly("kept", "later");
        }
    }

    @Test
    void aFailedFsyncIsReportedAndTheMessageIsNeverLostSilently() throws Exception {
        Path file = dir.resolve("s.mv");
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults(), QuotaFileSystem.PREFIX)) {
            store.append(5, "t", 1, false, "before".getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
            QuotaFileSystem.failSync(true);
            StoreFailureException failure = failure(store.append(5, "t", 1, false, "unsynced".getBytes(UTF_8)));
            assertThat(failure.diskFull()).isFalse();
            assertThat(failure).hasMessageStartingWith("I/O error (").hasMessageContaining("Input/output error")
                    .hasMessageEndingWith("while writing " + file.toAbsolutePath() + "; the message was not stored");
            QuotaFileSystem.failSync(false);
            store.append(5, "t", 1, false, "after".getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
            // the write itself reached the file before the fsync failed: the store found it on reopening and will
            // send it (the publisher was told it failed; a retry by the publisher would be a duplicate, never a loss)
            assertThat(payloads(store)).containsExactly("before", "unsynced", "after");
            assertThat(store.stats().failures()).isEqualTo(1);
        }
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            assertThat(payloads(store)).containsExactly("before", "unsynced", "after");
        }
    }

    private static List<Append> batch(String prefix, int count, int payloadBytes) {
        List<Append> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] payload = new byte[Math.max(payloadBytes, 8)];
            byte[] tag = (prefix + i + ";").getBytes(UTF_8);
            System.arraycopy(tag, 0, payload, 0, tag.length);
            list.add(new Append(i % 10, "acc/dev/W1/b", 1, false, payload));
        }
        return list;
    }

    private static List<String> tags(MessageStore store) {
        return payloads(store).stream().map(p -> p.substring(0, p.indexOf(';'))).toList();
    }

    private static StoreFailureException batchFailure(CompletableFuture<List<StoredMessage>> future) {
        Throwable t = catchThrowable(() -> future.get(30, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StoreFailureException.class);
        return (StoreFailureException) t.getCause();
    }

    @Test
    void aBatchOnAFullDiskFailsAsAWholeAndNothingOfItIsVisibleNowOrAfterReopening() throws Exception {
        Path file = dir.resolve("s.mv");
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults(), QuotaFileSystem.PREFIX)) {
            store.appendAll(batch("a", 30, 100)).get(30, TimeUnit.SECONDS);
            List<String> before = tags(store);
            StoreStats statsBefore = store.stats();
            QuotaFileSystem.setQuota(Files.size(file));
            long refusedBefore = QuotaFileSystem.refusedWrites();
            // 40 x 64 KiB: cannot be written without growing the file
            StoreFailureException full = batchFailure(store.appendAll(batch("x", 40, 64 * 1024)));
            assertThat(full.diskFull()).isTrue();
            assertThat(full).hasMessage("no space left on device while writing " + file.toAbsolutePath()
                    + "; the batch of 40 messages was not stored (none of them)");
            assertThat(QuotaFileSystem.refusedWrites()).isGreaterThan(refusedBefore);
            assertThat(tags(store)).isEqualTo(before);
            assertThat(store.stats().messages()).isEqualTo(statsBefore.messages());
            assertThat(store.stats().appended()).isEqualTo(statsBefore.appended());

            // the store is usable again as soon as there is space
            QuotaFileSystem.unlimited();
            List<StoredMessage> ok = store.appendAll(batch("y", 40, 64 * 1024)).get(30, TimeUnit.SECONDS);
            assertThat(ok).hasSize(40);
            assertThat(tags(store)).hasSize(70).noneMatch(t -> t.startsWith("x"));
        }
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            assertThat(store.openReport().quarantined()).isFalse();
            assertThat(tags(store)).hasSize(70).noneMatch(t -> t.startsWith("x"));
        }
    }

    @Test
    void aBatchWhoseFsyncFailedIsRemovedAgainUnlikeASingleMessage() throws Exception {
        Path file = dir.resolve("s.mv");
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults(), QuotaFileSystem.PREFIX)) {
            store.appendAll(batch("a", 5, 10)).get(30, TimeUnit.SECONDS);
            // the commit reaches the file, its fsync fails; the removal written on reopening succeeds
            QuotaFileSystem.failNextSyncs(1);
            StoreFailureException failure = batchFailure(store.appendAll(batch("x", 12, 10)));
            assertThat(failure.diskFull()).isFalse();
            assertThat(failure).hasMessageStartingWith("I/O error (").hasMessageEndingWith("while writing "
                    + file.toAbsolutePath() + "; the batch of 12 messages was not stored (none of them)");
            // by the time the future failed the batch is gone from the file again, and was never listed
            assertThat(tags(store)).containsExactlyInAnyOrder("a0", "a1", "a2", "a3", "a4");
            assertThat(store.stats().messages()).isEqualTo(5);
            store.append(5, "t", 1, false, "after;".getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
            assertThat(tags(store)).hasSize(6).noneMatch(t -> t.startsWith("x"));
        }
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            assertThat(tags(store)).hasSize(6).contains("after").noneMatch(t -> t.startsWith("x"));
        }
    }

    @Test
    void aBatchWhoseFsyncKeepsFailingIsRemovedOnceTheFileCanBeWrittenAgain() throws Exception {
        Path file = dir.resolve("s.mv");
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults(), QuotaFileSystem.PREFIX)) {
            store.appendAll(batch("a", 5, 10)).get(30, TimeUnit.SECONDS);
            QuotaFileSystem.failSync(true);
            batchFailure(store.appendAll(batch("x", 12, 10)));
            // the removal cannot be made durable yet: the file is unavailable, nothing of the batch is listed
            assertThat(tags(store)).noneMatch(t -> t.startsWith("x"));
            QuotaFileSystem.failSync(false);
            store.append(5, "t", 1, false, "after;".getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
            assertThat(tags(store)).containsExactlyInAnyOrder("a0", "a1", "a2", "a3", "a4", "after");
        }
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            assertThat(tags(store)).containsExactlyInAnyOrder("a0", "a1", "a2", "a3", "a4", "after");
        }
    }

    @Test
    void aRemovedBatchPutsBackWhatItEvicted() throws Exception {
        Path file = dir.resolve("s.mv");
        StoreOptions options = StoreOptions.defaults().withMaxMessages(4).withFullPolicy(FullPolicy.EVICT_OLDEST_LOWEST)
                .withControlHeadroom(-1, 0, 0);
        try (MessageStore store = MessageStore.open(file, options, QuotaFileSystem.PREFIX)) {
            for (String s : new String[] {"l1;", "l2;", "l3;"}) {
                store.append(9, "t", 1, false, s.getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
            }
            store.append(2, "t", 1, false, "h;".getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
            // two messages of priority 5 evict l1 and l2; the commit reaches the file but its fsync fails
            QuotaFileSystem.failNextSyncs(1);
            batchFailure(store.appendAll(List.of(new Append(5, "t", 1, false, "x0;".getBytes(UTF_8)),
                    new Append(5, "t", 1, false, "x1;".getBytes(UTF_8)))));
            assertThat(tags(store)).containsExactly("h", "l1", "l2", "l3");
            assertThat(store.stats().evicted()).isZero();
            assertThat(store.stats().messages()).isEqualTo(4);
        }
        try (MessageStore store = MessageStore.open(file, options)) {
            assertThat(tags(store)).containsExactly("h", "l1", "l2", "l3");
        }
    }
}
