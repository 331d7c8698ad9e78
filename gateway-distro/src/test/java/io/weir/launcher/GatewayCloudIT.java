// SPDX-License-Identifier: Apache-2.0
package io.weir.launcher;

import static io.weir.launcher.GatewayProcess.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import io.weir.testkit.mqtt.RecordedMessage;
import io.weir.testkit.mqtt.TopicRecorder;
import io.weir.testkit.payload.Metric;
import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * The gateway jar and the cloud link, end to end: launch settings from the environment, BIRTH and telemetry of the
 * default pipeline on a real broker (the embedded Artemis), a request answered, DC on SIGTERM, and telemetry kept
 * across {@code kill -9} while the broker is unreachable.
 */
class GatewayCloudIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String FEATURES = "acme/gw-it/W1/machine/features";

    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path tmp;

    private GatewayProcess start(Path data, int httpPort, String mqttUrl) throws IOException {
        return new GatewayProcess(processes, data, httpPort, Map.of("WEIR_CONSOLE_PASSWORD", "cloud-test-password",
                "WEIR_MQTT_URL", mqttUrl, "WEIR_ACCOUNT", "acme", "WEIR_CLIENT_ID", "gw-it",
                "WEIR_MQTT_USERNAME", "gateway", "WEIR_MQTT_PASSWORD", "s3cr3t-pw"));
    }

    private static JsonObject cloudCheck(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
            return reader.readObject().getJsonArray("checks").stream().map(v -> v.asJsonObject())
                    .filter(c -> c.getString("name").equals("cloud.connection")).findFirst()
                    .orElseThrow(() -> new AssertionError("no cloud.connection check in " + r.body()));
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
    void publishesBirthAndTelemetryAnswersRequestsAndSaysGoodbye() throws Exception {
        WeirBroker broker = WeirBroker.builder().port(0).build();
        broker.start();
        try (TopicRecorder recorder = TopicRecorder.start(broker.url(), "$EDC/acme/gw-it/MQTT/#", "acme/gw-it/#");
                KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url())) {
            int http = freePort();
            GatewayProcess g = start(tmp.resolve("data"), http, broker.url());
            g.awaitStarted();

            RecordedMessage birth = recorder.awaitTopic("$EDC/acme/gw-it/MQTT/BIRTH", WAIT);
            RawKuraPayload b = birth.kura();
            assertThat(b.metricList()).allSatisfy(m -> assertThat(m.is(MetricType.STRING)).as(m.name()).isTrue());
            assertThat(b.getString("osgi_framework")).isEqualTo("org.apache.felix.framework");
            assertThat(b.getString("application_framework")).isEqualTo("Weir");

            // the default pipeline's window features, one message per window, metric types kept (DOUBLE)
            RecordedMessage features = recorder.awaitTopic(FEATURES, WAIT);
            assertThat(features.qos()).isEqualTo(1);
            RawKuraPayload f = features.kura();
            assertThat(f.timestamp()).isNotNull();
            assertThat(f.metricList()).isNotEmpty()
                    .anySatisfy(m -> assertThat(m.is(MetricType.DOUBLE)).as(m.toString()).isTrue());

            JsonObject check = cloudCheck(http);
            assertThat(check.getString("state")).isEqualTo("UP");
            assertThat(check.getJsonObject("details").getString("clientId")).isEqualTo("gw-it");

            // the request path of the real gateway: an app nobody serves is 404
            Reply reply = kapua.request("acme", "gw-it", "NOPE-V1", "GET", List.of("anything"), null,
                    Duration.ofSeconds(30));
            assertThat(reply.responseCode()).isEqualTo(404);

            // the password seeded from the environment is never printed
            assertThat(g.output()).doesNotContain("s3cr3t-pw");

            assertThat(g.terminate()).isIn(0, 143);
            RecordedMessage dc = recorder.awaitTopic("$EDC/acme/gw-it/MQTT/DC", WAIT);
            assertThat(dc.kura().metrics().keySet()).containsExactly("uptime", "display_name");
            assertThat(recorder.messages("$EDC/acme/gw-it/MQTT/LWT")).as("gateway output:\n%s", g.output()).isEmpty();
        } finally {
            broker.close();
        }
    }

    @Test
    void telemetryStoredWhileTheBrokerIsDownSurvivesKill9AndIsDeliveredLater() throws Exception {
        int brokerPort = freePort();
        String url = "tcp://127.0.0.1:" + brokerPort; // nothing listens yet
        Path data = tmp.resolve("data");
        int http = freePort();
        GatewayProcess g = start(data, http, url);
        g.awaitStarted();
        // a few windows are stored while the broker is unreachable
        long stored = 0;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (stored < 5) {
            JsonObject check = cloudCheck(http);
            assertThat(check.getString("state")).isEqualTo("DEGRADED");
            stored = Long.parseLong(check.getJsonObject("details").getString("stored"));
            assertThat(System.nanoTime()).as("telemetry stored while offline").isLessThan(deadline);
            Thread.sleep(200);
        }
        long killedAt = System.currentTimeMillis();
        g.process.destroyForcibly();
        assertThat(g.process.waitFor(20, TimeUnit.SECONDS)).isTrue();

        WeirBroker broker = WeirBroker.builder().port(brokerPort).build();
        broker.start();
        try (TopicRecorder recorder = TopicRecorder.start(broker.url(), "acme/gw-it/#")) {
            start(data, freePort(), url);
            long atLeast = stored;
            List<RecordedMessage> backlog = recorder.awaitCount((int) atLeast,
                    // the store holds both default pipelines' records: features and anomaly scores
                    m -> m.topic().startsWith("acme/gw-it/W1/machine/") && m.kura().timestamp() != null
                            && m.kura().timestamp() < killedAt, WAIT);
            assertThat(backlog).hasSizeGreaterThanOrEqualTo((int) atLeast);
            Metric anyMetric = backlog.get(0).kura().metricList().get(0);
            assertThat(anyMetric.is(MetricType.DOUBLE)).isTrue();
        } finally {
            broker.close();
        }
    }
}
