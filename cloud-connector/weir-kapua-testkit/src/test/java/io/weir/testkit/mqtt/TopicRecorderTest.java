// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.testkit.broker.Brokers;
import io.weir.testkit.broker.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Recording order, QoS and retain flags, waiting and clearing. */
class TopicRecorderTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void recordsInPublicationOrderWithQosAndRetainFlag(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start();
                PahoClient pub = PahoClient.connect(broker.url(), "pub");
                TopicRecorder rec = TopicRecorder.start(broker.url(), "acc/dev/#", "$EDC/acc/dev/#")) {
            for (int i = 0; i < 50; i++) {
                pub.publish("acc/dev/seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8), 1, false);
            }
            List<RecordedMessage> seq = rec.awaitCount(50, m -> m.topic().equals("acc/dev/seq"), WAIT);
            assertThat(seq).extracting(RecordedMessage::text)
                    .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(Integer::toString).toList());
            assertThat(seq).extracting(RecordedMessage::sequence).isSorted();
            assertThat(seq).extracting(RecordedMessage::arrival).isSorted();

            pub.publish("$EDC/acc/dev/MQTT/BIRTH", new byte[] {1}, 1, false);
            pub.publish("$EDC/acc/dev/MQTT/DC", new byte[] {2}, 0, false);
            pub.publish("acc/dev/q2", new byte[] {3}, 2, false);
            assertThat(rec.awaitTopic("$EDC/acc/dev/MQTT/BIRTH", WAIT).qos()).isEqualTo(1);
            assertThat(rec.awaitTopic("$EDC/acc/dev/MQTT/DC", WAIT).qos()).isZero();
            assertThat(rec.awaitTopic("acc/dev/q2", WAIT).qos()).isEqualTo(2);
            assertThat(rec.messages("acc/dev/q2")).hasSize(1);
            assertThat(rec.awaitTopic("$EDC/acc/dev/MQTT/BIRTH", WAIT).levels())
                    .containsExactly("$EDC", "acc", "dev", "MQTT", "BIRTH");

            pub.publish("acc/dev/state", "on".getBytes(StandardCharsets.UTF_8), 1, true);
            assertThat(rec.awaitTopic("acc/dev/state", WAIT).retained()).isFalse(); // live delivery
            try (TopicRecorder late = TopicRecorder.start(broker.url(), "acc/dev/state")) {
                RecordedMessage r = late.awaitTopic("acc/dev/state", WAIT);
                assertThat(r.retained()).isTrue();
                assertThat(r.text()).isEqualTo("on");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void awaitSeesEarlierMessagesClearForgetsThemAndTimeoutsExplain(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start();
                PahoClient pub = PahoClient.connect(broker.url(), "pub");
                TopicRecorder rec = TopicRecorder.start(broker.url(), "a/#")) {
            pub.publish("a/1", new byte[0], 1, false);
            rec.awaitTopic("a/1", WAIT);
            assertThat(rec.awaitTopic("a/1", Duration.ZERO).topic()).isEqualTo("a/1");
            rec.clear();
            assertThat(rec.messages()).isEmpty();
            pub.publish("a/2", new byte[0], 1, false);
            rec.awaitTopic("a/2", WAIT);
            assertThatThrownBy(() -> rec.awaitTopic("a/1", Duration.ofMillis(100)))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("waited PT0.1S on [a/#] for 1 matching message(s), found 0")
                    .hasMessageContaining("a/2");
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void anAttachedRecorderLeavesItsClientConnected(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start(); PahoClient client = PahoClient.connect(broker.url(), "shared")) {
            try (TopicRecorder rec = TopicRecorder.attach(client, "b/#")) {
                client.publish("b/1", new byte[] {1}, 1, false);
                assertThat(rec.awaitTopic("b/1", WAIT).payload()).containsExactly(1);
            }
            assertThat(client.isConnected()).isTrue();
            client.publish("b/2", new byte[] {2}, 1, false);
        }
    }
}
