// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.weir.fleet.broker.WeirBroker;
import io.weir.inference.Tensor;
import io.weir.inference.TensorCodec;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: parsing, and the service in its own JVM, stopped by SIGTERM. */
class MainTest {

    @TempDir
    Path dir;

    @Test
    void parsesTheOptionsWithTheirDefaults() {
        Main.Options o = Main.parse(new String[] {"--broker", "tcp://h:1883", "--models", "m"}, Map.of());
        assertThat(o).isNotNull();
        Settings s = o.settings();
        assertThat(s.brokerUrl()).isEqualTo("tcp://h:1883");
        assertThat(s.modelsDirectory()).isEqualTo(Path.of("m"));
        assertThat(s.account()).isEqualTo("weir");
        assertThat(s.clientId()).isEqualTo("weir-cloud-inference");
        assertThat(s.username()).isNull();
        assertThat(s.password()).isNull();
        assertThat(s.maxBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(s.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(s.intraOpThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(s.queueCapacity()).isEqualTo(256);
        assertThat(o.statsSeconds()).isEqualTo(60);
        assertThat(o.waitForBroker()).as("waits for ever by default").isNull();

        Main.Options all = Main.parse(new String[] {"--broker", "ssl://h:8883", "--models", "m", "--account", "acme",
            "--client-id", "ci-1", "--max-bytes", "1000", "--workers", "3", "--queue", "7", "--intra-op-threads", "2",
            "--username", "svc", "--stats-seconds", "5", "--wait-for-broker", "90"}, Map.of("WEIR_MQTT_PASSWORD",
                "secret"));
        assertThat(all.settings()).isEqualTo(new Settings("ssl://h:8883", "acme", "ci-1", "svc", "secret", Path.of("m"),
                1000, 3, 7, 2));
        assertThat(all.settings().toString()).doesNotContain("secret").contains("password=***");
        assertThat(all.statsSeconds()).isEqualTo(5);
        assertThat(all.waitForBroker()).isEqualTo(Duration.ofSeconds(90));
        assertThat(Main.parse(new String[] {"--broker", "tcp://h:1883", "--models", "m", "--wait-for-broker", "0",
            "--wait-for-broker", "forever"}, Map.of()).waitForBroker()).isNull();
        assertThat(Main.parse(new String[] {"--help"}, Map.of())).isNull();
    }

    @Test
    void refusesBadOptionsNamingThem() {
        assertBad("--broker is required", "--models", "m");
        assertBad("--models is required", "--broker", "tcp://h:1");
        assertBad("unknown option '--port'", "--port", "1");
        assertBad("--workers must be a number, was 'two'", "--broker", "tcp://h:1", "--models", "m", "--workers",
                "two");
        assertBad("--queue needs a value", "--broker", "tcp://h:1", "--models", "m", "--queue");
        assertBad("workers must be 1..1024, was 0", "--broker", "tcp://h:1", "--models", "m", "--workers", "0");
        assertBad("account must be one non-empty MQTT topic level", "--broker", "tcp://h:1", "--models", "m",
                "--account", "a/b");
        assertBad("broker must be a URL like tcp://host:1883", "--broker", "h:1883", "--models", "m");
        assertBad("--stats-seconds must be at least 1", "--broker", "tcp://h:1", "--models", "m", "--stats-seconds",
                "0");
        assertBad("--wait-for-broker must be 0 or more seconds, or forever, was -1", "--broker", "tcp://h:1",
                "--models", "m", "--wait-for-broker", "-1");
        assertBad("--wait-for-broker must be a number, was 'always'", "--broker", "tcp://h:1", "--models", "m",
                "--wait-for-broker", "always");
    }

    private static void assertBad(String message, String... args) {
        assertThatThrownBy(() -> Main.parse(args, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void runsInItsOwnJvmPrintsCountersAndStopsCleanlyOnSigterm() throws Exception {
        try (WeirBroker broker = WeirBroker.builder().build()) {
            broker.start();
            Path stdout = dir.resolve("stdout.txt");
            Process p = start(stdout, "--broker", broker.url(), "--models", ShippedModel.directory().toString(),
                    "--client-id", "ci-main", "--workers", "1", "--intra-op-threads", "1", "--stats-seconds", "1");
            try {
                Lines out = new Lines(stdout);
                List<String> start = out.until(l -> l.startsWith("weir-cloud-inference ready"));
                assertThat(start.get(0)).startsWith("weir-cloud-inference serving 1 service(s) from ");
                assertThat(start.get(1)).startsWith("  inference/vibration-anomaly  vibration-anomaly 1.0.0  in "
                        + "input:FLOAT:-1x6  out output:FLOAT:-1x2  (");
                assertThat(start.get(2)).isEqualTo("weir-cloud-inference ready on " + broker.url()
                        + " as ci-main: requests on weir/+/W1/OFFLOAD-V1/+, 1 workers, queue 256, intra-op threads 1,"
                        + " max body 4194304 bytes");

                try (FakeGateway gw = new FakeGateway(broker.url(), "gw-main")) {
                    gw.send("r-1", FakeGateway.request("r-1", ShippedModel.SERVICE, FakeGateway.inSeconds(30),
                            TensorCodec.encode(Map.of("input", Tensor.ofFloats(new long[] {1, 6}, new float[6])))));
                    assertThat(gw.awaitResult("r-1").kura().getString("status")).isEqualTo("OK");
                    out.until(l -> l.startsWith("weir-cloud-inference counters: received=1 ok=1 error=0"));
                }

                p.destroy(); // SIGTERM
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isEqualTo(143);
                assertThat(out.until(l -> l.startsWith("weir-cloud-inference stopped: ")))
                        .last().asString().contains("received=1 ok=1 error=0");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void exitsWith2OnBadArgumentsAnd1WhenItCannotStart() throws Exception {
        Process bad = start("--broker", "tcp://127.0.0.1:1");
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("--models is required").contains("usage: weir-cloud-inference");

        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Process unreachable = start("--broker", "tcp://127.0.0.1:" + closedPort, "--models",
                ShippedModel.directory().toString(), "--intra-op-threads", "1", "--wait-for-broker", "0");
        assertThat(unreachable.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(unreachable.exitValue()).isEqualTo(1);
        assertThat(new String(unreachable.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("weir-cloud-inference: cannot connect to tcp://127.0.0.1:" + closedPort);

        Process noModels = start("--broker", "tcp://127.0.0.1:" + closedPort, "--models", "/no/such/dir");
        assertThat(noModels.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(noModels.exitValue()).isEqualTo(1);
        assertThat(new String(noModels.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("models directory /no/such/dir does not exist");
    }

    @Test
    void waitsForABrokerThatIsNotUpYetThenServes() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path stdout = dir.resolve("stdout.txt");
        Process p = start(stdout, "--broker", "tcp://127.0.0.1:" + port, "--models",
                ShippedModel.directory().toString(), "--workers", "1", "--intra-op-threads", "1");
        try {
            Lines out = new Lines(stdout);
            // two failed attempts, 1 s then 2 s apart (the pause doubles)
            assertThat(out.until(l -> l.contains("attempt 1,")).get(0))
                    .startsWith("weir-cloud-inference waiting for the broker: cannot connect to tcp://127.0.0.1:"
                            + port + " as weir-cloud-inference: ")
                    .endsWith("; attempt 1, trying again in 1.0 s");
            assertThat(out.until(l -> l.contains("attempt 2,")).get(0)).endsWith("; attempt 2, trying again in 2.0 s");
            assertThat(p.isAlive()).isTrue();
            try (WeirBroker broker = WeirBroker.builder().port(port).build()) {
                broker.start();
                List<String> ready = out.until(l -> l.startsWith("weir-cloud-inference ready"));
                assertThat(ready.get(0)).startsWith("weir-cloud-inference serving 1 service(s)");
                assertThat(ready.get(ready.size() - 1))
                        .startsWith("weir-cloud-inference ready on tcp://127.0.0.1:" + port);
                try (FakeGateway gw = new FakeGateway(broker.url(), "gw-late")) {
                    gw.send("r-1", FakeGateway.request("r-1", ShippedModel.SERVICE, FakeGateway.inSeconds(30),
                            TensorCodec.encode(Map.of("input", Tensor.ofFloats(new long[] {1, 6}, new float[6])))));
                    assertThat(gw.awaitResult("r-1").kura().getString("status")).isEqualTo("OK");
                }
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Starts the command line in a child JVM. The class path goes in the {@code CLASSPATH} variable, not on the
     * command line: ONNX Runtime 1.29.0 crashes (SIGSEGV while creating its environment) in a process whose command
     * line is about 4 KB or longer, and the test class path is longer than that (see the README).
     */
    private static Process start(String... args) throws IOException {
        return start(null, args);
    }

    private static Process start(@Nullable Path stdout, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (stdout != null) {
            pb.redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        return pb.start();
    }

    /**
     * The child's standard output, line by line. It goes to a file that is read as it grows: a thread reading the
     * pipe can lose the last lines when the process exits (the JDK closes the pipe under it, "Stream closed").
     */
    private static final class Lines {
        private final Path file;
        private final List<String> seen = new ArrayList<>();

        Lines(Path file) {
            this.file = file;
        }

        /** @return the lines written since the last call, up to and including the first that matches */
        List<String> until(Predicate<String> match) throws IOException, InterruptedException {
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                List<String> all = Files.exists(file) ? Files.readAllLines(file) : List.of();
                // the last line may still be incomplete unless the file ends with a newline
                int complete = all.size() - (Files.exists(file) && !endsWithNewline() ? 1 : 0);
                while (seen.size() + got.size() < complete) {
                    String l = all.get(seen.size() + got.size());
                    got.add(l);
                    if (match.test(l)) {
                        seen.addAll(got);
                        return got;
                    }
                }
                assertThat(System.nanoTime()).as("no matching line in time; so far: %s then %s", seen, got)
                        .isLessThan(deadline);
                Thread.sleep(50); // polling a file the child writes, with a deadline
            }
        }

        private boolean endsWithNewline() throws IOException {
            byte[] b = Files.readAllBytes(file);
            return b.length == 0 || b[b.length - 1] == '\n';
        }
    }
}
