// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.testkit.broker.Brokers;
import io.weir.testkit.broker.TestBroker;
import io.weir.testkit.kapua.KapuaManagerClient;
import io.weir.testkit.kapua.Notification;
import io.weir.testkit.kapua.Reply;
import io.weir.testkit.mqtt.RecordedMessage;
import io.weir.testkit.mqtt.TopicRecorder;
import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The typed apps and the notification collector over both brokers, against a canned gateway written in the test. */
class ManagementOverMqttTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static RawKuraPayload download(long job, String status, int progress) {
        return new RawKuraPayload().metric("client.id", MetricType.STRING, "gw-1")
                .metric("job.id", MetricType.INT64, job)
                .metric("dp.download.size", MetricType.INT32, 1000)
                .metric("dp.download.progress", MetricType.INT32, progress)
                .metric("dp.download.status", MetricType.STRING, status)
                .metric("dp.download.index", MetricType.INT32, 0);
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void downloadAndInstallNotificationsAreCollectedPerJob(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start();
                CannedGateway gw = new CannedGateway(broker.url(), "acc", "gw-1");
                KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url())) {
            Device device = Device.of(kapua, "acc", "gw-1").withTimeout(WAIT);
            gw.responder = r -> {
                if (r.method().equals("EXEC") && r.resources().equals(List.of("download"))) {
                    long job = r.payload().getInt64("job.id");
                    try {
                        // the reply goes out after these (same connection, in order): the collector must already
                        // be subscribed when the request is sent
                        gw.notify(r.payload().getString("requester.client.id"), "DEPLOY-V2", "download",
                                download(job, "IN_PROGRESS", 0));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return CannedGateway.ok();
            };

            Reply reply = device.deploy().download(DownloadRequest.of(7L, "http://127.0.0.1:1/p.dp", "pkg", "1.0.0"));
            assertThat(reply.responseCode()).isEqualTo(200);
            CannedGateway.Request sent = gw.received.get(0);
            assertThat(sent.payload().metrics().keySet()).containsExactly("job.id", "dp.uri", "dp.name", "dp.version",
                    "dp.install.system.update", "dp.download.protocol", "dp.download.block.size",
                    "dp.download.block.delay", "dp.download.timeout", "request.id", "requester.client.id");

            String me = kapua.clientId();
            gw.notify(me, "DEPLOY-V2", "download", download(8L, "IN_PROGRESS", 10)); // another job
            gw.notify(me, "DEPLOY-V2", "download", download(7L, "IN_PROGRESS", 50));
            gw.notify(me, "DEPLOY-V2", "download", download(7L, "COMPLETED", 100));
            gw.notify(me, "DEPLOY-V2", "install", new RawKuraPayload()
                    .metric("job.id", MetricType.INT64, 7L)
                    .metric("dp.install.status", MetricType.STRING, "COMPLETED")
                    .metric("dp.install.progress", MetricType.INT32, 100)
                    .metric("dp.name", MetricType.STRING, "pkg_1.0.0.dp"));
            gw.mqtt.publish("$EDC/acc/" + me + "/DEPLOY-V2/NOTIFY/gw-1/download", new byte[] {1, 2, 3}, 0, false);

            Notification installed = kapua.awaitNotification(7L, "install", Notification::isCompleted, WAIT);
            assertThat(installed.payload().getString("dp.name")).isEqualTo("pkg_1.0.0.dp");
            assertThat(installed.deviceClientId()).isEqualTo("gw-1");
            assertThat(kapua.notifications(7L)).extracting(Notification::resource, Notification::status,
                    Notification::progress).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("download", "IN_PROGRESS", 0),
                            org.assertj.core.groups.Tuple.tuple("download", "IN_PROGRESS", 50),
                            org.assertj.core.groups.Tuple.tuple("download", "COMPLETED", 100),
                            org.assertj.core.groups.Tuple.tuple("install", "COMPLETED", 100));
            assertThat(kapua.notifications(8L)).singleElement().extracting(Notification::progress).isEqualTo(10);
            assertThat(kapua.awaitNotification(7L, "download", Notification::isCompleted, WAIT).progress())
                    .isEqualTo(100);
            // the garbage notification was published last: once it is in, everything is
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (kapua.malformedNotifications().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10); // polling a condition, with a deadline
            }
            assertThat(kapua.malformedNotifications()).singleElement().extracting(RecordedMessage::payload)
                    .isEqualTo(new byte[] {1, 2, 3});
            assertThat(kapua.notifications()).hasSize(5);
            assertThatThrownBy(() -> kapua.awaitNotification(7L, "uninstall", n -> true, Duration.ofMillis(200)))
                    .isInstanceOf(TimeoutException.class).hasMessageContaining("operation 7")
                    .hasMessageContaining("status=COMPLETED");
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void captureNotificationsSharesTheCollectorsSubscription(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start();
                CannedGateway gw = new CannedGateway(broker.url(), "acc", "gw-1");
                KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url())) {
            String me = kapua.clientId();
            TopicRecorder recorder = kapua.captureNotifications("acc");
            gw.notify(me, "DEPLOY-V2", "download", download(1L, "IN_PROGRESS", 0));
            assertThat(recorder.await(m -> true, WAIT).kura().getInt64("job.id")).isEqualTo(1L);
            assertThat(kapua.awaitNotification(1L, "download", n -> true, WAIT).isRunning()).isTrue();
            recorder.close();

            // closing the recorder does not unsubscribe: the collector still sees notifications, the recorder not
            gw.notify(me, "DEPLOY-V2", "download", download(1L, "COMPLETED", 100));
            kapua.awaitNotification(1L, "download", Notification::isCompleted, WAIT);
            assertThat(recorder.messages()).hasSize(1);
            try (TopicRecorder second = kapua.captureNotifications("acc")) {
                gw.notify(me, "OTHER-V1", "x", new RawKuraPayload().metric("job.id", MetricType.INT64, 2L));
                assertThat(second.await(m -> true, WAIT).topic()).isEqualTo("$EDC/acc/" + me
                        + "/OTHER-V1/NOTIFY/gw-1/x");
                assertThat(kapua.awaitNotification(2L, null, n -> true, WAIT).appId()).isEqualTo("OTHER-V1");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void typedAppsParseRepliesAndReportFailures(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start();
                CannedGateway gw = new CannedGateway(broker.url(), "acc", "gw-1");
                KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url())) {
            Device device = Device.of(kapua, "acc", "gw-1").withTimeout(WAIT);
            gw.responder = r -> switch (r.appId() + " " + r.method() + "/" + String.join("/", r.resources())) {
                case "DEPLOY-V2 GET/bundles" -> CannedGateway.ok().body(("<bundles><bundle><name>a</name>"
                        + "<version>1</version><id>3</id><state>ACTIVE</state></bundle></bundles>")
                        .getBytes(StandardCharsets.UTF_8));
                case "DEPLOY-V2 GET/packages" -> CannedGateway.code(500, "no deployment admin");
                case "DEPLOY-V2 GET/download" -> CannedGateway.ok()
                        .metric("dp.download.size", MetricType.INT32, 0)
                        .metric("dp.download.progress", MetricType.INT32, 100)
                        .metric("dp.download.status", MetricType.STRING, "ALREADY DONE");
                case "DEPLOY-V2 GET/install" -> CannedGateway.ok()
                        .metric("dp.install.status", MetricType.STRING, "IDLE");
                case "CONF-V1 GET/snapshots" -> CannedGateway.ok().body("<not-xml".getBytes(StandardCharsets.UTF_8));
                case "CONF-V1 PUT/configurations/org.example.P" -> CannedGateway.ok();
                case "CMD-V1 EXEC/command" -> CannedGateway.code(500, "boom")
                        .metric("command.stdout", MetricType.STRING, "out")
                        .metric("command.stderr", MetricType.STRING, "boom")
                        .metric("command.exit.code", MetricType.INT32, 3)
                        .metric("command.timedout", MetricType.BOOL, false);
                case "INVENTORY-V1 GET/bundles" -> CannedGateway.ok().body(
                        "{\"bundles\":[{\"name\":\"a\",\"version\":\"1\",\"id\":3,\"state\":\"ACTIVE\"}]}"
                                .getBytes(StandardCharsets.UTF_8));
                default -> CannedGateway.code(404, "no such resource");
            };

            assertThat(device.deploy().listBundles()).containsExactly(new DeployV2.Bundle("a", "1", 3, "ACTIVE"));
            assertThatThrownBy(() -> device.deploy().listPackages()).isInstanceOf(ManagementException.class)
                    .hasMessage("DEPLOY-V2 GET/packages answered 500: no deployment admin")
                    .extracting(e -> ((ManagementException) e).responseCode()).isEqualTo(500);
            assertThat(device.deploy().downloadStatus()).isEqualTo(new DeployV2.DownloadStatus(0, 100,
                    "ALREADY DONE", null));
            assertThat(device.deploy().installStatus()).isEqualTo(new DeployV2.InstallStatus("IDLE", null, null));
            assertThat(device.deploy().startBundle(99).responseCode()).isEqualTo(404);
            assertThat(gw.received.get(gw.received.size() - 1).resources()).containsExactly("start", "99");

            assertThatThrownBy(() -> device.conf().snapshots()).isInstanceOf(ManagementException.class)
                    .hasMessageContaining("CONF-V1 GET/snapshots: snapshot ids body is not well-formed XML");
            assertThat(device.conf().putConfiguration("org.example.P",
                    List.of(ConfV1.Property.scalar("port", "Integer", "503"))).isOk()).isTrue();
            byte[] put = gw.received.get(gw.received.size() - 1).payload().body();
            assertThat(ConfV1.parseConfigurations(put)).singleElement().satisfies(c -> {
                assertThat(c.pid()).isEqualTo("org.example.P");
                assertThat(c.property("port").orElseThrow().value()).isEqualTo("503");
            });
            assertThat(new String(put, StandardCharsets.UTF_8)).contains("<esf:configuration pid=\"org.example.P\">");

            CmdV1.Result r = device.cmd().exec("false", List.of(), null, null, 5, null, "pw", null);
            assertThat(r).extracting(CmdV1.Result::stdout, CmdV1.Result::stderr, CmdV1.Result::exitCode,
                    CmdV1.Result::timedOut, CmdV1.Result::responseCode, CmdV1.Result::exceptionMessage)
                    .containsExactly("out", "boom", 3, false, 500, "boom");

            assertThat(device.inventory().bundles()).containsExactly(new InventoryV1.Bundle("a", "1", 3, "ACTIVE",
                    false));
            assertThatThrownBy(() -> device.inventory().deploymentPackages())
                    .isInstanceOf(ManagementException.class).hasMessageContaining("answered 404: no such resource");
        }
    }
}
