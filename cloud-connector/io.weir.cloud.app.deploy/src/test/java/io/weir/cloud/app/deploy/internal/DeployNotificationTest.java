// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.data.TypedValue;
import io.weir.deployment.DeploymentEvent;
import io.weir.deployment.DeploymentEvent.Operation;
import io.weir.deployment.DeploymentEvent.Status;
import io.weir.deployment.FailureReason;

/** Event → notification: resource, metric names, metric TYPES and values, as Kapua parses them. */
class DeployNotificationTest {

    static DeploymentEvent event(Operation op, Status status, int progress, long total, FailureReason reason,
            String message, boolean rolledBack) {
        return new DeploymentEvent(42L, op, status, progress, total, total * progress / 100, "demo", "1.0.0",
                op == Operation.UNINSTALL ? null : "demo_1.0.0.dp", "KapuaPool-1", reason, message, rolledBack);
    }

    private static Map<String, TypedValue> metrics(DeploymentEvent e, String resource) {
        DeployNotification n = DeployNotification.of(e, "gw-1", 1000L).orElseThrow();
        assertThat(n.resource()).isEqualTo(resource);
        assertThat(n.payload().timestamp()).isEqualTo(1000L);
        return n.payload().metrics();
    }

    private static Map<String, TypedValue> expect(Object... pairs) {
        Map<String, TypedValue> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (TypedValue) pairs[i + 1]);
        }
        return m;
    }

    @Test
    void downloadProgress() {
        assertThat(metrics(event(Operation.DOWNLOAD, Status.IN_PROGRESS, 35, 2000, null, null, false), "download"))
                .containsExactlyEntriesOf(expect(
                        "client.id", TypedValue.ofString("gw-1"),
                        "job.id", TypedValue.ofLong(42L),
                        "dp.download.size", TypedValue.ofInteger(2000),
                        "dp.download.progress", TypedValue.ofInteger(35),
                        "dp.download.status", TypedValue.ofString("IN_PROGRESS"),
                        "dp.download.index", TypedValue.ofInteger(0)));
    }

    @Test
    void downloadOfUnknownSizeReportsMinusOne() {
        assertThat(metrics(event(Operation.DOWNLOAD, Status.IN_PROGRESS, 0, -1, null, null, false), "download"))
                .containsEntry("dp.download.size", TypedValue.ofInteger(-1));
    }

    @Test
    void downloadCompleted() {
        assertThat(metrics(event(Operation.DOWNLOAD, Status.COMPLETED, 100, 2000, null, "done", false), "download"))
                .containsEntry("dp.download.status", TypedValue.ofString("COMPLETED"))
                .containsEntry("dp.download.progress", TypedValue.ofInteger(100))
                .doesNotContainKeys("dp.download.error.message", "dp.error.code");
    }

    @Test
    void downloadFailedCarriesTheMessageAndTheErrorCode() {
        assertThat(metrics(event(Operation.DOWNLOAD, Status.FAILED, 10, 2000, FailureReason.HASH_MISMATCH,
                "hash mismatch: expected ab, got cd", false), "download"))
                .containsEntry("dp.download.status", TypedValue.ofString("FAILED"))
                .containsEntry("dp.download.error.message", TypedValue.ofString("hash mismatch: expected ab, got cd"))
                .containsEntry("dp.error.code", TypedValue.ofString("HASH_MISMATCH"))
                .doesNotContainKey("dp.rolled.back");
    }

    @Test
    void downloadCancelled() {
        assertThat(metrics(event(Operation.DOWNLOAD, Status.CANCELLED, 10, 2000, FailureReason.CANCELLED, null,
                false), "download"))
                .containsEntry("dp.download.status", TypedValue.ofString("CANCELLED"))
                .containsEntry("dp.download.error.message", TypedValue.ofString("CANCELLED"))
                .containsEntry("dp.error.code", TypedValue.ofString("CANCELLED"));
    }

    @Test
    void installCompletedNamesTheDownloadedFile() {
        assertThat(metrics(event(Operation.INSTALL, Status.COMPLETED, 100, 0, null, "installed", false), "install"))
                .containsExactlyEntriesOf(expect(
                        "client.id", TypedValue.ofString("gw-1"),
                        "job.id", TypedValue.ofLong(42L),
                        "dp.install.status", TypedValue.ofString("COMPLETED"),
                        "dp.install.progress", TypedValue.ofInteger(100),
                        "dp.name", TypedValue.ofString("demo_1.0.0.dp")));
    }

    @Test
    void installFailedWithRollback() {
        assertThat(metrics(event(Operation.INSTALL, Status.FAILED, 60, 0, FailureReason.RESOLUTION_FAILED,
                "bundle x does not resolve", true), "install"))
                .containsExactlyEntriesOf(expect(
                        "client.id", TypedValue.ofString("gw-1"),
                        "job.id", TypedValue.ofLong(42L),
                        "dp.install.status", TypedValue.ofString("FAILED"),
                        "dp.install.progress", TypedValue.ofInteger(0),
                        "dp.name", TypedValue.ofString("demo_1.0.0.dp"),
                        "dp.install.error.message", TypedValue.ofString("bundle x does not resolve"),
                        "dp.rolled.back", TypedValue.ofBoolean(true),
                        "dp.error.code", TypedValue.ofString("RESOLUTION_FAILED")));
    }

    @Test
    void unsignedInstallIsNotRolledBack() {
        assertThat(metrics(event(Operation.INSTALL, Status.FAILED, 0, 0, FailureReason.UNSIGNED, "unsigned", false),
                "install"))
                .containsEntry("dp.error.code", TypedValue.ofString("UNSIGNED"))
                .containsEntry("dp.rolled.back", TypedValue.ofBoolean(false));
    }

    @Test
    void installWithoutAFileNameFallsBackToTheDpName() {
        DeploymentEvent e = new DeploymentEvent(1L, Operation.INSTALL, Status.COMPLETED, 100, 0, 0, "p", "2.0", null,
                "r", null, null, false);
        assertThat(DeployNotification.fileName(e)).isEqualTo("p_2.0.dp");
    }

    @Test
    void uninstallCompletedAndFailed() {
        assertThat(metrics(event(Operation.UNINSTALL, Status.COMPLETED, 100, 0, null, null, false), "uninstall"))
                .containsExactlyEntriesOf(expect(
                        "client.id", TypedValue.ofString("gw-1"),
                        "job.id", TypedValue.ofLong(42L),
                        "dp.uninstall.status", TypedValue.ofString("COMPLETED"),
                        "dp.uninstall.progress", TypedValue.ofInteger(100),
                        "dp.name", TypedValue.ofString("demo")));
        assertThat(metrics(event(Operation.UNINSTALL, Status.FAILED, 0, 0, FailureReason.NOT_FOUND,
                "no package demo", false), "uninstall"))
                .containsEntry("dp.uninstall.status", TypedValue.ofString("FAILED"))
                .containsEntry("dp.uninstall.progress", TypedValue.ofInteger(0))
                .containsEntry("dp.uninstall.error.message", TypedValue.ofString("no package demo"))
                .containsEntry("dp.error.code", TypedValue.ofString("NOT_FOUND"))
                .doesNotContainKey("dp.rolled.back");
    }

    @Test
    void installAndUninstallProgressIsNotNotified() {
        assertThat(DeployNotification.of(event(Operation.INSTALL, Status.IN_PROGRESS, 50, 0, null, null, false),
                "gw", 1L)).isEmpty();
        assertThat(DeployNotification.of(event(Operation.UNINSTALL, Status.IN_PROGRESS, 50, 0, null, null, false),
                "gw", 1L)).isEmpty();
    }
}
