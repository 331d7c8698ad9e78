// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

/** The message size limit, and paging when the memory budget is used up. */
class LimitsTest {

    @Test
    void aTooLargeMessageClosesThePublishersConnectionAndIsNotDelivered() throws Exception {
        try (WeirBroker broker = WeirBroker.builder().maxMessageBytes(64 * 1024).build()) {
            broker.start();
            try (Inbox sub = new Inbox(broker.url(), "sub"); Inbox pub = new Inbox(broker.url(), "pub")) {
                sub.subscribe("acc/dev/#", 1);
                assertThatThrownBy(() -> pub.publish("acc/dev/big", new byte[64 * 1024 + 1], 1, false))
                        .isInstanceOf(MqttException.class);
                assertThat(pub.client.isConnected()).isFalse();

                try (Inbox again = new Inbox(broker.url(), "pub-2")) {
                    again.publish("acc/dev/fits", new byte[64 * 1024], 1, false);
                }
                Inbox.Received r = sub.next();
                assertThat(r.topic()).isEqualTo("acc/dev/fits");
                assertThat(r.payload()).hasSize(64 * 1024);
            }
        }
    }

    @Test
    void anOfflineSubscribersBacklogBeyondTheMemoryBudgetPagesAndIsDeliveredInFull() throws Exception {
        int messages = 40;
        int size = 32 * 1024; // 1.25 MiB in all, the budget is 128 KiB
        try (WeirBroker broker = WeirBroker.builder().globalMaxSize(128 * 1024).build()) {
            broker.start();
            try (Inbox kapua = new Inbox(broker.url(), "kapua", Inbox.options(false))) {
                kapua.subscribe("acc/dev/#", 1);
            }
            try (Inbox gw = new Inbox(broker.url(), "gw")) {
                for (int i = 0; i < messages; i++) {
                    byte[] payload = new byte[size];
                    byte[] id = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(id, 0, payload, 0, id.length);
                    gw.publish("acc/dev/m", payload, 1, false);
                }
            }
            try (Inbox kapua = new Inbox(broker.url(), "kapua", Inbox.options(false))) {
                for (int i = 0; i < messages; i++) {
                    Inbox.Received r = kapua.next();
                    assertThat(r.payload()).hasSize(size);
                    String id = new String(r.payload(), 0, Integer.toString(i).length(), StandardCharsets.UTF_8);
                    assertThat(id).isEqualTo(Integer.toString(i));
                }
            }
        }
    }
}
