// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.weir.data.Record;
import io.weir.data.TypedValue;

class CloudMessageTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "/W1/a", "W1/a/", "W1//a", "W1/+/a", "W1/#", "W1/a\u0000"})
    void rejectsInvalidTopics(String topic) {
        assertThatThrownBy(() -> new CloudMessage(topic, CloudPayload.EMPTY, QoS.AT_LEAST_ONCE, 7))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsSemanticTopicsAndBoundsPriority() {
        CloudMessage m = new CloudMessage("W1/vibration/features", CloudPayload.EMPTY, QoS.AT_LEAST_ONCE,
                CloudMessage.PRIORITY_DEFAULT);
        assertThat(m.retain()).isFalse();
        assertThat(m.priority()).isEqualTo(7);
        assertThatThrownBy(() -> new CloudMessage("W1/a", CloudPayload.EMPTY, QoS.AT_MOST_ONCE, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> new CloudMessage("W1/a", CloudPayload.EMPTY, QoS.AT_MOST_ONCE, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void qosLevelsRoundTrip() {
        for (QoS q : QoS.values()) {
            assertThat(QoS.ofLevel(q.level())).isSameAs(q);
        }
        assertThat(QoS.AT_MOST_ONCE.isDurable()).isFalse();
        assertThat(QoS.AT_LEAST_ONCE.isDurable()).isTrue();
        assertThat(QoS.EXACTLY_ONCE.level()).isEqualTo(2);
        assertThatThrownBy(() -> QoS.ofLevel(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void payloadCopiesMetricsAndBody() {
        Map<String, TypedValue> metrics = new LinkedHashMap<>();
        metrics.put("rms", TypedValue.ofDouble(0.5));
        metrics.put("count", TypedValue.ofInteger(3));
        byte[] body = {1, 2};
        CloudPayload p = new CloudPayload(10L, new Position(46.5, 6.6), metrics, body);
        metrics.put("extra", TypedValue.ofBoolean(true));
        body[0] = 9;
        p.body()[1] = 9;

        assertThat(p.metrics().keySet()).containsExactly("rms", "count");
        assertThat(p.body()).containsExactly(1, 2);
        assertThat(p.metric("count")).isEqualTo(TypedValue.ofInteger(3));
        assertThatThrownBy(() -> p.metrics().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(p).isEqualTo(new CloudPayload(10L, new Position(46.5, 6.6),
                Map.of("rms", TypedValue.ofDouble(0.5), "count", TypedValue.ofInteger(3)), new byte[] {1, 2}))
                .isNotEqualTo(new CloudPayload(10L, new Position(46.5, 6.6), p.metrics(), new byte[] {1}));
        assertThat(p.hashCode()).isEqualTo(new CloudPayload(10L, new Position(46.5, 6.6), p.metrics(),
                new byte[] {1, 2}).hashCode());
        assertThat(p.toString()).contains("body[2]");
        assertThat(CloudPayload.EMPTY.body()).isNull();
        assertThatThrownBy(() -> new CloudPayload(0, null, Map.of("", TypedValue.ofInteger(1)), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void payloadOfRecordKeepsTimestampAndValueOrder() {
        Record r = Record.builder("pump-1").timestamp(1234L).put("b", 2.0).put("a", 1L).build();
        CloudPayload p = CloudPayload.of(r);
        assertThat(p.timestamp()).isEqualTo(1234L);
        assertThat(p.metrics().keySet()).containsExactly("b", "a");
        assertThat(p.metric("a")).isEqualTo(TypedValue.ofLong(1L));
        assertThat(p.position()).isNull();
        assertThat(p.body()).isNull();
    }

    @Test
    void exceptionCarriesItsCode() {
        CloudException e = new CloudException(CloudErrorCode.STORE_FULL, "store holds 10000 messages");
        assertThat(e.code()).isEqualTo(CloudErrorCode.STORE_FULL);
        assertThat(e).hasMessageContaining("10000");
        assertThatThrownBy(() -> new CloudException(null, "x")).isInstanceOf(NullPointerException.class);
    }
}
