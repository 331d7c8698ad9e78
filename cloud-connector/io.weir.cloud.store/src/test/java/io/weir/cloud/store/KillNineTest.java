// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of a stream: a child JVM ({@link CrashChild}) appends numbered messages and prints
 * {@code ACK n} once each is durable; after 2000 acks of a round the test kills it with SIGKILL
 * ({@code destroyForcibly}), reopens the store and checks every acknowledged number is there (numbers the child
 * removed itself may be there or not). Three rounds on the same file; after the first, the next child opens the
 * killed store itself, and the check after the second still finds every number of the first round.
 */
class KillNineTest {
    /** Rounds; {@code -Dweir.store.killRounds=20} for a longer soak. */
    private static final int ROUNDS = Integer.getInteger("weir.store.killRounds", 3);
    private static final int ACKS_PER_ROUND = 2000;

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
}
