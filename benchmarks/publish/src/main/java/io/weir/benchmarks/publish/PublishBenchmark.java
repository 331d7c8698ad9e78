// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.publish;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import io.weir.fleet.broker.WeirBroker;

/**
 * The publish benchmark of the cloud link: messages per second through Weir's cloud data service (store-and-forward
 * on) beside raw Eclipse Paho publishing the same payloads to the same broker, in the same JVM, one after the other.
 *
 * <pre>
 * benchmarks/publish/run [messages-per-round] [rounds] [--window=N] [--large-window=N] [--artemis]
 *                        [--only=qos0|qos1|qos1-wN] [--store-seconds=S] [--data=DIR] [--mosquitto=PATH]
 * </pre>
 *
 * {@code --store-seconds=0} skips the store measurement; {@code --only} runs one scenario.
 *
 * Throughput is end to end: from the first publish until a separate Paho subscriber (same QoS) has received every
 * message of the round. The last line printed is the one-line summary.
 */
public final class PublishBenchmark {

    private static final long EPOCH_BASE = 1_700_000_000_000L;
    private static final int ROUND_SPACING = 10_000_000;
    /** Weir keeps at most this many QoS 0 messages inside Paho; the raw side gets the same window. */
    private static final int QOS0_WINDOW = 256;
    private static final int IDLE_SECONDS = 20;

    private final int messages;
    private final int rounds;
    private final Path data;
    private final @Nullable String only;
    private long nextBase = EPOCH_BASE;

    /** One scenario's outcome. */
    private record Outcome(String broker, String name, Samples weir, Samples paho, Samples ratios,
            Samples weirAccept) {
        double ratio() {
            return weir.median() / paho.median();
        }
    }

    private PublishBenchmark(int messages, int rounds, Path data, @Nullable String only) {
        this.messages = messages;
        this.rounds = rounds;
        this.data = data;
        this.only = only;
    }

    /**
     * @param args see the class comment
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        int window = 20;
        int largeWindow = 100;
        boolean artemis = false;
        double storeSeconds = 5;
        Path data = null;
        String only = null;
        Path mosquitto = Path.of("/usr/sbin/mosquitto");
        for (String a : args) {
            if (a.startsWith("--window=")) {
                window = Integer.parseInt(a.substring(9));
            } else if (a.startsWith("--large-window=")) {
                largeWindow = Integer.parseInt(a.substring(15));
            } else if (a.equals("--artemis")) {
                artemis = true;
            } else if (a.startsWith("--store-seconds=")) {
                storeSeconds = Double.parseDouble(a.substring(16));
            } else if (a.startsWith("--only=")) {
                only = a.substring(7);
            } else if (a.startsWith("--data=")) {
                data = Path.of(a.substring(7));
            } else if (a.startsWith("--mosquitto=")) {
                mosquitto = Path.of(a.substring(12));
            } else if (a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + a);
            } else {
                positional.add(a);
            }
        }
        int messages = positional.size() > 0 ? Integer.parseInt(positional.get(0).replace("_", "")) : 50_000;
        int rounds = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 5;
        if (messages < 1 || messages >= ROUND_SPACING || rounds < 1 || window < 1 || window > 1000
                || largeWindow < 0 || largeWindow > 1000) {
            throw new IllegalArgumentException("messages 1..9999999, rounds >= 1, windows 1..1000");
        }
        // a directory given with --data that already existed is kept: only what the benchmark made goes
        boolean ours = data == null || !Files.exists(data);
        if (data == null) {
            data = Files.createTempDirectory("weir-publish-bench");
        }
        Files.createDirectories(data);
        int exit = 0;
        try {
            new PublishBenchmark(messages, rounds, data, only)
                    .run(window, largeWindow, artemis, storeSeconds, mosquitto);
        } catch (Exception | Error e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            delete(ours ? data : data.resolve("mosquitto"));
        }
        System.exit(exit); // Paho and Artemis leave non-daemon threads behind
    }

    private void run(int window, int largeWindow, boolean artemis, double storeSeconds, Path mosquittoBinary)
            throws Exception {
        byte[] sample = Telemetry.encode(Telemetry.payload(EPOCH_BASE, 0));
        System.out.printf(Locale.ROOT, "publish-benchmark: %d messages x %d rounds (+1 warm-up round each side and "
                + "scenario); payload %d bytes (Kura protobuf, 10 DOUBLE metrics + timestamp, no gzip)%n",
                messages, rounds, sample.length);
        System.out.printf(Locale.ROOT, "publish-benchmark: Java %s, %d cores, JVM options %s; store directory %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), data);

        List<StoreRate.Result> store = new ArrayList<>();
        Samples storeRates = new Samples();
        for (int i = 0; i < (storeSeconds > 0 ? 3 : 0); i++) {
            StoreRate.Result r = StoreRate.measure(data.resolve("store-rate.mv.db"), 1, storeSeconds);
            store.add(r);
            storeRates.add(r.appendsPerSecond());
            System.out.printf(Locale.ROOT, "  store run %d: %.0f appends/s, %.0f commits/s, %.1f appends per "
                    + "commit%n", i + 1, r.appendsPerSecond(), r.commitsPerSecond(), r.batch());
        }
        String storeLine = "store not measured";
        if (!store.isEmpty()) {
            StoreRate.Result medianStore = store.stream()
                    .sorted(Comparator.comparingDouble(StoreRate.Result::appendsPerSecond)).toList().get(1);
            storeLine = String.format(Locale.ROOT, "store: sustained write rate %s appends/s (%d-byte payloads, "
                    + "window %d, each append committed + fsynced, then acked); %.0f commits/s, %.1f appends per "
                    + "commit", storeRates.rates().replace("/s", ""), StoreRate.PAYLOAD, StoreRate.WINDOW,
                    medianStore.commitsPerSecond(), medianStore.batch());
            System.out.println(storeLine);
        }

        List<Outcome> mosq;
        try (MosquittoBroker broker = MosquittoBroker.start(mosquittoBinary, data.resolve("mosquitto"))) {
            System.out.println("broker: mosquitto " + mosquittoVersion(mosquittoBinary) + " on " + broker.url()
                    + " (pid " + broker.pid() + ")");
            mosq = scenarios("mosquitto", broker.url(), window, largeWindow);
            String log = broker.log();
            if (!log.isEmpty()) {
                System.out.println("mosquitto logged:\n" + log);
            }
        }
        List<Outcome> art = List.of();
        if (artemis) {
            WeirBroker broker = WeirBroker.builder().build();
            broker.start();
            try {
                System.out.println("broker: embedded Artemis (weir-broker, in this JVM) on " + broker.url());
                art = scenarios("artemis", broker.url(), window, largeWindow);
            } finally {
                broker.stop();
            }
        }

        System.out.println();
        System.out.println(storeLine);
        print(mosq);
        print(art);
        StringBuilder summary = new StringBuilder("publish:");
        for (Outcome o : mosq) {
            summary.append(String.format(Locale.ROOT, " %s weir %s/s paho %s/s ratio %.2f;", o.name(),
                    Samples.rate(o.weir().median()), Samples.rate(o.paho().median()), o.ratio()));
        }
        for (Outcome o : art) {
            summary.append(String.format(Locale.ROOT, " artemis %s ratio %.2f;", o.name(), o.ratio()));
        }
        summary.append(store.isEmpty() ? " store not measured"
                : " store " + Samples.rate(storeRates.median()) + " appends/s");
        System.out.println(summary);
    }

    private static void print(List<Outcome> outcomes) {
        for (Outcome o : outcomes) {
            System.out.printf(Locale.ROOT, "%s %s: weir %s, paho %s, ratio %.2f (per round %s); weir accepts %s%n",
                    o.broker(), o.name(), o.weir().rates(), o.paho().rates(), o.ratio(), o.ratios().ratios(),
                    o.weirAccept().rates());
        }
    }

    private List<Outcome> scenarios(String broker, String url, int window, int largeWindow) throws Exception {
        List<Outcome> out = new ArrayList<>();
        if (only == null || only.equals("qos0")) {
            out.add(scenario(broker, "qos0", url, 0, window, QOS0_WINDOW));
        }
        if (only == null || only.equals("qos1")) {
            out.add(scenario(broker, "qos1", url, 1, window, window));
        }
        String large = "qos1-w" + largeWindow;
        if (largeWindow > 0 && largeWindow != window && (only == null || only.equals(large))) {
            out.add(scenario(broker, large, url, 1, largeWindow, largeWindow));
        }
        return out;
    }

    private Outcome scenario(String broker, String name, String url, int qos, int weirInflight, int pahoWindow)
            throws Exception {
        String title = broker + " " + name;
        System.out.printf(Locale.ROOT, "%s: QoS %d, Weir inflight.max=%d, raw Paho window %d%n", title, qos,
                weirInflight, pahoWindow);
        Path dir = data.resolve(broker + "-" + name);
        delete(dir);
        Files.createDirectories(dir);
        Samples weir = new Samples();
        Samples paho = new Samples();
        Samples ratios = new Samples();
        Samples accept = new Samples();
        try (WeirSide w = new WeirSide(url, dir, qos, weirInflight, messages);
                PahoSide p = new PahoSide(url, qos, pahoWindow);
                Subscriber sub = new Subscriber(url, qos, w.topic(), p.topic())) {
            int warm = Math.min(messages, 20_000);
            round(sub, w, warm, title, "warm-up");
            round(sub, p, warm, title, "warm-up");
            for (int r = 1; r <= rounds; r++) {
                // alternate the order, so that drift on a noisy machine hurts both sides alike
                Side first = r % 2 == 1 ? w : p;
                Side second = r % 2 == 1 ? p : w;
                double[] a = round(sub, first, messages, title, "round " + r);
                double[] b = round(sub, second, messages, title, "round " + r);
                double[] wr = first == w ? a : b;
                double[] pr = first == w ? b : a;
                weir.add(wr[0]);
                accept.add(wr[1]);
                paho.add(pr[0]);
                ratios.add(wr[0] / pr[0]);
            }
            System.out.printf(Locale.ROOT, "  weir counters: %s; paho max-inflight retries %d%n",
                    w.details().entrySet().stream()
                            .filter(e -> List.of("published", "confirmed", "rejectedFull", "storeFailures")
                                    .contains(e.getKey()))
                            .map(e -> e.getKey() + "=" + e.getValue()).toList(),
                    p.maxInflightRetries());
        } finally {
            delete(dir);
        }
        return new Outcome(broker, name, weir, paho, ratios, accept);
    }

    /** @return {end-to-end rate, accept rate} */
    private double[] round(Subscriber sub, Side side, int n, String title, String label) throws Exception {
        long base = nextBase;
        nextBase += ROUND_SPACING;
        side.prepare(n, base);
        System.gc(); // the same for both sides: start each round with a clean heap
        Subscriber.Round round = sub.expect(side.topic(), base, n);
        Side.Publication pub = side.publish();
        boolean all = round.await(IDLE_SECONDS);
        side.settle();
        int got = round.distinct;
        double e2e = got == 0 ? 0 : got / ((round.lastNanos - pub.startNanos()) / 1e9);
        double accept = n / ((pub.acceptedNanos() - pub.startNanos()) / 1e9);
        System.out.printf(Locale.ROOT, "  %s %-8s %s: end-to-end %8s/s  accepted %8s/s  received %d/%d%s%s%s%n",
                title, label, side.label(), Samples.rate(e2e), Samples.rate(accept), got, n,
                round.duplicates > 0 ? " duplicates " + round.duplicates : "",
                pub.failed() > 0 ? " FAILED " + pub.failed() : "", all ? "" : " INCOMPLETE");
        if (!all) {
            System.out.printf(Locale.ROOT, "  %s: %d of %d messages did not arrive within %d s of the last one%n",
                    side.label(), n - got, n, IDLE_SECONDS);
        }
        return new double[] {e2e, accept};
    }

    private static String mosquittoVersion(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "-h").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("");
            p.waitFor();
            return first.replace("mosquitto version ", "").strip();
        } catch (Exception e) {
            return "(version unknown)";
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (Exception e) {
            // a leftover scratch directory is harmless
        }
    }
}
