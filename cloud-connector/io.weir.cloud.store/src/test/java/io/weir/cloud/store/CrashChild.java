// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

import io.weir.cloud.store.MessageStore.Append;

/**
 * The process {@link KillNineTest} kills: appends numbered messages ({@code first}, {@code first + 1}, ...) with up to
 * 64 appends in flight and prints {@code ACK n} on stdout once message n is durable. Like a broker, it acknowledges
 * (removes) every message whose number is divisible by 3 once it is stored, so the file also sees removals, space
 * reuse and compaction when it is killed. Runs until killed.
 *
 * <p>With a third argument {@code batch} it appends atomic batches instead ({@link MessageStore#appendAll}): batch
 * {@code k} holds the next {@link #batchSize(int) batchSize(k)} numbers (priority {@code n % 10}), up to 8 batches are
 * in flight, and {@code ACKB first..last} is printed once a batch is durable; every third batch ({@code k % 3 == 0})
 * is then acknowledged message by message. Meanwhile a second thread appends single messages numbered from
 * {@code first + }{@link #SINGLES_OFFSET}, printing {@code ACK n}, so commits mix batches and single messages.
 *
 * <p>Arguments: {@code <store file> <first number> [batch]}.
 */
public final class CrashChild {
    /** Where the single messages of the batch mode are numbered from, relative to the first number. */
    public static final long SINGLES_OFFSET = 5_000_000;

    private CrashChild() {
    }

    /**
     * @param k the batch index within a child's run
     * @return its number of messages: 50, and every 25th 1100 (more than the writer's 1000-message commit cap)
     */
    public static int batchSize(int k) {
        return k % 25 == 24 ? 1100 : 50;
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
        if (args.length > 2 && args[2].equals("batch")) {
            runBatches(store, first, out);
            return;
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

    private static byte[] payload(long number) {
        return ("n=" + number + ";" + "x".repeat((int) (number % 200))).getBytes(UTF_8);
    }

    private static void print(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private static void runBatches(MessageStore store, long first, PrintStream out) throws InterruptedException {
        Thread singles = new Thread(() -> {
            Semaphore window = new Semaphore(16);
            try {
                for (long n = first + SINGLES_OFFSET;; n++) {
                    window.acquire();
                    long number = n;
                    store.append((int) (number % 10), "acc/dev/W1/single", 1, false, payload(number))
                            .whenComplete((m, e) -> {
                                window.release();
                                print(out, e == null ? "ACK " + number : "ERR " + number + " " + e);
                            });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "singles");
        singles.setDaemon(true);
        singles.start();
        Semaphore window = new Semaphore(8);
        long n = first;
        for (int k = 0;; k++) {
            window.acquire();
            int size = batchSize(k);
            List<Append> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                long number = n + i;
                batch.add(new Append((int) (number % 10), "acc/dev/W1/batch", 1, false, payload(number)));
            }
            String range = n + ".." + (n + size - 1);
            boolean ack = k % 3 == 0;
            n += size;
            store.appendAll(batch).whenComplete((ms, e) -> {
                window.release();
                print(out, e == null ? "ACKB " + range : "ERR " + range + " " + e);
                if (e == null && ack) {
                    ms.forEach(m -> store.ack(m.id()));
                }
            });
        }
    }
}
