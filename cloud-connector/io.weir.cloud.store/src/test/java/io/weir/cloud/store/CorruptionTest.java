// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.weir.cloud.store.internal.StoreFiles;
import io.weir.cloud.store.internal.StoreOpener;

/** The startup check: corrupt files are quarantined (renamed, never emptied), salvaged, and reported. */
class CorruptionTest {
    @TempDir
    Path dir;
    Path file;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger openerLog = (Logger) LoggerFactory.getLogger(StoreOpener.class);

    @BeforeEach
    void captureLog() {
        file = dir.resolve("s.mv");
        logged.start();
        openerLog.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        openerLog.detachAppender(logged);
    }

    private List<StoredMessage> fill(int count) throws Exception {
        List<StoredMessage> kept = new ArrayList<>();
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            for (int i = 0; i < count; i++) {
                StoredMessage m = store.append(i % 10, "acc/dev/W1/data", 1, false, ("NEEDLE-" + i + "-END")
                        .getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
                if (i % 5 == 4) {
                    store.ack(m.id());
                } else {
                    kept.add(m);
                }
            }
        }
        return kept;
    }

    private List<Path> quarantined() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("s\\.mv\\.corrupt-\\d{8}-\\d{6}(-\\d+)?"))
                    .toList();
        }
    }

    /** Asserts the fresh store at {@code file} works: append, close, reopen. */
    private void assertFreshStoreWorks(int expectedBefore) throws Exception {
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            assertThat(store.openReport().quarantined()).isFalse();
            assertThat(store.openReport().recoveredMessages()).isEqualTo(expectedBefore);
            store.append(5, "t", 1, false, "after".getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
        }
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            assertThat(store.openReport().recoveredMessages()).isEqualTo(expectedBefore + 1);
        }
    }

    private void assertErrorLogged(String fragment) {
        assertThat(logged.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getFormattedMessage()).contains("corrupt").contains(fragment);
        });
    }

    @Test
    void aFileOfRandomBytesIsQuarantined() throws Exception {
        byte[] junk = new byte[64 * 1024];
        new Random(42).nextBytes(junk);
        Files.write(file, junk);
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            OpenReport report = store.openReport();
            assertThat(report.quarantined()).isTrue();
            assertThat(report.quarantineReason()).contains("MVStore cannot open it")
                    .contains("nothing could be salvaged");
            assertThat(report.recoveredMessages()).isZero();
            assertThat(quarantined()).containsExactly(report.quarantinedFile());
            assertThat(Files.readAllBytes(report.quarantinedFile())).isEqualTo(junk);
            assertThat(store.stats().openReport()).isEqualTo(report);
            store.append(1, "t", 1, false, new byte[3]).get(30, TimeUnit.SECONDS);
        }
        assertErrorLogged("MVStore cannot open it");
        assertFreshStoreWorks(1);
        assertThat(quarantined()).hasSize(1);
    }

    @Test
    void aTruncatedStoreFileIsQuarantinedAndWhatIsReadableSalvaged() throws Exception {
        List<StoredMessage> kept = fill(400);
        long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size * 6 / 10);
        }
        byte[] truncated = Files.readAllBytes(file);
        int salvaged;
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            OpenReport report = store.openReport();
            assertThat(report.quarantined()).isTrue();
            assertThat(report.quarantineReason()).containsAnyOf("could only recover version", "unable to recover",
                    "MVStore cannot open it");
            assertThat(Files.readAllBytes(report.quarantinedFile())).isEqualTo(truncated);
            salvaged = report.recoveredMessages();
            // whatever was salvaged is genuine and decodes: no invented messages
            List<StoredMessage> pending = store.pending(10_000, id -> false);
            assertThat(pending).hasSize(salvaged);
            for (StoredMessage m : pending) {
                assertThat(new String(m.payload(), UTF_8)).startsWith("NEEDLE-").endsWith("-END");
            }
            assertThat(salvaged).isLessThanOrEqualTo(400);
        }
        assertErrorLogged("s.mv");
        assertFreshStoreWorks(salvaged);
        assertThat(kept).isNotEmpty();
    }

    @Test
    void aStoreThatLostItsLatestCommitsIsDetectedNotSilentlyRolledBack() throws Exception {
        // appends only: every commit adds a chunk at the end, so a shorter file still holds older, consistent
        // versions that MVStore would silently recover
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            for (int i = 0; i < 100; i++) {
                store.append(5, "t", 1, false, ("NEEDLE-" + i + "-END").getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() * 7 / 10);
        }
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            OpenReport report = store.openReport();
            assertThat(report.quarantineReason()).contains("could only recover version")
                    .contains("committed data is missing");
            // the older version's messages are salvaged: a prefix of what was appended
            assertThat(report.recoveredMessages()).isBetween(1, 99);
            List<String> payloads = store.pending(1000, id -> false).stream()
                    .map(m -> new String(m.payload(), UTF_8)).toList();
            for (int i = 0; i < payloads.size(); i++) {
                assertThat(payloads.get(i)).isEqualTo("NEEDLE-" + i + "-END");
            }
        }
        assertErrorLogged("could only recover version");
    }

    @Test
    void anEntryWithFlippedBytesIsDetectedAndTheOthersSalvaged() throws Exception {
        List<StoredMessage> kept = fill(20);
        StoredMessage victim = kept.get(7);
        StoreFiles.Handle h = StoreFiles.openReadWrite(file.toString());
        byte[] value = h.data().get(victim.id());
        value[value.length / 2] ^= 0x01;
        h.data().put(victim.id(), value);
        h.store().commit();
        h.store().close();
        byte[] corrupt = Files.readAllBytes(file);

        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            OpenReport report = store.openReport();
            assertThat(report.quarantined()).isTrue();
            assertThat(report.quarantineReason()).contains("1 of " + kept.size() + " entries do not decode")
                    .contains("CRC-32C mismatch").contains("id " + victim.id() + " (priority " + victim.priority())
                    .contains("salvaged " + (kept.size() - 1) + " messages");
            assertThat(report.recoveredMessages()).isEqualTo(kept.size() - 1);
            assertThat(Files.readAllBytes(report.quarantinedFile())).isEqualTo(corrupt);
            List<StoredMessage> expected = new ArrayList<>(kept);
            expected.remove(victim);
            expected.sort(java.util.Comparator.comparingLong(StoredMessage::id));
            assertThat(store.pending(1000, id -> false)).containsExactlyElementsOf(expected);
            // ids keep growing after a salvage
            StoredMessage next = store.append(9, "t", 1, false, new byte[1]).get(30, TimeUnit.SECONDS);
            assertThat(next.id() & 0x00FF_FFFF_FFFF_FFFFL)
                    .isGreaterThan(kept.get(kept.size() - 1).id() & 0x00FF_FFFF_FFFF_FFFFL);
        }
        assertErrorLogged("CRC-32C mismatch");
        assertFreshStoreWorks(kept.size());
    }

    @Test
    void aFlippedByteInTheFileIsDetected() throws Exception {
        List<StoredMessage> kept = fill(30);
        byte[] bytes = Files.readAllBytes(file);
        byte[] needle = "NEEDLE-12-END".getBytes(UTF_8);
        int flipped = 0;
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                bytes[i + 7] ^= 0x04; // '1' -> '5': still valid UTF-8 and the same length
                flipped++;
            }
        }
        assertThat(flipped).isPositive();
        Files.write(file, bytes);
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            OpenReport report = store.openReport();
            assertThat(report.quarantined()).isTrue();
            assertThat(report.recoveredMessages()).isLessThan(kept.size());
            assertThat(store.pending(1000, id -> false)).extracting(m -> new String(m.payload(), UTF_8))
                    .doesNotContain("NEEDLE-52-END");
        }
    }

    @Test
    void anUnknownStoreFormatIsQuarantinedNotOverwritten() throws Exception {
        fill(5);
        StoreFiles.Handle h = StoreFiles.openReadWrite(file.toString());
        h.meta().put(StoreFiles.FORMAT_KEY, 99L);
        h.store().commit();
        h.store().close();
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            assertThat(store.openReport().quarantineReason()).contains("unsupported store format 99")
                    .contains("not salvaged");
            assertThat(store.openReport().recoveredMessages()).isZero();
            assertThat(store.openReport().quarantinedFile()).exists();
        }
    }

    @Test
    void anInterruptedQuarantineIsCompleted() throws Exception {
        Path salvage = dir.resolve("s.mv.salvage");
        try (MessageStore store = MessageStore.open(salvage, StoreOptions.defaults())) {
            store.append(3, "t", 1, false, "saved".getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
        }
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            assertThat(store.openReport().recoveredMessages()).isEqualTo(1);
            assertThat(new String(store.pending(1, id -> false).get(0).payload(), UTF_8)).isEqualTo("saved");
        }
        assertThat(salvage).doesNotExist();
        // a salvage file next to an existing store is a leftover of an unfinished salvage: discarded
        Files.write(salvage, new byte[] {1, 2, 3});
        try (MessageStore store = MessageStore.open(file, StoreOptions.defaults())) {
            assertThat(store.openReport().recoveredMessages()).isEqualTo(1);
        }
        assertThat(salvage).doesNotExist();
    }

    @Test
    void aPathThatIsNotAFileIsAnErrorNotAQuarantine() throws Exception {
        Files.createDirectories(file);
        assertThatThrownBy(() -> MessageStore.open(file, StoreOptions.defaults())).isInstanceOf(IOException.class)
                .hasMessageContaining("not a regular file");
        assertThat(file).isDirectory();
        assertThat(quarantined()).isEmpty();
    }
}
