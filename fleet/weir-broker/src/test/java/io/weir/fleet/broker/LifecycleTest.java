// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, stop, restart, persistence and the command line. */
class LifecycleTest {

    @Test
    void restartsOnTheSamePortAndClientsReconnect() throws Exception {
        WeirBroker broker = WeirBroker.builder().port(0).build();
        assertThatThrownBy(broker::port).isInstanceOf(IllegalStateException.class);
        broker.start();
        try {
            int port = broker.port();
            assertThat(port).isPositive();
            assertThat(broker.url()).isEqualTo("tcp://127.0.0.1:" + port);
            assertThat(broker.isStarted()).isTrue();

            MqttConnectOptions auto = Inbox.options(true);
            auto.setAutomaticReconnect(true);
            auto.setMaxReconnectDelay(1000);
            try (Inbox survivor = new Inbox(broker.url(), "survivor", auto)) {
                broker.stop();
                assertThat(broker.isStarted()).isFalse();
                assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
                broker.stop(); // idempotent

                broker.start();
                assertThat(broker.port()).isEqualTo(port);
                assertThat(broker.isStarted()).isTrue();
                try (Inbox fresh = new Inbox(broker.url(), "fresh")) {
                    fresh.subscribe("acc/dev/#", 1);
                    // Paho's automatic reconnect finds the broker on the same port again
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (!survivor.client.isConnected() && System.nanoTime() < deadline) {
                        Thread.sleep(20); // polling a condition, with a generous deadline
                    }
                    assertThat(survivor.client.isConnected()).isTrue();
                    survivor.publish("acc/dev/after-restart", "hello", 1);
                    assertThat(fresh.next().text()).isEqualTo("hello");
                }
            }
        } finally {
            broker.stop();
        }
    }

    @Test
    void inMemoryBrokerForgetsRetainedMessagesOnRestart() throws Exception {
        try (WeirBroker broker = WeirBroker.builder().build()) {
            broker.start();
            try (Inbox pub = new Inbox(broker.url(), "pub")) {
                pub.publish("acc/dev/state", "on".getBytes(StandardCharsets.UTF_8), 1, true);
                pub.publish("acc/dev/marker", "marker".getBytes(StandardCharsets.UTF_8), 1, true);
            }
            broker.stop();
            broker.start();
            try (Inbox sub = new Inbox(broker.url(), "sub")) {
                sub.subscribe("acc/dev/#", 1);
                try (Inbox pub = new Inbox(broker.url(), "pub")) {
                    pub.publish("acc/dev/now", "now", 1);
                }
                assertThat(sub.next().topic()).isEqualTo("acc/dev/now");
            }
        }
    }

    @Test
    void persistentBrokerKeepsRetainedMessagesAndOfflineQueues(@TempDir Path data) throws Exception {
        try (WeirBroker broker = WeirBroker.builder().dataDirectory(data).build()) {
            assertThat(broker.isPersistent()).isTrue();
            broker.start();
            // a persistent session with a QoS 1 subscription, then offline
            try (Inbox kapua = new Inbox(broker.url(), "kapua-durable", Inbox.options(false))) {
                kapua.subscribe("$EDC/acc/+/MQTT/#", 1);
            }
            try (Inbox gw = new Inbox(broker.url(), "gw")) {
                gw.publish("$EDC/acc/gw/MQTT/BIRTH", "queued while offline".getBytes(StandardCharsets.UTF_8), 1,
                        false);
                gw.publish("acc/gw/state", "retained".getBytes(StandardCharsets.UTF_8), 1, true);
            }
            broker.stop();
            broker.start();

            try (Inbox kapua = new Inbox(broker.url(), "kapua-durable", Inbox.options(false))) {
                Inbox.Received r = kapua.next();
                assertThat(r.topic()).isEqualTo("$EDC/acc/gw/MQTT/BIRTH");
                assertThat(r.text()).isEqualTo("queued while offline");
            }
            try (Inbox late = new Inbox(broker.url(), "late")) {
                late.subscribe("acc/gw/#", 1);
                Inbox.Received r = late.next();
                assertThat(r.text()).isEqualTo("retained");
                assertThat(r.retained()).isTrue();
            }
        }
    }

    @Test
    void aTakenPortIsAClearError() {
        try (WeirBroker first = WeirBroker.builder().build()) {
            first.start();
            WeirBroker second = WeirBroker.builder().port(first.port()).build();
            assertThatThrownBy(second::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("tcp://127.0.0.1:" + first.port());
            assertThat(second.isStarted()).isFalse();
            assertThat(first.isStarted()).isTrue();
        }
    }

    @Test
    void builderRejectsBadOptions() {
        assertThatThrownBy(() -> WeirBroker.builder().port(70000)).hasMessageContaining("port");
        assertThatThrownBy(() -> WeirBroker.builder().host(" ")).hasMessageContaining("host");
        assertThatThrownBy(() -> WeirBroker.builder().maxMessageBytes(10)).hasMessageContaining("maxMessageBytes");
        assertThatThrownBy(() -> WeirBroker.builder().globalMaxSize(10)).hasMessageContaining("globalMaxSize");
    }

    @Test
    void commandLineRunsUntilSigterm(@TempDir Path data) throws Exception {
        Process p = java("--port", "0", "--data", data.toString());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String ready = out.readLine();
            assertThat(ready).matches("weir-broker ready on tcp://127\\.0\\.0\\.1:\\d+");
            String url = ready.substring("weir-broker ready on ".length());
            try (Inbox sub = new Inbox(url, "cli-sub"); Inbox pub = new Inbox(url, "cli-pub")) {
                sub.subscribe("$EDC/acc/cli/#", 1);
                pub.publish("$EDC/acc/cli/MQTT/BIRTH", "cli", 1);
                assertThat(sub.next().text()).isEqualTo("cli");
            }
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(143);
            assertThat(data.resolve("journal")).isDirectory();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void commandLineRejectsBadArguments() throws Exception {
        Process p = java("--port", "nope");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).contains("--port must be a number").contains("usage: weir-broker");
    }

    private static Process java(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WeirBroker.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }
}
