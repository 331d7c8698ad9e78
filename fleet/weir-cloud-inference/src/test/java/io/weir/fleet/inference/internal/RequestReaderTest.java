// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a request can be read, without MQTT; payloads written with the test kit. */
class RequestReaderTest {

    private static final long NOW = 1_000_000L;
    private static final String SERVICE = "inference/m";
    private static final String TOPIC = "acc/gw-1/W1/OFFLOAD-V1/r-1";

    private final RequestReader reader = new RequestReader("acc", 100, Set.of(SERVICE, "inference/n"), () -> NOW);

    private static RawKuraPayload request() {
        return new RawKuraPayload().metric("request.id", MetricType.STRING, "r-1")
                .metric("service", MetricType.STRING, SERVICE).metric("deadline", MetricType.INT64, NOW + 1)
                .body(new byte[] {1, 2, 3});
    }

    @Test
    void readsAWellFormedRequest() {
        Inbound in = reader.read(TOPIC, request().encode());
        assertThat(in).isInstanceOfSatisfying(Inbound.Accepted.class, a -> {
            assertThat(a.clientId()).isEqualTo("gw-1");
            assertThat(a.requestId()).isEqualTo("r-1");
            assertThat(a.service()).isEqualTo(SERVICE);
            assertThat(a.deadline()).isEqualTo(NOW + 1);
            assertThat(a.body()).containsExactly(1, 2, 3);
        });
        assertThat(reader.read(TOPIC, request().encodeGzip())).isInstanceOf(Inbound.Accepted.class);
        // the deadline itself is still in time; metric order and extra metrics do not matter
        assertThat(reader.read(TOPIC, new RawKuraPayload().metric("extra", MetricType.BOOL, true)
                .metric("deadline", MetricType.INT64, NOW).metric("service", MetricType.STRING, SERVICE)
                .metric("request.id", MetricType.STRING, "r-1").body(new byte[100]).encode()))
                .isInstanceOf(Inbound.Accepted.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"acc/gw-1/W1/OFFLOAD-V1", "acc/gw-1/W1/OFFLOAD-V1/r/x", "other/gw-1/W1/OFFLOAD-V1/r",
        "acc/gw-1/W2/OFFLOAD-V1/r", "acc/gw-1/W1/OFFLOAD-V2/r", "acc//W1/OFFLOAD-V1/r", "acc/gw-1/W1/OFFLOAD-V1/"})
    void dropsMessagesOnOtherTopics(String topic) {
        assertThat(reader.read(topic, request().encode())).isInstanceOfSatisfying(Inbound.Dropped.class,
                d -> assertThat(d.reason()).contains(topic).contains("acc/+/W1/OFFLOAD-V1/+"));
    }

    @Test
    void dropsWhatHasNoReadableRequestId() {
        assertThat(reason(new byte[] {(byte) 0xFF, 1, 2})).contains("is not a Kura payload");
        assertThat(reason(new byte[0])).contains("has no metric request.id");
        assertThat(reason(request().removeMetric("request.id").encode())).contains("has no metric request.id");
        assertThat(reason(request().removeMetric("request.id").metric("request.id", MetricType.INT64, 1L).encode()))
                .contains("metric request.id of type INT64; it must be a STRING");
        // a metric whose value field does not match its declared type: the Kura codec refuses the whole payload
        assertThat(reason(request().rawMetric("x", 5, 3, 1.0).encode())).contains("is not a Kura payload");
        // larger than the body limit plus the envelope allowance: not decoded at all
        assertThat(reason(request().body(new byte[100 + 64 * 1024 + 1]).encode())).contains("exceeds the limit");
    }

    @Test
    void refusesMalformedRequestsWithAReason() {
        assertThat(refusal(request().removeMetric("request.id").metric("request.id", MetricType.STRING, "r-2")))
                .isEqualTo("metric request.id 'r-2' differs from the request id 'r-1' in the topic");
        assertThat(refusal(request().removeMetric("service"))).isEqualTo("the request has no metric service (STRING)");
        assertThat(refusal(request().removeMetric("deadline").metric("deadline", MetricType.DOUBLE, 1.0)))
                .isEqualTo("metric deadline must be INT64 (epoch milliseconds), was DOUBLE");
        assertThat(refusal(request().body(null))).startsWith("the request has no body");
        assertThat(refusal(request().body(new byte[101]))).isEqualTo("body of 101 bytes exceeds the limit of 100 bytes");
        assertThat(refusal(request().removeMetric("service").metric("service", MetricType.STRING, "inference/x")))
                .isEqualTo("unknown service 'inference/x'; this service offers [inference/m, inference/n]");
    }

    @Test
    void refusesExpiredRequestsAfterCheckingTheirForm() {
        RawKuraPayload late = request().removeMetric("deadline").metric("deadline", MetricType.INT64, NOW - 1);
        assertThat(reader.read(TOPIC, late.encode())).isInstanceOfSatisfying(Inbound.Refused.class, r -> {
            assertThat(r.error()).isEqualTo("deadline passed");
            assertThat(r.expired()).isTrue();
            assertThat(r.service()).isEqualTo(SERVICE);
        });
        // a late request that is also malformed is told about the malformation
        assertThat(refusal(late.body(null))).startsWith("the request has no body");
    }

    private String reason(byte[] bytes) {
        Inbound in = reader.read(TOPIC, bytes);
        assertThat(in).isInstanceOf(Inbound.Dropped.class);
        return ((Inbound.Dropped) in).reason();
    }

    private String refusal(RawKuraPayload p) {
        Inbound in = reader.read(TOPIC, p.encode());
        assertThat(in).isInstanceOfSatisfying(Inbound.Refused.class, r -> {
            assertThat(r.clientId()).isEqualTo("gw-1");
            assertThat(r.requestId()).isEqualTo("r-1");
            assertThat(r.expired()).isFalse();
        });
        return ((Inbound.Refused) in).error();
    }
}
