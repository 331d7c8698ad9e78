// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.testkit.mqtt.PahoClient;
import io.weir.testkit.mqtt.TopicRecorder;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The mosquitto launcher: configuration, stop, kill, restart on the same port, and a missing binary. */
class MosquittoTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void runsStopsKillsAndRestartsOnTheSamePort() throws Exception {
        Mosquitto m = Mosquitto.launch();
        try {
            int port = m.port();
            assertThat(m.url()).isEqualTo("tcp://127.0.0.1:" + port);
            assertThat(m.isRunning()).isTrue();
            assertThat(Files.readString(m.directory().resolve("mosquitto.conf")))
                    .contains("listener " + port + " 127.0.0.1", "allow_anonymous true", "persistence false",
                            "max_packet_size " + Mosquitto.MAX_PACKET_SIZE);
            roundTrip(m);

            m.stop();
            assertThat(m.isRunning()).isFalse();
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
            m.start();
            assertThat(m.port()).isEqualTo(port);
            roundTrip(m);

            m.kill();
            assertThat(m.isRunning()).isFalse();
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
            m.restart();
            assertThat(m.isRunning()).isTrue();
            roundTrip(m);
        } finally {
            m.close();
        }
        assertThat(m.directory()).doesNotExist();
    }

    @Test
    void sixteenMebibytePayloadsPass() throws Exception {
        try (Mosquitto m = Mosquitto.launch();
                PahoClient pub = PahoClient.connect(m.url(), "pub");
                TopicRecorder rec = TopicRecorder.start(m.url(), "big")) {
            byte[] big = new byte[16 * 1024 * 1024 + 4096];
            big[big.length - 1] = 42;
            pub.publish("big", big, 1, false);
            assertThat(rec.awaitTopic("big", WAIT).payload()).isEqualTo(big);
        }
    }

    @Test
    void aMissingBinaryIsAClearErrorNotASkip() {
        String old = System.getProperty(Mosquitto.BINARY_PROPERTY);
        System.setProperty(Mosquitto.BINARY_PROPERTY, "/nonexistent/mosquitto");
        try {
            assertThatThrownBy(Mosquitto::launch)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("mosquitto is required for the interop tests")
                    .hasMessageContaining("apt-get install -y mosquitto")
                    .hasMessageContaining(".ci/run installs it");
        } finally {
            if (old == null) {
                System.clearProperty(Mosquitto.BINARY_PROPERTY);
            } else {
                System.setProperty(Mosquitto.BINARY_PROPERTY, old);
            }
        }
    }

    @Test
    void aTakenPortIsAClearError() throws Exception {
        try (Mosquitto first = Mosquitto.launch()) {
            assertThatThrownBy(() -> Mosquitto.launch(first.port()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("mosquitto cannot listen on port " + first.port() + ": it is in use");
        }
    }

    private static void roundTrip(TestBroker broker) throws Exception {
        try (PahoClient pub = PahoClient.connect(broker.url(), PahoClient.uniqueId("pub"));
                TopicRecorder rec = TopicRecorder.start(broker.url(), "$EDC/acc/+/MQTT/#")) {
            pub.publish("$EDC/acc/gw-1/MQTT/BIRTH", new byte[] {7}, 1, false);
            assertThat(rec.awaitTopic("$EDC/acc/gw-1/MQTT/BIRTH", WAIT).payload()).containsExactly(7);
        }
    }
}
