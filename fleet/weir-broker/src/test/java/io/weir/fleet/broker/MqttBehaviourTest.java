// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MQTT behaviour the cloud link relies on, through one in-memory broker shared by the tests. */
class MqttBehaviourTest {

    private static WeirBroker broker;

    @BeforeAll
    static void start() {
        broker = WeirBroker.builder().build();
        broker.start();
    }

    @AfterAll
    static void stop() {
        broker.stop();
    }

    @Test
    void controlAndDataTopicsWithQos0And1() throws Exception {
        try (Inbox control = new Inbox(broker.url(), "kapua-1");
                Inbox data = new Inbox(broker.url(), "datastore-1");
                Inbox device = new Inbox(broker.url(), "dev")) {
            assertThat(control.subscribe("$EDC/acc/dev/#", 1)).isEqualTo(1);
            assertThat(data.subscribe("acc/dev/#", 0)).isEqualTo(0);

            device.publish("$EDC/acc/dev/MQTT/BIRTH", "birth", 1);
            device.publish("acc/dev/app/t", "data", 0);
            device.publish("$EDC/acc/dev/MQTT/DC", "dc", 0);

            Inbox.Received birth = control.next();
            assertThat(birth.topic()).isEqualTo("$EDC/acc/dev/MQTT/BIRTH");
            assertThat(birth.text()).isEqualTo("birth");
            assertThat(birth.qos()).isEqualTo(1);
            Inbox.Received dc = control.next();
            assertThat(dc.topic()).isEqualTo("$EDC/acc/dev/MQTT/DC");
            assertThat(dc.qos()).isEqualTo(0);

            Inbox.Received d = data.next();
            assertThat(d.topic()).isEqualTo("acc/dev/app/t");
            assertThat(d.text()).isEqualTo("data");
            assertThat(d.qos()).isEqualTo(0);
        }
    }

    @Test
    void singleLevelWildcardMatchesOneLevel() throws Exception {
        try (Inbox sub = new Inbox(broker.url(), "sub-plus"); Inbox pub = new Inbox(broker.url(), "pub-plus")) {
            sub.subscribe("$EDC/acc/+/MQTT/BIRTH", 1);
            pub.publish("$EDC/acc/dev/extra/MQTT/BIRTH", "too deep", 1);
            pub.publish("$EDC/acc/dev-2/MQTT/BIRTH", "matches", 1);
            Inbox.Received r = sub.next();
            assertThat(r.topic()).isEqualTo("$EDC/acc/dev-2/MQTT/BIRTH");
            assertThat(r.text()).isEqualTo("matches");
        }
    }

    @Test
    void multiLevelWildcardAloneSkipsDollarTopics() throws Exception {
        // MQTT 3.1.1 §4.7.2: filters starting with a wildcard do not match topics starting with '$'
        try (Inbox sub = new Inbox(broker.url(), "sub-hash"); Inbox pub = new Inbox(broker.url(), "pub-hash")) {
            sub.subscribe("#", 1);
            pub.publish("$EDC/acc/dev/MQTT/BIRTH", "control", 1);
            pub.publish("acc/dev/marker", "marker", 1);
            // one subscription, one publisher: the control message would have been queued before the marker
            Inbox.Received r = sub.next();
            assertThat(r.topic()).isEqualTo("acc/dev/marker");
        }
    }

    @Test
    void levelsWithDotsDashesAndDollarsRoundTrip() throws Exception {
        String topic = "$EDC/acc.name/dev-1.2_x/APP-V1/a.b/$c/d..e";
        try (Inbox exact = new Inbox(broker.url(), "sub-exact");
                Inbox wild = new Inbox(broker.url(), "sub-wild");
                Inbox pub = new Inbox(broker.url(), "pub-dots")) {
            exact.subscribe(topic, 1);
            wild.subscribe("$EDC/acc.name/+/APP-V1/#", 1);
            // a dot must not act as a level separator: this topic has other levels, same characters
            pub.publish("$EDC/acc/name/dev-1/2_x/APP-V1/a/b", "not this", 1);
            pub.publish(topic, "dots", 1);

            assertThat(exact.next().topic()).isEqualTo(topic);
            Inbox.Received r = wild.next();
            assertThat(r.topic()).isEqualTo(topic);
            assertThat(r.text()).isEqualTo("dots");
        }
    }

    @Test
    void retainedMessagesReachLaterSubscribersUntilCleared() throws Exception {
        String topic = "$EDC/acc/dev-r/MQTT/LWT";
        try (Inbox pub = new Inbox(broker.url(), "pub-retain")) {
            pub.publish(topic, "kept".getBytes(StandardCharsets.UTF_8), 1, true);
            try (Inbox late = new Inbox(broker.url(), "late-1")) {
                late.subscribe("$EDC/acc/dev-r/#", 1);
                Inbox.Received r = late.next();
                assertThat(r.topic()).isEqualTo(topic);
                assertThat(r.text()).isEqualTo("kept");
                assertThat(r.retained()).isTrue();

                // a live subscriber gets the next retained publication as a normal one
                pub.publish(topic, "live".getBytes(StandardCharsets.UTF_8), 1, true);
                Inbox.Received live = late.next();
                assertThat(live.text()).isEqualTo("live");
                assertThat(live.retained()).isFalse();
            }
            // an empty retained message clears it
            pub.publish(topic, new byte[0], 1, true);
            pub.publish("$EDC/acc/dev-r/marker", "marker".getBytes(StandardCharsets.UTF_8), 1, true);
            try (Inbox later = new Inbox(broker.url(), "late-2")) {
                later.subscribe("$EDC/acc/dev-r/#", 1);
                Inbox.Received r = later.next();
                assertThat(r.topic()).isEqualTo("$EDC/acc/dev-r/marker");
                assertThat(later.poll(java.time.Duration.ofMillis(500))).isNull();
            }
            pub.publish("$EDC/acc/dev-r/marker", new byte[0], 1, true);
        }
    }

    @Test
    void qos2IsDeliveredExactlyOnceWithQos2() throws Exception {
        try (Inbox sub = new Inbox(broker.url(), "sub-q2"); Inbox pub = new Inbox(broker.url(), "pub-q2")) {
            assertThat(sub.subscribe("acc/dev/q2/#", 2)).isEqualTo(2);
            for (int i = 0; i < 5; i++) {
                pub.publish("acc/dev/q2/" + i, "m" + i, 2);
            }
            pub.publish("acc/dev/q2/end", "end", 2);
            List<String> texts = new java.util.ArrayList<>();
            Inbox.Received r;
            do {
                r = sub.next();
                assertThat(r.qos()).isEqualTo(2);
                texts.add(r.text());
            } while (!r.text().equals("end"));
            assertThat(texts).containsExactly("m0", "m1", "m2", "m3", "m4", "end");
        }
    }

    @Test
    void willIsPublishedWhenTheSocketDropsWithoutDisconnect() throws Exception {
        try (Inbox kapua = new Inbox(broker.url(), "lifecycle")) {
            kapua.subscribe("$EDC/acc/+/MQTT/LWT", 1);
            RawMqtt gateway = RawMqtt.connectWithWill(broker.host(), broker.port(), "gw-lwt",
                    "$EDC/acc/gw-lwt/MQTT/LWT", "gone".getBytes(StandardCharsets.UTF_8), 1, false);
            gateway.close(); // no DISCONNECT

            Inbox.Received will = kapua.next();
            assertThat(will.topic()).isEqualTo("$EDC/acc/gw-lwt/MQTT/LWT");
            assertThat(will.text()).isEqualTo("gone");
        }
    }

    @Test
    void willIsNotPublishedAfterDisconnect() throws Exception {
        try (Inbox kapua = new Inbox(broker.url(), "lifecycle-2"); Inbox other = new Inbox(broker.url(), "gw-2")) {
            kapua.subscribe("$EDC/acc/+/MQTT/#", 1);
            RawMqtt gateway = RawMqtt.connectWithWill(broker.host(), broker.port(), "gw-clean",
                    "$EDC/acc/gw-clean/MQTT/LWT", new byte[0], 0, false);
            gateway.disconnect();
            // a will, if published, would arrive around the marker: wait for the marker, then a little more
            other.publish("$EDC/acc/gw-2/MQTT/DC", "marker", 1);
            assertThat(kapua.next().topic()).isEqualTo("$EDC/acc/gw-2/MQTT/DC");
            assertThat(kapua.poll(java.time.Duration.ofMillis(500))).isNull();
        }
    }

    @Test
    void largeMessagesPass() throws Exception {
        byte[] big = new byte[16 * 1024 * 1024 + 512];
        new java.util.Random(7).nextBytes(big);
        try (Inbox sub = new Inbox(broker.url(), "sub-big"); Inbox pub = new Inbox(broker.url(), "pub-big")) {
            sub.subscribe("acc/dev/big", 1);
            pub.publish("acc/dev/big", big, 1, false);
            Inbox.Received r = sub.next();
            assertThat(r.payload()).isEqualTo(big);
        }
    }
}
