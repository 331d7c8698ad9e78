// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a notification's fields are read (spec §3.3). */
class NotificationTest {

    private static final String TOPIC = "$EDC/acc/KapuaPool-1-2/DEPLOY-V2/NOTIFY/gw-1/download";

    private static Notification parse(RawKuraPayload p) {
        return Notification.parse(3, TOPIC, p, Instant.EPOCH);
    }

    @Test
    void readsADownloadNotification() {
        Notification n = parse(new RawKuraPayload()
                .metric("client.id", MetricType.STRING, "gw-1")
                .metric("job.id", MetricType.INT64, 42L)
                .metric("dp.download.size", MetricType.INT32, 1000)
                .metric("dp.download.progress", MetricType.INT32, 50)
                .metric("dp.download.status", MetricType.STRING, "IN_PROGRESS")
                .metric("dp.download.index", MetricType.INT32, 0));

        assertThat(n.sequence()).isEqualTo(3);
        assertThat(n.account()).isEqualTo("acc");
        assertThat(n.requester()).isEqualTo("KapuaPool-1-2");
        assertThat(n.appId()).isEqualTo("DEPLOY-V2");
        assertThat(n.deviceClientId()).isEqualTo("gw-1");
        assertThat(n.topicResources()).containsExactly("download");
        assertThat(n.operationId()).isEqualTo(42L);
        assertThat(n.resource()).isEqualTo("download");
        assertThat(n.status()).isEqualTo("IN_PROGRESS");
        assertThat(n.kapuaStatus()).isEqualTo(OperationStatus.RUNNING);
        assertThat(n.isRunning()).isTrue();
        assertThat(n.progress()).isEqualTo(50);
        assertThat(n.message()).isNull();
        assertThat(n.problems()).isEmpty();
    }

    @Test
    void resourceComesFromTheMetricsNotTheTopic() {
        Notification install = parse(new RawKuraPayload()
                .metric("job.id", MetricType.INT64, 1L)
                .metric("dp.install.status", MetricType.STRING, "FAILED")
                .metric("dp.install.progress", MetricType.INT32, 0)
                .metric("dp.install.error.message", MetricType.STRING, "bad manifest"));
        assertThat(install.resource()).isEqualTo("install");
        assertThat(install.isFailed()).isTrue();
        assertThat(install.message()).isEqualTo("bad manifest");

        // uninstall is recognised by its progress metric only
        Notification uninstall = parse(new RawKuraPayload()
                .metric("job.id", MetricType.INT64, 1L)
                .metric("dp.uninstall.progress", MetricType.INT32, 100)
                .metric("dp.uninstall.status", MetricType.STRING, "COMPLETED"));
        assertThat(uninstall.resource()).isEqualTo("uninstall");
        assertThat(uninstall.isCompleted()).isTrue();
        assertThat(uninstall.progress()).isEqualTo(100);

        Notification none = parse(new RawKuraPayload().metric("dp.uninstall.status", MetricType.STRING, "X"));
        assertThat(none.resource()).isNull();
        assertThat(none.status()).isEqualTo("X");
        assertThat(none.kapuaStatus()).isNull(); // Kapua ignores unknown statuses
    }

    @Test
    void operationIdFallsBackToOperationIdAndFieldsFollowKapuasOrder() {
        Notification n = parse(new RawKuraPayload()
                .metric("operation.id", MetricType.INT64, 5L)
                .metric("status", MetricType.STRING, "COMPLETED")
                .metric("progress", MetricType.INT32, 100)
                .metric("dp.download.error.message", MetricType.STRING, "later in the order")
                .metric("message", MetricType.STRING, "first in the order"));
        assertThat(n.operationId()).isEqualTo(5L);
        assertThat(n.status()).isEqualTo("COMPLETED");
        assertThat(n.progress()).isEqualTo(100);
        assertThat(n.message()).isEqualTo("first in the order");
        assertThat(OperationStatus.ofKura("CANCELLED")).isNull();
        assertThat(OperationStatus.ofKura("ALREADY DONE")).isNull();
    }

    @Test
    void wronglyTypedMetricsAreProblems() {
        Notification n = parse(new RawKuraPayload()
                .metric("job.id", MetricType.STRING, "42")
                .metric("dp.download.status", MetricType.STRING, "IN_PROGRESS")
                .metric("dp.download.progress", MetricType.INT64, 50L));
        assertThat(n.operationId()).isNull();
        assertThat(n.progress()).isNull();
        assertThat(n.problems()).containsExactly("job.id is STRING, not INT64",
                "dp.download.progress is INT64, not INT32");
    }

    @Test
    void rejectsOtherTopics() {
        assertThatThrownBy(() -> Notification.parse(0, "$EDC/acc/me/DEPLOY-V2/REPLY/1", new RawKuraPayload(),
                Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Notification.parse(0, "$EDC/acc/me/X-V1/NOTIFY/gw/a/b", new RawKuraPayload(), Instant.EPOCH)
                .topicResources()).isEqualTo(List.of("a", "b"));
    }
}
