// SPDX-License-Identifier: Apache-2.0
package io.weir.launcher;

import static io.weir.launcher.GatewayProcess.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weir.fleet.broker.WeirBroker;
import io.weir.testkit.kapua.KapuaManagerClient;
import io.weir.testkit.kapua.Reply;
import io.weir.testkit.kapua.app.ConfV1;
import io.weir.testkit.kapua.app.Device;
import io.weir.testkit.mqtt.RecordedMessage;
import io.weir.testkit.mqtt.TopicRecorder;
import jakarta.json.JsonObject;

/**
 * Offloaded inference end to end: the gateway jar, the embedded Artemis broker and the cloud inference service
 * ({@code fleet/weir-cloud-inference}, its own JVM). The default anomaly pipeline's inference stage is offloadable;
 * with a policy that sends work to the cloud, the scores are computed by the cloud service. The broker is then cut
 * for a while: the cloud becomes unavailable, the tasks run locally, and after the broker returns every window of
 * the machine has been scored and delivered, none missing (windows about 1 s apart, no gap). Then the cloud service
 * is killed with SIGKILL while the broker stays up: offloading pauses after 3 unanswered requests, resumes when a new
 * service answers the next probe, and again no window is missing.
 */
class GatewaySchedulingIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String CLIENT = "gw-sched";
    private static final String ANOMALY = "acme/" + CLIENT + "/W1/machine/anomaly";
    private static final Path CLOUD_JAR = Path.of("..", "fleet", "weir-cloud-inference", "target",
            "weir-cloud-inference.jar").toAbsolutePath().normalize();
    private static final Path MODELS = Path.of("..", "models", "weir-model-vibration", "target").toAbsolutePath()
            .normalize();

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

    private Process cloudService(String brokerUrl) throws IOException {
        Process p = new ProcessBuilder("java", "-Xmx256m", "-jar", CLOUD_JAR.toString(), "--broker", brokerUrl,
                "--account", "acme", "--models", MODELS.toString(), "--stats-seconds", "5")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("cloud-inference.log").toFile()).start();
        processes.add(p);
        return p;
    }

    private static JsonObject check(GatewayProcess g, String name) throws Exception {
        return GatewayProcess.json(g.get("/health", null, null).body()).getJsonArray("checks").stream()
                .map(v -> v.asJsonObject()).filter(c -> c.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no health check " + name));
    }

    private static long detail(GatewayProcess g, String check, String key) throws Exception {
        return Long.parseLong(check(g, check).getJsonObject("details").getString(key));
    }

    @Test
    void inferenceIsOffloadedToTheCloudServiceAndFallsBackLocallyWhileTheBrokerIsCut() throws Exception {
        int brokerPort = freePort();
        WeirBroker broker = WeirBroker.builder().port(brokerPort).build();
        broker.start();
        String url = broker.url();
        Process cloud = cloudService(url);
        try (KapuaManagerClient kapua = KapuaManagerClient.connect(url);
                TopicRecorder recorder = TopicRecorder.start(url, "acme/" + CLIENT + "/W1/#")) {
            GatewayProcess g = new GatewayProcess(processes, tmp.resolve("data"), freePort(), Map.of(
                    "WEIR_CONSOLE_PASSWORD", "sched-password", "WEIR_MQTT_URL", url, "WEIR_ACCOUNT", "acme",
                    "WEIR_CLIENT_ID", CLIENT));
            g.awaitStarted();
            recorder.await(m -> m.topic().equals(ANOMALY), WAIT);
            // the default policy is latency-aware: the tiny model is faster here than a round trip
            assertThat(check(g, "scheduler").getJsonObject("details").getString("policy")).isEqualTo("latency-aware");

            // a policy that spreads work by load sends it to the idle cloud: set it remotely, as Kapua would
            Device device = Device.of(kapua, "acme", CLIENT);
            ConfV1.Property policy = device.conf().getConfigurations("io.weir.scheduler").get(0).property("policy")
                    .orElseThrow();
            Reply put = device.conf().putConfiguration("io.weir.scheduler",
                    List.of(ConfV1.Property.scalar("policy", policy.type(), "least-load")));
            assertThat(put.responseCode()).as("%s", put.exceptionMessage()).isEqualTo(200);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (detail(g, "scheduler.cloud", "ok") < 5) {
                assertThat(System.nanoTime()).as("results from the cloud service").isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(cloud.isAlive()).isTrue();

            // cut the broker: the cloud is unavailable, inference goes on locally, records wait in the store
            long okBeforeCut = detail(g, "scheduler.cloud", "ok");
            long cutAt = System.currentTimeMillis();
            broker.close();
            Thread.sleep(6_000);
            assertThat(check(g, "scheduler.cloud").getString("state")).isEqualTo("DEGRADED");
            WeirBroker again = WeirBroker.builder().port(brokerPort).build();
            again.start();
            try (TopicRecorder after = TopicRecorder.start(again.url(), "acme/" + CLIENT + "/W1/#")) {
                // the cloud service reconnects and serves again
                deadline = System.nanoTime() + WAIT.toNanos();
                while (detail(g, "scheduler.cloud", "ok") <= okBeforeCut + 3) {
                    assertThat(System.nanoTime()).as("the cloud serving again after the cut").isLessThan(deadline);
                    Thread.sleep(200);
                }
                // every window from before the cut to after it arrives scored: one per second, none missing
                long resumedAt = System.currentTimeMillis();
                List<RecordedMessage> windows = after.awaitCount(1, m -> m.topic().equals(ANOMALY)
                        && m.kura().timestamp() != null && m.kura().timestamp() > resumedAt, WAIT);
                assertThat(windows).isNotEmpty();
                List<Long> stamps = new ArrayList<>();
                for (RecordedMessage m : recorder.messages(ANOMALY)) {
                    stamps.add(m.kura().timestamp());
                }
                for (RecordedMessage m : after.messages(ANOMALY)) {
                    stamps.add(m.kura().timestamp());
                }
                assertEveryWindow(stamps, cutAt - 3_000, resumedAt, "the cut");
                for (RecordedMessage m : after.messages(ANOMALY)) {
                    assertThat(m.kura().getDouble("anomaly_score")).isBetween(0.0, 1.0);
                }

                // kill -9 the cloud service: the broker stays up and takes the requests, but nobody answers. After
                // 3 requests in a row without an answer, offloading pauses (no task waits for a timeout any more);
                // a new service is started and the next probe finds it
                long okBeforeKill = detail(g, "scheduler.cloud", "ok");
                long killedAt = System.currentTimeMillis();
                cloud.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                deadline = System.nanoTime() + WAIT.toNanos();
                while (!check(g, "scheduler.cloud").getString("message").contains("did not answer")) {
                    assertThat(System.nanoTime()).as("offloading paused after the service died").isLessThan(deadline);
                    Thread.sleep(200);
                }
                long pausedAfter = System.currentTimeMillis() - killedAt;
                JsonObject paused = check(g, "scheduler.cloud");
                assertThat(paused.getString("state")).isEqualTo("DEGRADED");
                assertThat(paused.getString("message")).startsWith("the cloud service did not answer the last 3 "
                        + "request(s) in time; offloading is paused, next try in ");
                assertThat(detail(g, "scheduler.cloud", "timeouts")).isGreaterThanOrEqualTo(3);
                cloud = cloudService(again.url());
                long restartedAt = System.currentTimeMillis();
                deadline = System.nanoTime() + WAIT.toNanos();
                while (detail(g, "scheduler.cloud", "ok") <= okBeforeKill + 3) {
                    assertThat(System.nanoTime()).as("the new cloud service serving").isLessThan(deadline);
                    Thread.sleep(200);
                }
                System.out.printf("GatewaySchedulingIT: service killed: offloading paused after %d ms; a new service "
                        + "served again %d ms after its start%n", pausedAfter, System.currentTimeMillis() - restartedAt);
                JsonObject back = check(g, "scheduler.cloud");
                assertThat(back.getString("state")).isEqualTo("UP");
                assertThat(back.getJsonObject("details").getString("service")).isEqualTo("answering");
                assertThat(Long.parseLong(back.getJsonObject("details").getString("pausedTimes")))
                        .isGreaterThanOrEqualTo(1);
                long backAt = System.currentTimeMillis();
                after.awaitCount(1, m -> m.topic().equals(ANOMALY) && m.kura().timestamp() != null
                        && m.kura().timestamp() > backAt, WAIT);
                stamps.clear();
                for (RecordedMessage m : after.messages(ANOMALY)) {
                    stamps.add(m.kura().timestamp());
                }
                assertEveryWindow(stamps, killedAt - 3_000, backAt, "the service's death");
            } finally {
                again.close();
            }
            assertThat(g.process.isAlive()).isTrue();
            g.terminate();
        } finally {
            broker.close();
            cloud.destroy();
        }
    }

    /**
     * A window closes every 10 samples of 100 ms (stamped with the wall clock of its last sample, so a few ms of
     * sampling jitter); a missing window would leave a gap of about 2 s.
     */
    private static void assertEveryWindow(List<Long> stamps, long from, long to, String around) {
        List<Long> sorted = stamps.stream().distinct().sorted().toList();
        List<Long> windows = sorted.stream().filter(t -> t > from && t < to).toList();
        assertThat(windows.size()).as("windows around %s", around).isGreaterThan(5);
        for (int i = 1; i < windows.size(); i++) {
            assertThat(windows.get(i) - windows.get(i - 1)).as("gap before window %s (around %s)", windows.get(i),
                    around).isBetween(900L, 1_100L);
        }
    }
}
