// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.CodeSigner;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToDoubleFunction;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import io.weir.fleet.broker.WeirBroker;
import io.weir.testkit.http.PackageServer;
import io.weir.testkit.kapua.KapuaManagerClient;
import io.weir.testkit.kapua.Notification;
import io.weir.testkit.kapua.Reply;
import io.weir.testkit.kapua.app.ConfV2;
import io.weir.testkit.kapua.app.Device;
import io.weir.testkit.kapua.app.DownloadRequest;
import io.weir.testkit.mqtt.PahoClient;
import io.weir.testkit.mqtt.TopicRecorder;
import io.weir.testkit.payload.RawKuraPayload;

/**
 * The deployment benchmark: remote deployment of the signed Modbus feature package on the real gateway jar, driven
 * the way Eclipse Kapua drives it (DEPLOY-V2 over the embedded Artemis broker, the package served over HTTP), beside a
 * JDK-only baseline that downloads the same bytes from the same server and checks their JAR signatures in this JVM.
 *
 * <pre>
 * benchmarks/deploy/run [rounds] [--warm-up=N] [--trace]      (defaults: 10 rounds after 2 warm-up rounds)
 * </pre>
 *
 * {@code --trace} prints every notification of every round with its arrival time after the request.
 *
 * Each round: the baseline (HTTP download with SHA-256 and fsync, then {@code JarFile} verification), then Weir: the
 * DEPLOY-V2 download request (install, force) timed to the download COMPLETED and install COMPLETED notifications,
 * then the uninstall request timed to its COMPLETED notification. Meanwhile the arrivals of the gateway's telemetry
 * ({@code acme/gw-bench/W1/machine/features}, about one a second) are timestamped; the largest gap while deploying is
 * compared with the largest gap over as long an idle stretch measured before the rounds. The gateway's resident
 * memory (VmRSS) is read before and after. The last line printed is the one-line summary.
 */
public final class DeployBenchmark {

    private static final String ACCOUNT = "acme";
    private static final String CLIENT = "gw-bench";
    private static final String CONSOLE_PASSWORD = "bench-password-1";
    private static final String TELEMETRY_FILTER = ACCOUNT + "/" + CLIENT + "/#";
    private static final String FEATURES = ACCOUNT + "/" + CLIENT + "/W1/machine/features";
    private static final String BIRTH = "$EDC/" + ACCOUNT + "/" + CLIENT + "/MQTT/BIRTH";
    private static final String DP_NAME = "io.weir.feature.modbus";
    private static final String DP_VERSION = "1.0.0";
    private static final String DEPLOYMENT_PID = "io.weir.deployment";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** Kapua's default {@code dp.download.block.size}, which the gateway also reads with; the baseline's buffer. */
    private static final int BLOCK = 51_200;
    /** Pause between the baseline and Weir's part of a round, and between rounds (outside every timing). */
    private static final long SETTLE_MS = 500;
    private static final long MIN_IDLE_MS = 10_000;

    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);

    private final Path root;
    private final Path work;
    private final int rounds;
    private final int warmUp;
    private final boolean trace;

    private @Nullable WeirBroker broker;
    private @Nullable PackageServer http;
    private @Nullable KapuaManagerClient kapua;
    private @Nullable TopicRecorder lifecycle;
    private @Nullable PahoClient telemetryClient;
    private @Nullable Gateway gateway;
    private @Nullable Device device;
    private long nextJob = 1000;

    /** Telemetry arrivals on {@link #FEATURES}, in arrival order. */
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private volatile long otherTelemetry;

    /** A telemetry message: when it arrived ({@link System#nanoTime()}) and the payload's own timestamp. */
    private record Arrival(long nanos, @Nullable Long sourceMillis) {
    }

    /**
     * One round's figures, in milliseconds. In {@link System#nanoTime()}: the whole round (baseline and pauses
     * included) and its window (Weir's part: from the download request to the uninstall COMPLETED notification).
     */
    private record Round(long job, double reply, double download, double installTotal, double uninstall,
            double baseDownload, double baseVerify, long roundStart, long windowStart, long windowEnd, long roundEnd,
            Instant downloadNotified, Instant installNotified, int downloadNotifications) {
        double install() {
            return installTotal - download;
        }

        double baseline() {
            return baseDownload + baseVerify;
        }
    }

    /** The largest inter-arrival gap found in some windows. */
    private record Gaps(double maxMs, int messages, double windowMs, int where, boolean openEnded) {
    }

    private DeployBenchmark(Path root, Path work, int rounds, int warmUp, boolean trace) {
        this.root = root;
        this.work = work;
        this.rounds = rounds;
        this.warmUp = warmUp;
        this.trace = trace;
    }

    /**
     * @param args {@code [rounds] [--warm-up=N] [--trace] [--root=DIR] [--work=DIR]}
     */
    public static void main(String[] args) {
        Path root = Path.of("").toAbsolutePath();
        Path work = null;
        int rounds = 10;
        int warmUp = 2;
        boolean trace = false;
        List<String> positional = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--root=")) {
                root = Path.of(a.substring(7)).toAbsolutePath().normalize();
            } else if (a.startsWith("--work=")) {
                work = Path.of(a.substring(7)).toAbsolutePath().normalize();
            } else if (a.equals("--trace")) {
                trace = true;
            } else if (a.startsWith("--warm-up=")) {
                warmUp = Integer.parseInt(a.substring(10));
            } else if (a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + a);
            } else {
                positional.add(a);
            }
        }
        if (!positional.isEmpty()) {
            rounds = Integer.parseInt(positional.get(0));
        }
        if (positional.size() > 1 || rounds < 1 || warmUp < 0) {
            throw new IllegalArgumentException("usage: run [rounds >= 1] [--warm-up=N >= 0] [--trace]");
        }
        if (work == null) {
            work = root.resolve("benchmarks/deploy/target/bench");
        }
        DeployBenchmark bench = new DeployBenchmark(root, work, rounds, warmUp, trace);
        int exit = 0;
        String summary = null;
        try {
            summary = bench.run();
        } catch (Exception | Error e) {
            OUT.flush();
            e.printStackTrace();
            exit = 1;
        } finally {
            bench.stop();
        }
        if (summary != null) {
            OUT.println(summary);
        } else {
            System.err.println("deploy-benchmark: FAILED (gateway output in " + work.resolve("gateway.log") + ")");
        }
        OUT.flush();
        System.exit(exit); // Paho and Artemis leave non-daemon threads behind
    }

    // --------------------------------------------------------------------------------------------------- run

    private String run() throws Exception {
        Path jar = root.resolve("gateway-distro/target/weir-gateway.jar");
        Path dp = root.resolve("features/weir-feature-modbus/target/" + DP_NAME + "_" + DP_VERSION + ".dp");
        Path cert = root.resolve("features/weir-dp-tool/target/dev-signing/weir-dev-cert.pem");
        for (Path p : List.of(jar, dp, cert)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(p + " is missing: build the reactor first (mvn install -DskipTests)");
            }
        }
        byte[] bytes = Files.readAllBytes(dp);
        Certificate trusted;
        try (InputStream in = Files.newInputStream(cert)) {
            trusted = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        Path data = work.resolve("data");
        delete(data);
        Files.createDirectories(work);
        // the gateway runs from a copy: a build that rewrites target/weir-gateway.jar meanwhile (another checkout
        // user's `mvn install`) would otherwise break the running JVM's class loading
        Path gatewayJar = work.resolve("weir-gateway.jar");
        Files.copy(jar, gatewayJar, StandardCopyOption.REPLACE_EXISTING);
        // what `./weir up` does for a development build: trust the build's signing certificate
        Path trustDir = Files.createDirectories(data.resolve("deployment").resolve("trusted"));
        Files.copy(cert, trustDir.resolve("weir-dev-cert.pem"));

        OUT.printf(Locale.ROOT, "deploy benchmark: %s (%d bytes), %d rounds after %d warm-up rounds%n",
                dp.getFileName(), bytes.length, rounds, warmUp);
        OUT.printf(Locale.ROOT, "java %s, %d cores, load average %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), loadAverage());

        WeirBroker b = WeirBroker.builder().port(0).build();
        broker = b;
        b.start();
        PackageServer server = PackageServer.start();
        http = server;
        KapuaManagerClient k = KapuaManagerClient.connect(b.url());
        kapua = k;
        k.collectNotifications(ACCOUNT);
        lifecycle = TopicRecorder.start(b.url(), "$EDC/" + ACCOUNT + "/" + CLIENT + "/MQTT/#");
        PahoClient t = PahoClient.connect(b.url(), PahoClient.uniqueId("bench-telemetry"));
        telemetryClient = t;
        t.subscribe(TELEMETRY_FILTER, 1, (topic, m) -> onTelemetry(topic, m.getPayload()));

        long launched = System.nanoTime();
        Gateway g = new Gateway(gatewayJar, data, freePort(), work.resolve("gateway.log"), Map.of(
                "WEIR_CONSOLE_PASSWORD", CONSOLE_PASSWORD, "WEIR_MQTT_URL", b.url(), "WEIR_ACCOUNT", ACCOUNT,
                "WEIR_CLIENT_ID", CLIENT));
        gateway = g;
        if (!g.awaitLine("started in", START_TIMEOUT)) {
            throw new IllegalStateException("the gateway did not start within " + START_TIMEOUT + g.tail());
        }
        lifecycle.awaitTopic(BIRTH, WAIT);
        OUT.printf(Locale.ROOT, "gateway pid %d started, BIRTH after %.1f s%n", g.process.pid(),
                ms(System.nanoTime() - launched) / 1000);

        Device d = Device.of(k, ACCOUNT, CLIENT);
        device = d;
        allowPlainHttpFromLoopback(d);
        awaitTelemetry();

        String url = server.put("/packages/" + dp.getFileName(), bytes);
        String hash = "SHA-256:" + PackageServer.sha256(bytes);
        String hexHash = PackageServer.sha256(bytes);
        double rssStart = rssMb(g.process.pid());

        // warm-up: the gateway's code paths (verification, Deployment Admin, class loading) and this JVM's
        List<Round> warm = new ArrayList<>();
        for (int i = 1; i <= warmUp; i++) {
            Round r = round(url, hash, hexHash, bytes.length, trusted, i == 1);
            warm.add(r);
            OUT.println(line("warm-up " + i, r) + rss(g));
        }

        // the idle stretch: half as long again as the measured rounds are expected to take (from the slowest warm-up
        // round); the reference is its first part, cut to the rounds' actual length afterwards
        double longestWarm = warm.stream().mapToDouble(r -> ms(r.roundEnd - r.roundStart)).max().orElse(3000);
        long idleMs = Math.max(MIN_IDLE_MS, (long) (rounds * longestWarm * 1.5));
        OUT.printf(Locale.ROOT, "idle for %.1f s (telemetry reference)%n", idleMs / 1000.0);
        long idleStart = System.nanoTime();
        Thread.sleep(idleMs);
        long idleEnd = System.nanoTime();
        double rssBefore = rssMb(g.process.pid());

        List<Round> measured = new ArrayList<>();
        for (int i = 1; i <= rounds; i++) {
            Round r = round(url, hash, hexHash, bytes.length, trusted, false);
            measured.add(r);
            OUT.println(line(String.format(Locale.ROOT, "round %2d", i), r) + rss(g));
        }
        double rssAfter = rssMb(g.process.pid());
        long lastEnd = measured.get(measured.size() - 1).roundEnd;
        awaitArrivalAfter(lastEnd, Duration.ofSeconds(15)); // closes the last gap of the last window

        if (!d.deploy().listPackages().isEmpty()) {
            throw new IllegalStateException("packages left after the last uninstall: " + d.deploy().listPackages());
        }
        if (!g.process.isAlive()) {
            throw new IllegalStateException("the gateway died" + g.tail());
        }

        // ---------------------------------------------------------------------------------------- report
        // the whole stretch of the measured rounds, and the idle stretch cut to the same length
        long roundsStart = measured.get(0).roundStart;
        List<long[]> all = List.of(new long[] {roundsStart, lastEnd});
        long idleAllEnd = Math.min(idleEnd, idleStart + (lastEnd - roundsStart));
        List<long[]> idleAll = List.of(new long[] {idleStart, idleAllEnd});
        Gaps install = gaps(all);
        Gaps idle = gaps(idleAll);
        // only Weir's parts of the rounds, and an idle stretch as long as their sum
        List<long[]> windows = measured.stream().map(r -> new long[] {r.windowStart, r.windowEnd}).toList();
        long windowsNanos = measured.stream().mapToLong(r -> r.windowEnd - r.windowStart).sum();
        List<long[]> idleShort = List.of(new long[] {idleStart, Math.min(idleEnd, idleStart + windowsNanos)});
        Gaps installShort = gaps(windows);
        Gaps idleShortGaps = gaps(idleShort);

        OUT.println();
        OUT.printf(Locale.ROOT, "results over %d rounds: median / p90 (min..max), ms%n", rounds);
        OUT.println(stat("  EXEC -> REPLY (request accepted)  ", measured, Round::reply));
        OUT.println(stat("  EXEC -> download COMPLETED        ", measured, Round::download));
        OUT.println(stat("  download -> install COMPLETED     ", measured, Round::install));
        OUT.println(stat("  EXEC -> install COMPLETED         ", measured, Round::installTotal));
        OUT.println(stat("  uninstall EXEC -> COMPLETED       ", measured, Round::uninstall));
        OUT.println(stat("  baseline download (HTTP, fsync)   ", measured, Round::baseDownload));
        OUT.println(stat("  baseline verify (JarFile)         ", measured, Round::baseVerify));
        OUT.println(stat("  baseline download + verify        ", measured, Round::baseline));
        double installP50 = median(values(measured, Round::installTotal));
        double baselineP50 = median(values(measured, Round::baseline));
        double ratio = installP50 / baselineP50;
        OUT.printf(Locale.ROOT, "  ratio EXEC->install COMPLETED / baseline download+verify: %.1f (medians)%n",
                ratio);
        OUT.printf(Locale.ROOT, "  download notifications per round: %d%n", measured.get(0).downloadNotifications);
        gatewaySide(g, measured);
        OUT.printf(Locale.ROOT, "telemetry on %s (%d other messages on %s):%n", FEATURES, otherTelemetry,
                TELEMETRY_FILTER);
        OUT.println("  idle before the rounds:            " + describe(idle, sourceGaps(idleAll), false));
        OUT.println("  during the rounds (all of them):   " + describe(install, sourceGaps(all), false));
        OUT.println("  idle, as long as Weir's parts:     " + describe(idleShortGaps, sourceGaps(idleShort), false));
        OUT.println("  during Weir's parts of the rounds: " + describe(installShort, sourceGaps(windows), true));
        OUT.printf(Locale.ROOT, "gateway RSS: %.0f MB before the warm-up, %.0f MB before the rounds, %.0f MB after "
                + "the last uninstall%n", rssStart, rssBefore, rssAfter);
        OUT.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());

        return String.format(Locale.ROOT, "deploy: modbus %.1f MB install p50 %.0f ms (download %.0f ms, install "
                + "%.0f ms), uninstall %.0f ms; baseline download+verify %.0f ms; ratio %.1f; telemetry max gap "
                + "install %s ms vs idle %s ms; RSS %.0f\u2192%.0f MB", bytes.length / 1e6, installP50,
                median(values(measured, Round::download)), median(values(measured, Round::install)),
                median(values(measured, Round::uninstall)), baselineP50, ratio, fmt(install.maxMs),
                fmt(idle.maxMs), rssBefore, rssAfter);
    }

    /** One round: the baseline, a pause, then Weir's download+install and uninstall. */
    private Round round(String url, String hash, String hexHash, int size, Certificate trusted, boolean first)
            throws Exception {
        Path file = work.resolve("baseline.dp");
        long b0 = System.nanoTime();
        long roundStart = b0;
        baselineDownload(url, file, hexHash, size);
        long b1 = System.nanoTime();
        baselineVerify(file, trusted);
        long b2 = System.nanoTime();
        Files.delete(file);
        Thread.sleep(SETTLE_MS);

        KapuaManagerClient k = require(kapua);
        Device d = require(device);
        long job = nextJob++;
        DownloadRequest request = DownloadRequest.of(job, url, DP_NAME, DP_VERSION).hash(hash).install(true)
                .force(true);
        long w0 = System.nanoTime();
        Instant t0 = Instant.now();
        Reply reply = d.deploy().download(request);
        long replied = System.nanoTime();
        // right after the configuration change the agent may still be restarting: the first request may retry
        long retryUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (first && reply.responseCode() != 200 && System.nanoTime() < retryUntil) {
            Thread.sleep(500);
            job = nextJob++;
            request = DownloadRequest.of(job, url, DP_NAME, DP_VERSION).hash(hash).install(true).force(true);
            w0 = System.nanoTime();
            t0 = Instant.now();
            reply = d.deploy().download(request);
            replied = System.nanoTime();
        }
        if (reply.responseCode() != 200) {
            throw new IllegalStateException("download request refused: " + reply.responseCode() + " "
                    + reply.exceptionMessage() + "; notifications: " + k.notifications(job));
        }
        Notification downloaded = await(job, "download");
        Notification installed = await(job, "install");

        long job2 = nextJob++;
        Instant u0 = Instant.now();
        Reply ur = d.deploy().uninstall(DP_NAME, DP_VERSION, job2);
        if (ur.responseCode() != 200) {
            throw new IllegalStateException("uninstall request refused: " + ur.responseCode() + " "
                    + ur.exceptionMessage());
        }
        Notification removed = await(job2, "uninstall");
        long w1 = System.nanoTime();
        final long downloadJob = job;
        int downloadNotifications = (int) k.notifications(downloadJob).stream()
                .filter(n -> "download".equals(n.resource())).count();
        if (trace) {
            Instant start = t0;
            for (long j : new long[] {downloadJob, job2}) {
                // made: the payload's timestamp (the gateway's clock, ms), arrived: on this client
                OUT.println("  job " + j + ": " + k.notifications(j).stream().map(n -> String.format(Locale.ROOT,
                        "%s %s %s%% made @%s arrived @%.1f ms", n.resource(), n.status(), n.progress(),
                        n.payload().timestamp() == null ? "?" : Long.toString(n.payload().timestamp()
                                - start.toEpochMilli()), between(start, n.arrival()))).toList());
            }
        }
        Thread.sleep(SETTLE_MS);
        long roundEnd = System.nanoTime();
        return new Round(downloadJob, ms(replied - w0), between(t0, downloaded.arrival()),
                between(t0, installed.arrival()), between(u0, removed.arrival()), ms(b1 - b0), ms(b2 - b1),
                roundStart, w0, w1, roundEnd, downloaded.arrival(), installed.arrival(), downloadNotifications);
    }

    /**
     * Waits for the COMPLETED notification of a resource of a job; fails at once with the job's notifications if
     * any notification of it says FAILED or CANCELLED.
     */
    private Notification await(long job, String resource) throws InterruptedException {
        KapuaManagerClient k = require(kapua);
        Notification n;
        try {
            n = k.awaitNotification(job, null, x -> isFailure(x)
                    || (resource.equals(x.resource()) && "COMPLETED".equals(x.status())), WAIT);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no " + resource + " COMPLETED for job " + job + " within " + WAIT
                    + "; notifications: " + k.notifications(job) + require(gateway).tail(), e);
        }
        if (isFailure(n)) {
            String code = n.payload().has("dp.error.code") ? n.payload().getString("dp.error.code") : "?";
            throw new IllegalStateException(resource + " of job " + job + " FAILED (dp.error.code " + code + "): "
                    + n + "; all notifications of the job: " + k.notifications(job) + require(gateway).tail());
        }
        return n;
    }

    private static boolean isFailure(Notification n) {
        return n.isFailed() || "FAILED".equals(n.status()) || "CANCELLED".equals(n.status());
    }

    // -------------------------------------------------------------------------------------------- baseline

    /** Plain JDK download into a file: the same block size as the gateway, SHA-256 checked, fsync'd. */
    private static void baselineDownload(String url, Path file, String hexHash, int size) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try {
            c.setUseCaches(false);
            c.setRequestProperty("Accept-Encoding", "identity");
            if (c.getResponseCode() != 200) {
                throw new IOException("baseline download: HTTP " + c.getResponseCode());
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long total = 0;
            try (InputStream in = new DigestInputStream(c.getInputStream(), sha);
                    FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buffer = new byte[BLOCK];
                for (int n; (n = in.readNBytes(buffer, 0, BLOCK)) > 0;) {
                    ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
                    while (bb.hasRemaining()) {
                        out.write(bb);
                    }
                    total += n;
                }
                out.force(true);
            }
            if (total != size || !HexFormat.of().formatHex(sha.digest()).equalsIgnoreCase(hexHash)) {
                throw new IOException("baseline download: " + total + " bytes, hash mismatch or short");
            }
        } finally {
            c.disconnect();
        }
    }

    /**
     * JDK-only signature check: every entry read in full (which makes {@code JarFile} verify its digest), every entry
     * but the signature files signed, by a signer whose certificate path contains the trusted certificate.
     */
    private static void baselineVerify(Path file, Certificate trusted) throws IOException {
        byte[] buffer = new byte[8192];
        int signed = 0;
        try (JarFile jar = new JarFile(file.toFile(), true)) {
            for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements();) {
                JarEntry e = en.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(e)) {
                    while (in.read(buffer) != -1) {
                        // reading to the end verifies the entry's digest
                    }
                }
                if (isSignatureFile(e.getName())) {
                    continue;
                }
                CodeSigner[] signers = e.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    throw new SecurityException("baseline verify: " + e.getName() + " is not signed");
                }
                boolean ok = false;
                for (CodeSigner s : signers) {
                    ok |= s.getSignerCertPath().getCertificates().contains(trusted);
                }
                if (!ok) {
                    throw new SecurityException("baseline verify: " + e.getName() + " is not signed by the trusted "
                            + "key");
                }
                signed++;
            }
        }
        if (signed == 0) {
            throw new SecurityException("baseline verify: no signed entry");
        }
    }

    private static boolean isSignatureFile(String name) {
        String u = name.toUpperCase(Locale.ROOT);
        if (!u.startsWith("META-INF/") || u.indexOf('/', 9) >= 0) {
            return false;
        }
        return u.equals("META-INF/MANIFEST.MF") || u.endsWith(".SF") || u.endsWith(".RSA") || u.endsWith(".DSA")
                || u.endsWith(".EC") || u.startsWith("META-INF/SIG-");
    }

    // ------------------------------------------------------------------------------------------- management

    /**
     * The agent only downloads over https by default; the package server is plain http on loopback. Sent as Kapua
     * would: CONF-V2 PUT of the component's current configuration with those two values replaced, each with the type
     * the gateway gave.
     */
    private static void allowPlainHttpFromLoopback(Device d) throws Exception {
        ConfV2 conf = d.confV2();
        long deadline = System.nanoTime() + WAIT.toNanos();
        ConfV2.Configuration current = null;
        Exception last = null;
        while (current == null && System.nanoTime() < deadline) {
            try {
                List<ConfV2.Configuration> found = conf.getConfigurations(DEPLOYMENT_PID);
                if (found.size() == 1) {
                    current = found.get(0);
                }
            } catch (RuntimeException e) { // not registered yet
                last = e;
            }
            if (current == null) {
                Thread.sleep(250);
            }
        }
        if (current == null) {
            throw new IllegalStateException("no configuration of " + DEPLOYMENT_PID + " over CONF-V2", last);
        }
        Map<String, ConfV2.Property> props = new LinkedHashMap<>(current.properties());
        Map<String, Object> values = Map.of("allowed.schemes", List.of("http"), "allowed.hosts", List.of("127.0.0.1"));
        values.forEach((key, v) -> {
            ConfV2.Property was = props.get(key);
            if (was == null) {
                throw new IllegalStateException(DEPLOYMENT_PID + " has no property " + key + ": " + props.keySet());
            }
            props.put(key, ConfV2.Property.of(was.type(), v));
        });
        Reply r = conf.update(List.of(new ConfV2.Configuration(DEPLOYMENT_PID, null, props)), true);
        if (r.responseCode() != 200) {
            throw new IllegalStateException("CONF-V2 update refused: " + r.responseCode() + " " + r.exceptionMessage());
        }
        ConfV2.Configuration back = conf.getConfigurations(DEPLOYMENT_PID).get(0);
        Object schemes = back.properties().get("allowed.schemes").javaValue();
        if (!List.of("http").equals(schemes)) {
            throw new IllegalStateException("allowed.schemes reads back as " + schemes);
        }
    }

    // -------------------------------------------------------------------------------------------- telemetry

    private void onTelemetry(String topic, byte[] payload) {
        long now = System.nanoTime();
        if (!FEATURES.equals(topic)) {
            otherTelemetry++;
            return;
        }
        Long source = null;
        try {
            source = RawKuraPayload.decode(payload).timestamp();
        } catch (RuntimeException e) {
            // not a Kura payload: the arrival still counts
        }
        arrivals.add(new Arrival(now, source));
    }

    private void awaitTelemetry() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (arrivals.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (arrivals.size() < 2) {
            OUT.println("WARNING: no telemetry on " + FEATURES + " within 60 s; the gap figures will be n/a");
        }
    }

    private void awaitArrivalAfter(long nanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!arrivals.isEmpty() && arrivals.get(arrivals.size() - 1).nanos > nanos) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /**
     * The largest interval between consecutive arrivals that overlaps any window. An interval that starts before a
     * window and ends inside it counts (a stall that began just before), and so does the open interval from the last
     * arrival to a window's end when nothing came after it.
     */
    private Gaps gaps(List<long[]> windows) {
        List<Long> times = arrivals.stream().map(Arrival::nanos).toList();
        return maxGap(times, windows, 1e-6);
    }

    /** The same over the payloads' own timestamps (when the gateway made the message), by arrival window. */
    private Gaps sourceGaps(List<long[]> windows) {
        List<Long> times = new ArrayList<>();
        List<Long> source = new ArrayList<>();
        for (Arrival a : arrivals) {
            if (a.sourceMillis != null) {
                times.add(a.nanos);
                source.add(a.sourceMillis);
            }
        }
        double max = Double.NaN;
        int count = 0;
        double total = 0;
        for (long[] w : windows) {
            total += ms(w[1] - w[0]);
            for (int i = 0; i + 1 < times.size(); i++) {
                if (times.get(i + 1) > w[0] && times.get(i) < w[1]) {
                    double gap = source.get(i + 1) - source.get(i);
                    max = Double.isNaN(max) ? gap : Math.max(max, gap);
                }
                if (times.get(i) >= w[0] && times.get(i) <= w[1]) {
                    count++;
                }
            }
        }
        return new Gaps(max, count, total, -1, false);
    }

    private static Gaps maxGap(List<Long> times, List<long[]> windows, double toMs) {
        double max = Double.NaN;
        int where = -1;
        int count = 0;
        double total = 0;
        boolean openEnded = false;
        for (int w = 0; w < windows.size(); w++) {
            long start = windows.get(w)[0];
            long end = windows.get(w)[1];
            total += (end - start) * toMs;
            for (int i = 0; i < times.size(); i++) {
                long a = times.get(i);
                if (a >= start && a <= end) {
                    count++;
                }
                long next = i + 1 < times.size() ? times.get(i + 1) : Long.MAX_VALUE;
                if (next > start && a < end) {
                    double gap;
                    if (next == Long.MAX_VALUE) {
                        gap = (end - a) * toMs; // nothing arrived after it: at least this long
                        openEnded = true;
                    } else {
                        gap = (next - a) * toMs;
                    }
                    if (Double.isNaN(max) || gap > max) {
                        max = gap;
                        where = w;
                    }
                }
            }
        }
        return new Gaps(max, count, total, where, openEnded);
    }

    private static String describe(Gaps g, Gaps source, boolean rounds) {
        String s = String.format(Locale.ROOT, "%.1f s, %d messages (mean interval %s ms), max gap %s ms",
                g.windowMs / 1000, g.messages, g.messages == 0 ? "n/a" : fmt(g.windowMs / g.messages), fmt(g.maxMs));
        if (rounds && g.where >= 0) {
            s += " (round " + (g.where + 1) + ")";
        }
        if (g.openEnded) {
            s += " (open-ended: no message after it)";
        }
        return s + String.format(Locale.ROOT, "; max gap of the payload timestamps %s ms", fmt(source.maxMs));
    }

    // ------------------------------------------------------------------------------------------------ gateway

    /** The gateway jar as its own JVM, its output captured (and written to a log file). */
    private static final class Gateway {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();

        Gateway(Path jar, Path data, int port, Path log, Map<String, String> env) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = List.of(java, "-Xmx128m", "-jar", jar.toString(), "--data", data.toString(),
                    "--http-port", Integer.toString(port), "--http-host", "127.0.0.1");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("WEIR_"));
            pb.environment().putAll(env);
            process = pb.start();
            Process p = process;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (p.isAlive()) { // the benchmark was interrupted: do not leave the gateway behind
                    p.destroyForcibly();
                }
            }, "deploy-bench-kill-gateway"));
            BufferedWriter out = Files.newBufferedWriter(log, UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
                        out) {
                    for (String line; (line = r.readLine()) != null;) {
                        lines.add(line);
                        out.write(line);
                        out.newLine();
                        out.flush();
                    }
                } catch (IOException e) {
                    lines.add("<output closed: " + e + ">");
                }
            }, "gateway-output");
            reader.setDaemon(true);
            reader.start();
        }

        boolean awaitLine(String fragment, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (lines.stream().anyMatch(l -> l.contains(fragment))) {
                    return true;
                }
                if (!process.isAlive()) {
                    Thread.sleep(200);
                    return lines.stream().anyMatch(l -> l.contains(fragment));
                }
                Thread.sleep(50);
            }
            return false;
        }

        /** SIGTERM, then SIGKILL if it has not stopped within 20 s; returns the exit code or -1. */
        int terminate() throws InterruptedException {
            process.toHandle().destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                lines.add("<killed: did not stop within 20 s of SIGTERM>");
            }
            return process.isAlive() ? -1 : process.exitValue();
        }

        String tail() {
            int n = lines.size();
            return "\n--- last gateway output ---\n" + String.join("\n", lines.subList(Math.max(0, n - 40), n));
        }
    }

    /** Stops everything this run started, the gateway first; prints what the gateway warned about. */
    private void stop() {
        Gateway g = gateway;
        if (g != null) {
            try {
                if (g.process.isAlive()) {
                    int code = g.terminate();
                    OUT.println("gateway stopped, exit code " + code);
                }
            } catch (InterruptedException e) {
                g.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            List<String> notable = g.lines.stream().filter(DeployBenchmark::isNotable).toList();
            OUT.printf(Locale.ROOT, "gateway output: %d lines, %d WARN/ERROR lines (full output in %s)%n",
                    g.lines.size(), notable.size(), work.resolve("gateway.log"));
            Map<String, Integer> distinct = new LinkedHashMap<>();
            for (String l : notable) {
                distinct.merge(shape(l), 1, Integer::sum);
            }
            distinct.entrySet().stream().limit(25).forEach(e -> OUT.printf(Locale.ROOT, "  %3dx %s%n", e.getValue(),
                    abbreviate(e.getKey(), 220)));
        }
        for (AutoCloseable c : new AutoCloseable[] {telemetryClient, lifecycle, kapua, http, broker}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort
                }
            }
        }
        try {
            delete(work.resolve("data"));
        } catch (IOException e) {
            OUT.println("could not delete " + work.resolve("data") + ": " + e);
        }
    }

    private static final Pattern LOG_LINE = Pattern.compile("^(\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{3}) (\\w+)\\s.*");

    /** WARN and ERROR log lines, and uncaught exceptions (the gateway's console format: time, level, thread). */
    private static boolean isNotable(String line) {
        Matcher m = LOG_LINE.matcher(line);
        return m.matches() ? m.group(5).equals("WARN") || m.group(5).equals("ERROR")
                : line.startsWith("Exception in thread");
    }

    /** A log line without its time and with numbers replaced, so that repeats group together. */
    private static String shape(String line) {
        return line.replaceFirst("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ", "").replaceAll("\\b\\d+\\b", "N");
    }

    /** The time of day of a gateway log line in ms, or -1. */
    private static long logMillis(String line) {
        Matcher m = LOG_LINE.matcher(line);
        if (!m.matches()) {
            return -1;
        }
        return ((Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2))) * 60 + Long.parseLong(m.group(3)))
                * 1000 + Long.parseLong(m.group(4));
    }

    /**
     * The same phases as the gateway's own log times them (ms resolution): request accepted, download ended,
     * install ended. Leaves out what travels over MQTT (request, reply, notifications). Skipped if the log lines are
     * not found (their wording is not an interface).
     */
    private static void gatewaySide(Gateway g, List<Round> rounds) {
        List<Double> download = new ArrayList<>();
        List<Double> install = new ArrayList<>();
        List<Double> downloadLag = new ArrayList<>();
        List<Double> installLag = new ArrayList<>();
        for (Round r : rounds) {
            long accepted = -1;
            long downloaded = -1;
            long installed = -1;
            for (String l : g.lines) {
                if (accepted < 0 && l.contains("job " + r.job + " ") && l.contains("accepted")) {
                    accepted = logMillis(l);
                } else if (downloaded < 0 && l.contains("DOWNLOAD ") && l.contains("(job " + r.job + ") ended")) {
                    downloaded = logMillis(l);
                } else if (installed < 0 && l.contains("INSTALL ") && !l.contains("UNINSTALL ")
                        && l.contains("(job " + r.job + ") ended")) {
                    installed = logMillis(l);
                }
            }
            if (accepted >= 0 && downloaded >= accepted && installed >= downloaded) {
                download.add((double) (downloaded - accepted));
                install.add((double) (installed - downloaded));
                // the gateway logs in this machine's time zone, on the same clock
                downloadLag.add((double) (timeOfDayMillis(r.downloadNotified) - downloaded));
                installLag.add((double) (timeOfDayMillis(r.installNotified) - installed));
            }
        }
        if (download.size() == rounds.size()) {
            OUT.printf(Locale.ROOT, "  as the gateway's log times them (median): accepted -> download ended %.0f ms, "
                    + "download ended -> install ended %.0f ms%n", median(download), median(install));
            OUT.printf(Locale.ROOT, "  notification arrival after the gateway's log line (median, max): download "
                    + "COMPLETED %.0f ms, %.0f ms; install COMPLETED %.0f ms, %.0f ms%n", median(downloadLag),
                    Collections.max(downloadLag), median(installLag), Collections.max(installLag));
        }
    }

    private static long timeOfDayMillis(Instant t) {
        return t.atZone(ZoneId.systemDefault()).toLocalTime().toNanoOfDay() / 1_000_000;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String line(String label, Round r) {
        return String.format(Locale.ROOT, "%-9s: download %5.0f ms, install %5.0f ms, EXEC->installed %5.0f ms, "
                + "uninstall %4.0f ms | baseline download %4.0f ms + verify %4.0f ms = %4.0f ms | ratio %5.1f",
                label, r.download, r.install(), r.installTotal, r.uninstall, r.baseDownload, r.baseVerify,
                r.baseline(), r.installTotal / r.baseline());
    }

    private static String stat(String label, List<Round> rounds, ToDoubleFunction<Round> f) {
        List<Double> v = values(rounds, f);
        return String.format(Locale.ROOT, "%s %7.1f / %7.1f (%.1f..%.1f)", label, median(v), p90(v),
                v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    }

    private static List<Double> values(List<Round> rounds, ToDoubleFunction<Round> f) {
        return rounds.stream().map(r -> f.applyAsDouble(r)).sorted().toList();
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        List<Double> s = sorted.stream().sorted().toList();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Nearest-rank 90th percentile. */
    private static double p90(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = values.stream().sorted().toList();
        int rank = (int) Math.ceil(0.9 * s.size());
        return s.get(Math.max(0, rank - 1));
    }

    private static double between(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    private static String rss(Gateway g) throws IOException {
        return String.format(Locale.ROOT, " | RSS %.0f MB", rssMb(g.process.pid()));
    }

    /** VmRSS of a process in MiB (the kernel reports kB). */
    private static double rssMb(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static <T> T require(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("not started");
        }
        return value;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
