// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/**
 * The process {@link KillNineTest} kills: appends numbered messages ({@code first}, {@code first + 1}, ...) with up to
 * 64 appends in flight and prints {@code ACK n} on stdout once message n is durable. Like a broker, it acknowledges
 * (removes) every message whose number is divisible by 3 once it is stored, so the file also sees removals, space
 * reuse and compaction when it is killed. Runs until killed.
 *
 * <p>Arguments: {@code <store file> <first number>}.
 */
public final class CrashChild {
    private CrashChild() {
    }

    /**
     * @param args store file, first number
     * @throws Exception if the store cannot be opened
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long first = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, UTF_8);
        MessageStore store = MessageStore.open(file, StoreOptions.defaults().withMaxMessages(10_000_000)
                .withMaxBytes(1L << 30));
        synchronized (out) {
            out.println("OPEN " + store.openReport().recoveredMessages() + " " + store.openReport().quarantined());
            out.flush();
        }
        Semaphore window = new Semaphore(64);
        for (long n = first;; n++) {
            window.acquire();
            long number = n;
            byte[] payload = ("n=" + number + ";" + "x".repeat((int) (number % 200))).getBytes(UTF_8);
            store.append((int) (number % 10), "acc/dev/W1/crash", 1, false, payload).whenComplete((m, e) -> {
                window.release();
                synchronized (out) {
                    out.println(e == null ? "ACK " + number : "ERR " + number + " " + e);
                    out.flush();
                }
                if (e == null && number % 3 == 0) {
                    store.ack(m.id());
                }
            });
        }
    }
}
