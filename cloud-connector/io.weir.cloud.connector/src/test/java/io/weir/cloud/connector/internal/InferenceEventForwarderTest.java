// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.weir.cloud.CloudMessage;
import io.weir.cloud.CloudPublisher;
import io.weir.cloud.QoS;
import io.weir.data.DataType;
import io.weir.data.RecordBatch;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

class InferenceEventForwarderTest {

    private final List<CloudMessage> sent = new ArrayList<>();
    private final PromiseFactory promises = new PromiseFactory(PromiseFactory.inlineExecutor());
    private final CloudPublisher publisher = new CloudPublisher() {
        @Override
        public Promise<Long> publish(CloudMessage message) {
            sent.add(message);
            return promises.resolved((long) sent.size());
        }

        @Override
        public Promise<List<Long>> publish(String topic, RecordBatch records, QoS qos, int priority) {
            throw new UnsupportedOperationException();
        }
    };

    private static InferenceEventForwarder.Config config(boolean enabled, String prefix, int priority) {
        return new InferenceEventForwarder.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return InferenceEventForwarder.Config.class;
            }

            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String topicPrefix() {
                return prefix;
            }

            @Override
            public int qos() {
                return 1;
            }

            @Override
            public int priority() {
                return priority;
            }
        };
    }

    @Test
    void aDriftEventBecomesATypedDataMessage() {
        InferenceEventForwarder f = new InferenceEventForwarder(publisher, config(true, "W1/inference", 5));
        f.handleEvent(new Event("io/weir/inference/DRIFT", Map.of(
                "model.name", "vibration-anomaly", "model.version", "1.0.0", "pipeline", "anomaly",
                "window", 500, "since", 1_000L, "timestamp", 61_000L, "threshold", 0.25,
                "features", new String[] { "vibration_std", "score" }, "values", new double[] { 0.9, 0.4 })));
        assertThat(sent).hasSize(1);
        CloudMessage m = sent.get(0);
        assertThat(m.topic()).isEqualTo("W1/inference/drift");
        assertThat(m.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThat(m.priority()).isEqualTo(5);
        assertThat(m.payload().timestamp()).isEqualTo(61_000L);
        var metrics = m.payload().metrics();
        assertThat(metrics.get("model.name").stringValue()).isEqualTo("vibration-anomaly");
        assertThat(metrics.get("window").type()).isEqualTo(DataType.INTEGER);
        assertThat(metrics.get("since").type()).isEqualTo(DataType.LONG);
        assertThat(metrics.get("threshold").doubleValue()).isEqualTo(0.25);
        assertThat(metrics.get("features").stringValue()).isEqualTo("vibration_std,score");
        assertThat(metrics.get("values").stringValue()).isEqualTo("0.9,0.4");
        assertThat(metrics.get("value.vibration_std").doubleValue()).isEqualTo(0.9);
        assertThat(metrics.get("value.score").doubleValue()).isEqualTo(0.4);
    }

    @Test
    void modelEventsKeepTheirKindInTheTopic() {
        InferenceEventForwarder f = new InferenceEventForwarder(publisher, config(true, "W1/inference", 5));
        f.handleEvent(new Event("io/weir/inference/model/REFUSED", Map.of("model.name", "m", "reason", "corrupt")));
        f.handleEvent(new Event("io/weir/inference/DRIFT_CLEARED", Map.of("model.name", "m")));
        assertThat(sent).extracting(CloudMessage::topic).containsExactly("W1/inference/model/refused",
                "W1/inference/drift-cleared");
        assertThat(sent.get(0).payload().metrics().get("reason").stringValue()).isEqualTo("corrupt");
    }

    @Test
    void disabledForwardsNothingAndBadConfigurationIsRefused() {
        new InferenceEventForwarder(publisher, config(false, "W1/inference", 5))
                .handleEvent(new Event("io/weir/inference/DRIFT", Map.of()));
        assertThat(sent).isEmpty();
        assertThatThrownBy(() -> new InferenceEventForwarder(publisher, config(true, "W1/#", 5)))
                .hasMessageContaining("must not contain '+', '#'");
        assertThatThrownBy(() -> new InferenceEventForwarder(publisher, config(true, "W1", 12)))
                .hasMessageContaining("priority must be 0 to 9, was 12");
    }
}
