// SPDX-License-Identifier: Apache-2.0
package io.weir.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * Distribution smoke test: boots the exported {@code target/weir-gateway.jar} as a separate JVM, exactly as an
 * operator would, and checks health, login, restart, clean shutdown and the start-up failure exit codes.
 */
class GatewayDistroIT {

    private static final Path JAR = Path.of("target", "weir-gateway.jar").toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path tmp;

    /** A running gateway process with its captured output. */
    final class Gateway {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final int port;

        Gateway(Path data, int port, Map<String, String> env, String... extraArgs) throws IOException {
            this.port = port;
            List<String> cmd = new ArrayList<>(List.of(JAVA, "-Xmx128m", "-jar", JAR.toString(), "--data",
                    data.toString(), "--http-port", Integer.toString(port), "--http-host", "127.0.0.1"));
            cmd.addAll(List.of(extraArgs));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().remove("WEIR_CONSOLE_PASSWORD");
            pb.environment().putAll(env);
            process = pb.start();
            processes.add(process);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("<output closed: " + e + ">");
                }
            }, "gateway-output");
            reader.setDaemon(true);
            reader.start();
        }

        String output() {
            return String.join("\n", lines);
        }

        boolean awaitLine(String fragment, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (lines.stream().anyMatch(l -> l.contains(fragment))) {
                    return true;
                }
                if (!process.isAlive() && lines.stream().noneMatch(l -> l.contains(fragment))) {
                    Thread.sleep(200);
                    return lines.stream().anyMatch(l -> l.contains(fragment));
                }
                Thread.sleep(50);
            }
            return false;
        }

        void awaitStarted() throws InterruptedException {
            assertThat(awaitLine("started in", START_TIMEOUT)).as("gateway start; output:\n%s", output()).isTrue();
        }

        HttpResponse<String> get(String path, String user, String password) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10));
            if (user != null) {
                b.header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            }
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        int terminate() throws InterruptedException {
            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the output stream
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stops within 20 s of SIGTERM; output:\n%s", output())
                    .isTrue();
            return process.exitValue();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static JsonObject json(String body) {
        try (JsonReader r = Json.createReader(new StringReader(body))) {
            return r.readObject();
        }
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void bootsHealthyWithEveryComponentSatisfiedAndStopsCleanlyOnSigterm() throws Exception {
        assertThat(JAR).exists();
        Path data = tmp.resolve("data");
        Gateway g = new Gateway(data, freePort(), Map.of("WEIR_CONSOLE_PASSWORD", "smoke-test-password"));
        g.awaitStarted();

        HttpResponse<String> health = g.get("/health", null, null);
        JsonObject h = json(health.body());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(h.getString("status")).isEqualTo("UP");
        assertThat(h.getJsonObject("framework").getString("state")).isEqualTo("ACTIVE");
        assertThat(h.getJsonArray("unsatisfied")).as("unsatisfied components").isEmpty();
        assertThat(h.getJsonObject("bundles").getJsonArray("unresolved")).isEmpty();
        int bundles = h.getJsonObject("bundles").getInt("total");
        assertThat(bundles).isEqualTo(h.getJsonObject("bundles").getInt("active"));
        assertThat(h.getJsonObject("components").getInt("active")).isGreaterThanOrEqualTo(2);
        assertThat(h.getString("version")).isNotBlank();

        assertThat(g.get("/system/console/bundles", null, null).statusCode()).isEqualTo(401);
        assertThat(g.get("/system/console/bundles", "admin", "admin").statusCode()).isEqualTo(401);
        HttpResponse<String> console = g.get("/system/console/bundles", "admin", "smoke-test-password");
        assertThat(console.statusCode()).isEqualTo(200);
        // default configuration shipped as Configurator JSON reached Config Admin
        HttpResponse<String> config = g.get("/system/console/status-Configurations.txt", "admin",
                "smoke-test-password");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("PID = io.weir.health").contains("PID = io.weir.console.security")
                .contains("realm = Weir gateway");

        assertThat(Files.exists(data.resolve("framework"))).isTrue();
        assertThat(Files.readString(data.resolve("security/console-users"))).doesNotContain("smoke-test-password");
        assertThat(g.output()).doesNotContain("smoke-test-password");

        int exit = g.terminate();
        assertThat(exit).as("SIGTERM exit status").isIn(0, 143);
        assertThat(g.output()).contains("weir: gateway stopped");
        assertThat(Files.exists(data.resolve("log/weir.log"))).isTrue();

        // a second start on the same data directory reuses the installed bundles
        Gateway again = new Gateway(data, freePort(), Map.of());
        again.awaitStarted();
        JsonObject h2 = json(again.get("/health", null, null).body());
        assertThat(h2.getString("status")).isEqualTo("UP");
        assertThat(h2.getJsonObject("bundles").getInt("total")).isEqualTo(bundles);
        assertThat(again.output()).doesNotContain("password:");
        assertThat(again.get("/system/console/bundles", "admin", "smoke-test-password").statusCode()).isEqualTo(200);
        again.terminate();
    }

    @Test
    void generatesAConsolePasswordOnceAtTheFirstStart() throws Exception {
        Path data = tmp.resolve("fresh");
        Gateway g = new Gateway(data, freePort(), Map.of());
        g.awaitStarted();
        Matcher m = Pattern.compile("password: (\\S+)").matcher(g.output());
        assertThat(m.find()).as(g.output()).isTrue();
        String password = m.group(1);
        assertThat(g.get("/system/console/bundles", "admin", password).statusCode()).isEqualTo(200);
        assertThat(Files.readString(data.resolve("log/weir.log"))).doesNotContain(password);
        g.terminate();
    }

    @Test
    void refusesToStartWithAClearErrorAndExitCode() throws Exception {
        Gateway bad = new Gateway(tmp.resolve("d1"), freePort(), Map.of(), "--bogus");
        assertThat(bad.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.process.exitValue()).isEqualTo(2);
        assertThat(bad.output()).contains("unknown option '--bogus'");

        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Gateway clash = new Gateway(tmp.resolve("d2"), busy.getLocalPort(), Map.of());
            assertThat(clash.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(clash.process.exitValue()).as(clash.output()).isEqualTo(5);
            assertThat(clash.output()).contains("cannot listen on 127.0.0.1:" + busy.getLocalPort());
        }

        Path shared = tmp.resolve("shared");
        Gateway first = new Gateway(shared, freePort(), Map.of("WEIR_CONSOLE_PASSWORD", "first-password"));
        first.awaitStarted();
        Gateway second = new Gateway(shared, freePort(), Map.of());
        assertThat(second.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process.exitValue()).isEqualTo(4);
        assertThat(second.output()).contains("in use by another Weir gateway");
        assertThat(first.process.isAlive()).isTrue();
        first.terminate();

        Path file = tmp.resolve("not-a-dir");
        Files.writeString(file, "x");
        Gateway notDir = new Gateway(file, freePort(), Map.of());
        assertThat(notDir.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(notDir.process.exitValue()).isEqualTo(3);
        assertThat(notDir.output()).contains("is not usable");
    }
}
