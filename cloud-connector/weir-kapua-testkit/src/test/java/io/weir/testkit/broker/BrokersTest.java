// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.testkit.mqtt.PahoClient;
import io.weir.testkit.mqtt.TopicRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both brokers behave alike on what the cloud link needs, including a will on a killed connection. */
class BrokersTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void startsOnAFreePortAndRestartsOnTheSameOne(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start()) {
            assertThat(broker.name()).isEqualTo(kind.toString());
            assertThat(broker.url()).startsWith("tcp://127.0.0.1:");
            int port = broker.port();
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();
            assertThat(broker.isRunning()).isTrue();
            assertThat(broker.port()).isEqualTo(port);
            try (PahoClient c = PahoClient.connect(broker.url(), "c")) {
                assertThat(c.isConnected()).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void willIsPublishedWhenAClientIsKilled(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start();
                TopicRecorder lwt = TopicRecorder.start(broker.url(), "$EDC/acc/+/MQTT/LWT")) {
            org.eclipse.paho.client.mqttv3.MqttAsyncClient gw = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(
                    broker.url(), "gw-lwt", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            org.eclipse.paho.client.mqttv3.MqttConnectOptions o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
            o.setWill("$EDC/acc/gw-lwt/MQTT/LWT", "bye".getBytes(StandardCharsets.UTF_8), 0, false);
            gw.connect(o).waitForCompletion(20_000);
            // Paho's forced disconnect closes the socket without sending DISCONNECT
            gw.disconnectForcibly(0, 0, false);
            gw.close(true);
            assertThat(lwt.awaitTopic("$EDC/acc/gw-lwt/MQTT/LWT", WAIT).text()).isEqualTo("bye");
        }
    }
}
