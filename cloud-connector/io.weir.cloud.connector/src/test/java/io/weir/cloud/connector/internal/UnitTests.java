// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit tests of the connector's pure logic: topics, backoff, token bucket, filters, URLs, configuration. */
class UnitTests {

    @Nested
    class Topics {
        final KapuaTopics t = new KapuaTopics("$EDC", "acme", "gw-1");

        @Test
        void lifecycleAndRequestTopicsFollowTheSpec() {
            assertThat(t.birth()).isEqualTo("$EDC/acme/gw-1/MQTT/BIRTH");
            assertThat(t.apps()).isEqualTo("$EDC/acme/gw-1/MQTT/APPS");
            assertThat(t.disconnect()).isEqualTo("$EDC/acme/gw-1/MQTT/DC");
            assertThat(t.lastWill()).isEqualTo("$EDC/acme/gw-1/MQTT/LWT");
            assertThat(t.controlSubscription()).isEqualTo("$EDC/acme/gw-1/#");
            assertThat(t.reply("KapuaPool-1", "CONF-V1", "-42")).isEqualTo("$EDC/acme/KapuaPool-1/CONF-V1/REPLY/-42");
            assertThat(t.reply("r", "A-V1", "1").split("/")).hasSize(6);
            assertThat(t.notification("KapuaPool-1", "DEPLOY-V2", "download"))
                    .isEqualTo("$EDC/acme/KapuaPool-1/DEPLOY-V2/NOTIFY/gw-1/download");
            assertThat(t.data("W1/machine")).isEqualTo("acme/gw-1/W1/machine");
            assertThat(t.semanticOf("acme/gw-1/W1/machine")).isEqualTo("W1/machine");
            assertThat(t.semanticOf("acme/other/W1/machine")).isNull();
        }

        @Test
        void parsesRequestTopics() {
            var c = t.parseControl("$EDC/acme/gw-1/DEPLOY-V2/EXEC/start/12");
            assertThat(c.appId()).isEqualTo("DEPLOY-V2");
            assertThat(c.rest()).containsExactly("EXEC", "start", "12");
            assertThat(t.parseControl("$EDC/acme/gw-1/CONF-V1").rest()).isEmpty();
            assertThat(t.parseControl("$EDC/acme/other/CONF-V1/GET")).isNull();
            assertThat(t.parseControl("acme/gw-1/CONF-V1/GET")).isNull();
            assertThat(t.parseControl("$EDC/acme/gw-1/")).isNull();
        }

        @Test
        void sanitisesClientIdsLikeKura() {
            assertThat(KapuaTopics.sanitizeClientId("a/b+c#d.e")).isEqualTo("a-b-c-d-e");
            assertThat(KapuaTopics.sanitizeClientId("host:1,x")).isEqualTo("host-1-x");
            assertThatThrownBy(() -> KapuaTopics.sanitizeClientId(" ")).hasMessageContaining("1 to 255");
            assertThatThrownBy(() -> new KapuaTopics("$EDC", "a/b", "c")).hasMessageContaining("account name");
        }
    }

    @Test
    void backoffDoublesUpToTheCapWithJitterInTheUpperHalf() {
        Backoff low = new Backoff(1000, 8000, () -> 0.0);
        List<Long> lows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lows.add(low.next());
        }
        assertThat(lows).containsExactly(500L, 1000L, 2000L, 4000L, 4000L, 4000L);
        Backoff high = new Backoff(1000, 8000, () -> 0.999999);
        List<Long> highs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            highs.add(high.next());
        }
        assertThat(highs).containsExactly(1000L, 2000L, 4000L, 8000L, 8000L);
        high.reset();
        assertThat(high.next()).isEqualTo(1000L);
        assertThatThrownBy(() -> new Backoff(0, 10, () -> 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokenBucketAllowsTheBurstThenTheRate() {
        long t0 = 0;
        TokenBucket b = new TokenBucket(10, 3, t0);
        assertThat(b.tryTake(t0)).isZero();
        assertThat(b.tryTake(t0)).isZero();
        assertThat(b.tryTake(t0)).isZero();
        long wait = b.tryTake(t0);
        assertThat(wait).isEqualTo(100_000_000L); // 1/10 s
        assertThat(b.tryTake(t0 + 100_000_000L)).isZero();
        assertThat(b.tryTake(t0 + 100_000_000L)).isPositive();
        // a long pause refills only up to the burst
        long later = 10_000_000_000L;
        int taken = 0;
        while (b.tryTake(later) == 0) {
            taken++;
        }
        assertThat(taken).isEqualTo(3);
    }

    @Test
    void topicFiltersMatchAsMqttSays() {
        assertThat(TopicFilters.matches("a/+/c", "a/b/c")).isTrue();
        assertThat(TopicFilters.matches("a/+/c", "a/b/c/d")).isFalse();
        assertThat(TopicFilters.matches("a/#", "a/b/c")).isTrue();
        assertThat(TopicFilters.matches("a/#", "a")).isTrue();
        assertThat(TopicFilters.matches("a/b", "a/b")).isTrue();
        assertThat(TopicFilters.matches("a/b", "a/bc")).isFalse();
        assertThatThrownBy(() -> TopicFilters.validate("a/#/b")).hasMessageContaining("last level");
        assertThatThrownBy(() -> TopicFilters.validate("a/b+")).hasMessageContaining("whole");
        assertThatThrownBy(() -> TopicFilters.validate("a//b")).hasMessageContaining("empty level");
    }

    @Test
    void brokerUrlsAcceptKuraAndPahoFormsAndNeverLeakCredentials() {
        assertThat(BrokerUrls.toPaho("mqtt://broker:1883/")).isEqualTo("tcp://broker:1883");
        assertThat(BrokerUrls.toPaho("mqtts://broker")).isEqualTo("ssl://broker:8883");
        assertThat(BrokerUrls.toPaho("tcp://10.0.0.1")).isEqualTo("tcp://10.0.0.1:1883");
        assertThat(BrokerUrls.toPaho("ws://broker")).isEqualTo("ws://broker:80/mqtt");
        assertThat(BrokerUrls.toPaho("wss://broker:8443/ws")).isEqualTo("wss://broker:8443/ws");
        assertThat(BrokerUrls.isTls("wss://broker")).isTrue();
        assertThatThrownBy(() -> BrokerUrls.toPaho("http://x")).hasMessageContaining("must start with");
        assertThatThrownBy(() -> BrokerUrls.toPaho("mqtt://user:secret@x"))
                .hasMessageNotContaining("secret").hasMessageContaining("credentials");
        assertThat(BrokerUrls.redact("mqtt://user:secret@x:1883")).isEqualTo("mqtt://***@x:1883");
    }

    @Test
    void configurationTakesDefaultsFromTheMetatypeAndRejectsBadValues() {
        var o = OptionsFactory.from(Map.of("broker.url", "mqtt://localhost:1883", "client.id", "gw.1"), Path.of("d"),
                "felix", "7", "0.1");
        assertThat(o.topics().account()).isEqualTo("weir");
        assertThat(o.topics().clientId()).isEqualTo("gw-1");
        assertThat(o.data().keepAliveSeconds()).isEqualTo(30);
        assertThat(o.data().willTopic()).isEqualTo("$EDC/weir/gw-1/MQTT/LWT");
        assertThat(o.storeFile()).isEqualTo(Path.of("d", "cloud", "messages.mv.db"));
        assertThat(o.autoConnect()).isTrue();
        assertThat(OptionsFactory.from(Map.of(), Path.of("d"), "f", "1", "1").autoConnect())
                .as("no broker configured: no connecting").isFalse();
        assertThat(o.data().password()).isNull();
        var withPassword = OptionsFactory.from(Map.of(".password", "s3cret"), Path.of("d"), "f", "1", "1");
        assertThat(new String(withPassword.data().password())).isEqualTo("s3cret");
        assertThatThrownBy(() -> OptionsFactory.from(Map.of("keep.alive", "-1"), Path.of("d"), "f", "1", "1"))
                .hasMessageContaining("keep.alive");
        assertThatThrownBy(() -> OptionsFactory.from(Map.of("store.full.policy", "DROP"), Path.of("d"), "f", "1",
                "1")).hasMessageContaining("store.full.policy");
        assertThatThrownBy(() -> OptionsFactory.from(Map.of("broker.url", "ftp://x"), Path.of("d"), "f", "1", "1"))
                .hasMessageContaining("mqtt://");
    }

    @Test
    void birthHasEveryKuraMetricAsStringAndTheAppIds() {
        DeviceProfile p = DeviceProfile.read("gw", "org.apache.felix.framework", "7.0.5", "0.1.0", true);
        var birth = p.birth(List.of("CONF-V1", "CMD-V1"));
        assertThat(birth.metrics().keySet()).contains("uptime", "display_name", "model_name", "model_id",
                "part_number", "serial_number", "firmware_version", "bios_version", "cpu_version", "os", "os_version",
                "os_arch", "jvm_name", "jvm_version", "jvm_profile", "jvm_vendor", "kura_version",
                "application_framework", "application_framework_version", "osgi_framework",
                "osgi_framework_version", "connection_interface", "connection_ip", "accept_encoding",
                "application_ids", "available_processors", "total_memory", "payload_encoding");
        assertThat(birth.metrics().values()).allSatisfy(v -> assertThat(v.type()).isEqualTo(io.weir.data.DataType.STRING));
        assertThat(birth.metric("application_ids").stringValue()).isEqualTo("CMD-V1,CONF-V1");
        assertThat(birth.metric("accept_encoding").stringValue()).isEqualTo("gzip");
        assertThat(birth.position()).isNotNull();
        assertThat(p.disconnect().metrics().keySet()).containsExactly("uptime", "display_name");
    }
}
