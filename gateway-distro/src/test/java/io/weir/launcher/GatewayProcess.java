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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/** A gateway started from {@code target/weir-gateway.jar} as its own JVM, with its captured output. */
final class GatewayProcess {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final int port;

    GatewayProcess(List<Process> registry, Path data, int port, Map<String, String> env, String... extraArgs)
            throws IOException {
        this.port = port;
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-Xmx128m", "-jar", JAR.toString(), "--data",
                data.toString(), "--http-port", Integer.toString(port), "--http-host", "127.0.0.1"));
        cmd.addAll(List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("WEIR_CONSOLE_PASSWORD");
        pb.environment().putAll(env);
        process = pb.start();
        registry.add(process);
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

    static final Path JAR = Path.of("target", "weir-gateway.jar").toAbsolutePath();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static JsonObject json(String body) {
        try (JsonReader r = Json.createReader(new StringReader(body))) {
            return r.readObject();
        }
    }
}
