// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of a stream: a child JVM ({@link CrashChild}) appends numbered messages and prints
 * {@code ACK n} once each is durable; after 2000 acks of a round the test kills it with SIGKILL
 * ({@code destroyForcibly}), reopens the store and checks every acknowledged number is there (numbers the child
 * removed itself may be there or not). Three rounds on the same file; after the first, the next child opens the
 * killed store itself, and the check after the second still finds every number of the first round.
 *
 * <p>The batch variant does the same with atomic batches ({@code CrashChild ... batch}): every batch printed as
 * {@code ACKB first..last} is there whole, and no batch is there in part — also none of those the child had not
 * printed when it was killed (in flight, or durable but not yet reported): each is all there or not at all. Batches
 * the child acknowledged itself may be there in part (acks are removed one by one).
 */
class KillNineTest {
    /** Rounds; {@code -Dweir.store.killRounds=20} for a longer soak. */
    private static final int ROUNDS = Integer.getInteger("weir.store.killRounds", 3);
    private static final int ACKS_PER_ROUND = 2000;
    private static final int BATCHES_PER_ROUND = 150;
    private static final Pattern ACKB = Pattern.compile("ACKB (\\d+)\\.\\.(\\d+)");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyAcknowledgedMessageSurvivesSigkill() throws Exception {
        Path file = dir.resolve("crash.mv");
        Path errors = dir.resolve("child-stderr.log");
        Set<Long> mustBePresent = new TreeSet<>();
        for (int round = 0; round < ROUNDS; round++) {
            long first = round * 10_000_000L;
            int acksThisRound = ACKS_PER_ROUND * (1 + round % 3);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    CrashChild.class.getName(), file.toString(), Long.toString(first));
            pb.redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()));
            Process child = pb.start();
            int acks = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
                String line = in.readLine();
                assertThat(line).as("child start (stderr in %s)", errors).isNotNull().startsWith("OPEN ");
                // a kill -9 never corrupts the store: no quarantine on reopen
                assertThat(line).endsWith(" false");
                while (acks < acksThisRound && (line = in.readLine()) != null) {
                    assertThat(line).startsWith("ACK ");
                    long n = Long.parseLong(line.substring(4));
                    acks++;
                    if (n % 3 != 0) { // the child itself removes multiples of 3 (as a broker ack would)
                        mustBePresent.add(n);
                    }
                }
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(acks).as("acks read in round %d (stderr in %s)", round, errors).isEqualTo(acksThisRound);
            if (round % 2 == 0 && round < ROUNDS - 1) {
                continue; // the next child opens the killed store itself
            }

            try (MessageStore store = MessageStore.open(file, StoreOptions.defaults().withMaxMessages(10_000_000)
                    .withMaxBytes(1L << 30))) {
                assertThat(store.openReport().quarantined()).as("quarantined after kill -9: %s",
                        store.openReport().quarantineReason()).isFalse();
                Set<Long> present = new HashSet<>();
                for (StoredMessage m : store.pending(Integer.MAX_VALUE, id -> false)) {
                    String p = new String(m.payload(), UTF_8);
                    long n = Long.parseLong(p.substring(2, p.indexOf(';')));
                    assertThat(present.add(n)).as("number %d stored twice", n).isTrue();
                    assertThat(m.priority()).isEqualTo((int) (n % 10));
                }
                Set<Long> missing = new TreeSet<>(mustBePresent);
                missing.removeAll(present);
                assertThat(missing).as("acknowledged but lost after kill -9 in round %d", round).isEmpty();
            }
        }
        assertThat(mustBePresent).hasSizeGreaterThanOrEqualTo(ROUNDS * ACKS_PER_ROUND / 2);
    }

    /** One child run of the batch variant: its numbers and the batches it printed. */
    private static final class BatchRound {
        final long first;
        final List<Long> starts = new ArrayList<>(); // start number of batch k
        final Set<Integer> printed = new HashSet<>();

        BatchRound(long first) {
            this.first = first;
        }

        long start(int k) {
            while (starts.size() <= k) {
                int j = starts.size();
                starts.add(j == 0 ? first : starts.get(j - 1) + CrashChild.batchSize(j - 1));
            }
            return starts.get(k);
        }

        int batchOf(long number) {
            for (int k = starts.size(); start(k) <= number; k++) {
                // extends the starts until one lies beyond the number
            }
            int i = Collections.binarySearch(starts, number);
            return i >= 0 ? i : -i - 2;
        }

        boolean owns(long number) {
            return number >= first && number < first + CrashChild.SINGLES_OFFSET;
        }
    }

    /** Parses one output line of a batch child; returns whether it was a batch acknowledgement. */
    private static boolean parse(String line, BatchRound round, Set<Long> singles) {
        if (line.startsWith("ACK ")) {
            singles.add(Long.parseLong(line.substring(4)));
            return false;
        }
        Matcher m = ACKB.matcher(line);
        assertThat(m.matches()).as("child output line %s", line).isTrue();
        long lo = Long.parseLong(m.group(1));
        long hi = Long.parseLong(m.group(2));
        int k = round.batchOf(lo);
        assertThat(round.start(k)).isEqualTo(lo);
        assertThat(hi - lo + 1).isEqualTo(CrashChild.batchSize(k));
        assertThat(round.printed.add(k)).as("batch %d printed twice", k).isTrue();
        return true;
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void batchesSurviveSigkillWholeOrNotAtAll() throws Exception {
        Path file = dir.resolve("batch.mv");
        Path errors = dir.resolve("child-stderr.log");
        Set<Long> singles = new TreeSet<>();
        List<BatchRound> rounds = new ArrayList<>();
        int checkedBatches = 0;
        for (int round = 0; round < ROUNDS; round++) {
            BatchRound r = new BatchRound(round * 10_000_000L);
            rounds.add(r);
            int batchesThisRound = BATCHES_PER_ROUND * (1 + round % 3);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    CrashChild.class.getName(), file.toString(), Long.toString(r.first), "batch");
            pb.redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()));
            Process child = pb.start();
            int acked = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
                String line = in.readLine();
                assertThat(line).as("child start (stderr in %s)", errors).isNotNull().startsWith("OPEN ");
                assertThat(line).endsWith(" false");
                while (acked < batchesThisRound && (line = in.readLine()) != null) {
                    if (parse(line, r, singles)) {
                        acked++;
                    }
                }
                // SIGKILL through the process handle: Process.destroyForcibly would also close our end of the pipe
                child.toHandle().destroyForcibly();
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                // what the child printed before it died, to know every batch it reported (and so may have acked)
                while ((line = in.readLine()) != null) {
                    parse(line, r, singles);
                }
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(acked).as("batches acknowledged in round %d (stderr in %s)", round, errors)
                    .isEqualTo(batchesThisRound);
            if (round % 2 == 0 && round < ROUNDS - 1) {
                continue; // the next child opens the killed store itself
            }

            try (MessageStore store = MessageStore.open(file, StoreOptions.defaults().withMaxMessages(10_000_000)
                    .withMaxBytes(1L << 30))) {
                assertThat(store.openReport().quarantined()).as("quarantined after kill -9: %s",
                        store.openReport().quarantineReason()).isFalse();
                Set<Long> present = new HashSet<>();
                for (StoredMessage m : store.pending(Integer.MAX_VALUE, id -> false)) {
                    String p = new String(m.payload(), UTF_8);
                    long n = Long.parseLong(p.substring(2, p.indexOf(';')));
                    assertThat(present.add(n)).as("number %d stored twice", n).isTrue();
                    assertThat(m.priority()).isEqualTo((int) (n % 10));
                }
                Set<Long> missingSingles = new TreeSet<>(singles);
                missingSingles.removeAll(present);
                assertThat(missingSingles).as("acknowledged single messages lost in round %d", round).isEmpty();
                checkedBatches = 0;
                for (BatchRound br : rounds) {
                    Map<Integer, Integer> found = new HashMap<>();
                    for (long n : present) {
                        if (br.owns(n)) {
                            found.merge(br.batchOf(n), 1, Integer::sum);
                        }
                    }
                    int last = br.printed.stream().mapToInt(Integer::intValue).max().orElse(0);
                    last = Math.max(last, found.keySet().stream().mapToInt(Integer::intValue).max().orElse(0));
                    for (int k = 0; k <= last; k++) {
                        int count = found.getOrDefault(k, 0);
                        int size = CrashChild.batchSize(k);
                        boolean printed = br.printed.contains(k);
                        if (printed && k % 3 == 0) {
                            continue; // the child acknowledged it itself: removed message by message
                        }
                        if (printed) {
                            assertThat(count).as("messages of acknowledged batch %d (from %d) after kill -9", k,
                                    br.start(k)).isEqualTo(size);
                        } else {
                            assertThat(count).as("messages of unacknowledged batch %d (from %d) after kill -9: a "
                                    + "batch is stored whole or not at all", k, br.start(k)).isIn(0, size);
                        }
                        checkedBatches++;
                    }
                }
            }
        }
        assertThat(checkedBatches).isGreaterThanOrEqualTo(ROUNDS * BATCHES_PER_ROUND * 2 / 3);
    }
}
