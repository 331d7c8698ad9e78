// SPDX-License-Identifier: Apache-2.0
package io.weir.launcher;

import static io.weir.launcher.GatewayProcess.freePort;
import static io.weir.launcher.GatewayProcess.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.JsonObject;

/**
 * Distribution smoke test: boots the exported {@code target/weir-gateway.jar} as a separate JVM, exactly as an
 * operator would, and checks health, login, restart, clean shutdown and the start-up failure exit codes.
 */
class GatewayDistroIT {


    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path tmp;

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
        assertThat(GatewayProcess.JAR).exists();
        Path data = tmp.resolve("data");
        GatewayProcess g = new GatewayProcess(processes, data, freePort(),
                Map.of("WEIR_CONSOLE_PASSWORD", "smoke-test-password"));
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
        GatewayProcess again = new GatewayProcess(processes, data, freePort(), Map.of());
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
        GatewayProcess g = new GatewayProcess(processes, data, freePort(), Map.of());
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
        GatewayProcess bad = new GatewayProcess(processes, tmp.resolve("d1"), freePort(), Map.of(),
                "--bogus");
        assertThat(bad.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.process.exitValue()).isEqualTo(2);
        assertThat(bad.output()).contains("unknown option '--bogus'");

        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            GatewayProcess clash = new GatewayProcess(processes, tmp.resolve("d2"), busy.getLocalPort(), Map.of());
            assertThat(clash.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(clash.process.exitValue()).as(clash.output()).isEqualTo(5);
            assertThat(clash.output()).contains("cannot listen on 127.0.0.1:" + busy.getLocalPort());
        }

        Path shared = tmp.resolve("shared");
        GatewayProcess first = new GatewayProcess(processes, shared, freePort(),
                Map.of("WEIR_CONSOLE_PASSWORD", "first-password"));
        first.awaitStarted();
        GatewayProcess second = new GatewayProcess(processes, shared, freePort(), Map.of());
        assertThat(second.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process.exitValue()).isEqualTo(4);
        assertThat(second.output()).contains("in use by another Weir gateway");
        assertThat(first.process.isAlive()).isTrue();
        first.terminate();

        Path file = tmp.resolve("not-a-dir");
        Files.writeString(file, "x");
        GatewayProcess notDir = new GatewayProcess(processes, file, freePort(), Map.of());
        assertThat(notDir.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(notDir.process.exitValue()).isEqualTo(3);
        assertThat(notDir.output()).contains("is not usable");
    }
}
