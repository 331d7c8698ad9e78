// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.BundleContext;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.Request;
import io.weir.cloud.RequestMethod;
import io.weir.cloud.Response;
import io.weir.cloud.ResponseCode;
import io.weir.data.TypedValue;
import io.weir.deployment.DeploymentEvent;
import io.weir.deployment.DeploymentEvent.Operation;
import io.weir.deployment.DeploymentEvent.Status;
import io.weir.deployment.DeploymentException;
import io.weir.deployment.DownloadRequest;
import io.weir.deployment.FailureReason;
import io.weir.deployment.InstallRequest;
import io.weir.deployment.UninstallRequest;

/**
 * The DEPLOY-V2 handler's package operations with a scripted agent. Bundle operations need a framework and are
 * covered by DeployIT; here the framework is a stand-in that fails on any use.
 */
class DeployHandlerTest {

    private final FakeAgent agent = new FakeAgent();
    private final RecordingContext context = new RecordingContext();
    private final DeployHandler handler = new DeployHandler(agent, new BundleControl(noFramework(), new String[0]));

    private static BundleContext noFramework() {
        return (BundleContext) Proxy.newProxyInstance(DeployHandlerTest.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (p, m, a) -> {
                    throw new UnsupportedOperationException("no framework in a unit test: " + m.getName());
                });
    }

    private Response call(RequestMethod method, CloudPayload payload, String... resources) {
        return handler.handle(new Request("DEPLOY-V2", method, List.of(resources), payload, "-1", "KapuaPool-1"),
                context);
    }

    private static DeploymentEvent event(Operation op, Status status, int progress, FailureReason reason) {
        return new DeploymentEvent(4711L, op, status, progress, 1000, progress * 10L, "demo", "1.0.0",
                "demo_1.0.0.dp", "KapuaPool-1", reason, reason == null ? null : "boom", false);
    }

    @Test
    void kapuasDownloadIsAcceptedAtOnceAndEventsBecomeNotifications() {
        Response r = call(RequestMethod.EXEC, Payloads.kapuaDownload().build(), "download");

        assertThat(r.code()).isEqualTo(ResponseCode.OK);
        DownloadRequest sent = (DownloadRequest) agent.requests.get(0);
        assertThat(sent.requester()).isEqualTo("KapuaPool-1");
        assertThat(sent.blockSize()).isEqualTo(51200);
        assertThat(context.sent).as("nothing is notified before the agent reports").isEmpty();

        agent.listener.onEvent(event(Operation.DOWNLOAD, Status.IN_PROGRESS, 0, null));
        agent.listener.onEvent(event(Operation.DOWNLOAD, Status.IN_PROGRESS, 50, null));
        agent.listener.onEvent(event(Operation.DOWNLOAD, Status.COMPLETED, 100, null));
        agent.listener.onEvent(event(Operation.INSTALL, Status.IN_PROGRESS, 50, null));
        agent.listener.onEvent(event(Operation.INSTALL, Status.COMPLETED, 100, null));

        assertThat(context.sent).extracting(RecordingContext.Sent::resource)
                .containsExactly("download", "download", "download", "install");
        assertThat(context.sent.get(1).payload().metric("dp.download.progress")).isEqualTo(TypedValue.ofInteger(50));
        assertThat(context.sent.get(2).payload().metric("dp.download.status"))
                .isEqualTo(TypedValue.ofString("COMPLETED"));
        CloudPayload install = context.sent.get(3).payload();
        assertThat(install.metric("client.id")).isEqualTo(TypedValue.ofString("gw-1"));
        assertThat(install.metric("job.id")).isEqualTo(TypedValue.ofLong(4711L));
        assertThat(install.metric("dp.install.status")).isEqualTo(TypedValue.ofString("COMPLETED"));
        assertThat(install.metric("dp.name")).isEqualTo(TypedValue.ofString("demo_1.0.0.dp"));
    }

    @Test
    void aBusyDownloadIs500WithTheSpecsStatusAndBody() {
        agent.refuse = new DeploymentException(FailureReason.BUSY, "a download runs");
        Response r = call(RequestMethod.EXEC, Payloads.kapuaDownload().build(), "download");

        assertThat(r.code()).isEqualTo(ResponseCode.INTERNAL_ERROR);
        assertThat(r.payload().metric("dp.download.status")).isEqualTo(TypedValue.ofString("IN_PROGRESS"));
        assertThat(new String(r.payload().body(), StandardCharsets.UTF_8))
                .isEqualTo("Another resource is already in download");
    }

    @Test
    void aUrlOffTheAllowlistIs400WithTheAgentsMessage() {
        agent.refuse = new DeploymentException(FailureReason.URL_NOT_ALLOWED, "host evil.example is not allowed");
        Response r = call(RequestMethod.EXEC, Payloads.kapuaDownload().build(), "download");
        assertThat(r.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(r.exceptionMessage()).isEqualTo("host evil.example is not allowed");
    }

    @Test
    void aStorageFailureIs500() {
        agent.refuse = new DeploymentException(FailureReason.STORAGE_FAILURE, "disk full");
        assertThat(call(RequestMethod.EXEC, Payloads.kapuaDownload().build(), "download").code())
                .isEqualTo(ResponseCode.INTERNAL_ERROR);
    }

    @Test
    void aMalformedDownloadIs400NamingTheMetricAndReachesNoAgent() {
        Response r = call(RequestMethod.EXEC,
                Payloads.kapuaDownload().put("job.id", TypedValue.ofString("4711")).build(), "download");
        assertThat(r.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(r.exceptionMessage()).isEqualTo("metric job.id must be INT64, was STRING");
        assertThat(agent.requests).isEmpty();
    }

    @Test
    void aSystemUpdateIs400() {
        Response r = call(RequestMethod.EXEC,
                Payloads.kapuaDownload().put("dp.install.system.update", TypedValue.ofBoolean(true)).build(),
                "download");
        assertThat(r.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(r.exceptionMessage()).contains("does not run downloaded scripts");
        assertThat(agent.requests).isEmpty();
    }

    @Test
    void getDownloadWhileRunningAndWhenIdle() {
        Response idle = call(RequestMethod.GET, CloudPayload.EMPTY, "download");
        assertThat(idle.payload().metrics()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "dp.download.size", TypedValue.ofInteger(0),
                "dp.download.progress", TypedValue.ofInteger(100),
                "dp.download.status", TypedValue.ofString("ALREADY DONE")));

        agent.currentDownload = Optional.of(event(Operation.DOWNLOAD, Status.IN_PROGRESS, 40, null));
        Response running = call(RequestMethod.GET, CloudPayload.EMPTY, "download");
        assertThat(running.payload().metrics()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "dp.download.size", TypedValue.ofInteger(1000),
                "dp.download.progress", TypedValue.ofInteger(40),
                "dp.download.status", TypedValue.ofString("IN_PROGRESS"),
                "job.id", TypedValue.ofLong(4711L)));
    }

    @Test
    void delDownloadCancels() {
        assertThat(call(RequestMethod.DEL, CloudPayload.EMPTY, "download").code()).isEqualTo(ResponseCode.OK);
        assertThat(agent.cancelled).isTrue();
    }

    @Test
    void getInstallIdleAndRunning() {
        assertThat(call(RequestMethod.GET, CloudPayload.EMPTY, "install").payload().metrics())
                .containsExactlyEntriesOf(java.util.Map.of("dp.install.status", TypedValue.ofString("IDLE")));
        agent.currentInstall = Optional.of(event(Operation.INSTALL, Status.IN_PROGRESS, 30, null));
        assertThat(call(RequestMethod.GET, CloudPayload.EMPTY, "install").payload().metrics())
                .containsEntry("dp.install.status", TypedValue.ofString("IN_PROGRESS"))
                .containsEntry("dp.name", TypedValue.ofString("demo"))
                .containsEntry("dp.version", TypedValue.ofString("1.0.0"));
    }

    private static CloudPayload install() {
        return Payloads.with().put("job.id", TypedValue.ofLong(9L)).put("dp.name", TypedValue.ofString("demo"))
                .put("dp.version", TypedValue.ofString("1.0.0"))
                .put("dp.install.system.update", TypedValue.ofBoolean(false)).build();
    }

    @Test
    void execInstallOfADownloadedFile() {
        assertThat(call(RequestMethod.EXEC, install(), "install").code()).isEqualTo(ResponseCode.OK);
        assertThat(agent.requests).containsExactly(new InstallRequest("demo", "1.0.0", 9L, "KapuaPool-1"));
        agent.listener.onEvent(event(Operation.INSTALL, Status.FAILED, 0, FailureReason.TAMPERED));
        assertThat(context.sent).hasSize(1);
        assertThat(context.sent.get(0).payload().metric("dp.error.code")).isEqualTo(TypedValue.ofString("TAMPERED"));
        assertThat(context.sent.get(0).payload().metric("dp.rolled.back")).isEqualTo(TypedValue.ofBoolean(false));
    }

    @ParameterizedTest
    @ValueSource(strings = { "NOT_FOUND", "BUSY" })
    void execInstallWithoutTheFileOrWhileBusyIs400(String reason) {
        agent.refuse = new DeploymentException(FailureReason.valueOf(reason), "refused: " + reason);
        Response r = call(RequestMethod.EXEC, install(), "install");
        assertThat(r.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(r.exceptionMessage()).isEqualTo("refused: " + reason);
    }

    private static CloudPayload uninstall() {
        return Payloads.with().put("job.id", TypedValue.ofLong(10L)).put("dp.name", TypedValue.ofString("demo"))
                .put("dp.reboot", TypedValue.ofBoolean(true)).build();
    }

    @Test
    void uninstallNotifies() {
        assertThat(call(RequestMethod.EXEC, uninstall(), "uninstall").code()).isEqualTo(ResponseCode.OK);
        assertThat(agent.requests).containsExactly(new UninstallRequest("demo", null, 10L, "KapuaPool-1"));
        agent.listener.onEvent(new DeploymentEvent(10L, Operation.UNINSTALL, Status.COMPLETED, 100, 0, 0, "demo", "",
                null, "KapuaPool-1", null, null, false));
        assertThat(context.sent).singleElement().satisfies(s -> {
            assertThat(s.resource()).isEqualTo("uninstall");
            assertThat(s.payload().metric("dp.uninstall.status")).isEqualTo(TypedValue.ofString("COMPLETED"));
            assertThat(s.payload().metric("dp.uninstall.progress")).isEqualTo(TypedValue.ofInteger(100));
            assertThat(s.payload().metric("job.id")).isEqualTo(TypedValue.ofLong(10L));
        });
    }

    @Test
    void uninstallOfAnUnknownPackageIs200ThenAFailedNotification() {
        agent.refuse = new DeploymentException(FailureReason.NOT_FOUND, "no package demo is installed");
        assertThat(call(RequestMethod.EXEC, uninstall(), "uninstall").code()).isEqualTo(ResponseCode.OK);
        assertThat(context.sent).singleElement().satisfies(s -> {
            assertThat(s.resource()).isEqualTo("uninstall");
            assertThat(s.payload().metric("job.id")).isEqualTo(TypedValue.ofLong(10L));
            assertThat(s.payload().metric("dp.uninstall.status")).isEqualTo(TypedValue.ofString("FAILED"));
            assertThat(s.payload().metric("dp.uninstall.progress")).isEqualTo(TypedValue.ofInteger(0));
            assertThat(s.payload().metric("dp.uninstall.error.message"))
                    .isEqualTo(TypedValue.ofString("no package demo is installed"));
            assertThat(s.payload().metric("dp.error.code")).isEqualTo(TypedValue.ofString("NOT_FOUND"));
        });
    }

    @Test
    void uninstallWithoutJobIdIs400() {
        Response r = call(RequestMethod.EXEC,
                Payloads.with().put("dp.name", TypedValue.ofString("demo")).build(), "uninstall");
        assertThat(r.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(r.exceptionMessage()).isEqualTo("metric job.id (INT64) is required");
    }

    @Test
    void packagesComeFromTheAgentAsXml() {
        agent.packages = List.of(new io.weir.deployment.PackageInfo("demo", "1.0.0", true, List.of()));
        Response r = call(RequestMethod.GET, CloudPayload.EMPTY, "packages");
        assertThat(r.code()).isEqualTo(ResponseCode.OK);
        assertThat(new String(r.payload().body(), StandardCharsets.UTF_8)).contains("<name>demo</name>");
    }

    @Test
    void unknownResourcesAre404AndOtherMethods400() {
        assertThat(call(RequestMethod.GET, CloudPayload.EMPTY, "nothing").code()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(call(RequestMethod.EXEC, CloudPayload.EMPTY, "reboot").code()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(call(RequestMethod.DEL, CloudPayload.EMPTY, "packages").code()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(call(RequestMethod.GET, CloudPayload.EMPTY, "packages", "x").code())
                .isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(call(RequestMethod.PUT, CloudPayload.EMPTY, "packages").code())
                .isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(call(RequestMethod.GET, CloudPayload.EMPTY).code()).isEqualTo(ResponseCode.BAD_REQUEST);
    }

    @Test
    void startAndStopNeedANumericId() {
        Response missing = call(RequestMethod.EXEC, CloudPayload.EMPTY, "start");
        assertThat(missing.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(missing.exceptionMessage()).contains("needs a bundle id");
        Response nan = call(RequestMethod.EXEC, CloudPayload.EMPTY, "stop", "abc");
        assertThat(nan.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(nan.exceptionMessage()).isEqualTo("bundle id 'abc' is not a number");
    }
}
