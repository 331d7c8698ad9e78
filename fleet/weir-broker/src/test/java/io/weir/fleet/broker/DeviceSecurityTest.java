// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link DeviceSecurity} extension point, with a Kapua-like policy: user "acc" with password "secret" may use
 * {@code acc/{clientId}/...} and {@code $EDC/acc/{clientId}/...}; user "manager" may use everything.
 */
class DeviceSecurityTest {

    private static final List<String> DECISIONS = new CopyOnWriteArrayList<>();

    private static final DeviceSecurity POLICY = new DeviceSecurity() {
        @Override
        public @Nullable String authenticate(@Nullable String username, @Nullable String password,
                String clientId) {
            if ("secret".equals(password) && ("acc".equals(username) || "manager".equals(username))) {
                return username;
            }
            return null;
        }

        @Override
        public boolean authorize(String identity, String clientId, Action action, String topic) {
            DECISIONS.add(identity + " " + clientId + " " + action + " " + topic);
            return identity.equals("manager")
                    || topic.startsWith("acc/" + clientId + "/") || topic.startsWith("$EDC/acc/" + clientId + "/");
        }
    };

    private static WeirBroker broker;

    @BeforeAll
    static void start() {
        broker = WeirBroker.builder().deviceSecurity(POLICY).build();
        broker.start();
    }

    @AfterAll
    static void stop() {
        broker.stop();
    }

    private static MqttConnectOptions login(String user, String password) {
        MqttConnectOptions o = Inbox.options(true);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        return o;
    }

    @Test
    void wrongPasswordAndAnonymousClientsAreRefused() {
        assertThatThrownBy(() -> new Inbox(broker.url(), "dev", login("acc", "wrong")))
                .isInstanceOf(MqttException.class)
                .extracting(e -> ((MqttException) e).getReasonCode())
                .isEqualTo((int) MqttException.REASON_CODE_NOT_AUTHORIZED);
        assertThatThrownBy(() -> new Inbox(broker.url(), "dev", Inbox.options(true)))
                .isInstanceOf(MqttException.class);
    }

    @Test
    void aDeviceUsesItsOwnTopicsOnly() throws Exception {
        try (Inbox manager = new Inbox(broker.url(), "kapua", login("manager", "secret"));
                Inbox dev = new Inbox(broker.url(), "dev-a", login("acc", "secret"))) {
            assertThat(manager.subscribe("$EDC/acc/#", 1)).isEqualTo(1);
            assertThat(dev.subscribe("$EDC/acc/dev-a/CONF-V1/#", 1)).isEqualTo(1);
            assertThat(dev.subscribe("$EDC/acc/dev-b/#", 1)).isEqualTo(128);
            assertThat(DECISIONS).contains("acc dev-a SUBSCRIBE $EDC/acc/dev-b/#");

            dev.publish("$EDC/acc/dev-a/MQTT/BIRTH", "mine", 1);
            assertThat(manager.next().topic()).isEqualTo("$EDC/acc/dev-a/MQTT/BIRTH");

            manager.publish("$EDC/acc/dev-a/CONF-V1/GET/configurations", "request", 0);
            assertThat(dev.next().topic()).isEqualTo("$EDC/acc/dev-a/CONF-V1/GET/configurations");

            // MQTT 3.1.1 cannot refuse a publish: the broker closes the connection
            assertThatThrownBy(() -> dev.publish("$EDC/acc/dev-b/MQTT/BIRTH", "not mine", 1))
                    .isInstanceOf(MqttException.class);
            assertThat(dev.client.isConnected()).isFalse();
            assertThat(DECISIONS).contains("acc dev-a PUBLISH $EDC/acc/dev-b/MQTT/BIRTH");
        }
    }
}
