// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import static io.weir.cloud.app.deploy.internal.DeployMetrics.*;

import org.jspecify.annotations.Nullable;

import io.weir.cloud.CloudPayload;
import io.weir.deployment.InstallRequest;
import io.weir.deployment.UninstallRequest;

/**
 * The arguments of {@code EXEC/install} and {@code EXEC/uninstall}, read with their exact wire types.
 *
 * @param version required for an install, {@code null} allowed for an uninstall
 */
record PackageOptions(long jobId, String name, @Nullable String version, boolean reboot, int rebootDelayMillis) {

    /** {@code EXEC/install}: {@code job.id}, {@code dp.name}, {@code dp.version}, {@code dp.install.system.update}. */
    static PackageOptions parseInstall(CloudPayload payload) throws BadRequestException {
        RequestMetrics m = new RequestMetrics(payload);
        long jobId = m.requiredLong(JOB_ID);
        String name = m.requiredString(NAME);
        String version = m.requiredString(VERSION);
        boolean systemUpdate = m.requiredBoolean(SYSTEM_UPDATE);
        boolean reboot = m.optionalBoolean(REBOOT, false);
        int delay = m.optionalCount(REBOOT_DELAY, 0);
        if (systemUpdate) {
            throw new BadRequestException(SYSTEM_UPDATE + "=true (a shell-script system update) is refused: "
                    + "Weir does not run downloaded scripts");
        }
        return new PackageOptions(jobId, name, version, reboot, delay);
    }

    /** {@code EXEC/uninstall}: {@code job.id} and {@code dp.name} required, {@code dp.version} optional. */
    static PackageOptions parseUninstall(CloudPayload payload) throws BadRequestException {
        RequestMetrics m = new RequestMetrics(payload);
        long jobId = m.requiredLong(JOB_ID);
        String name = m.requiredString(NAME);
        String version = m.optionalString(VERSION);
        boolean reboot = m.optionalBoolean(REBOOT, false);
        int delay = m.optionalCount(REBOOT_DELAY, 0);
        return new PackageOptions(jobId, name, version == null || version.isBlank() ? null : version, reboot, delay);
    }

    InstallRequest toInstall(String requester) {
        return new InstallRequest(name, String.valueOf(version), jobId, requester);
    }

    UninstallRequest toUninstall(String requester) {
        return new UninstallRequest(name, version, jobId, requester);
    }
}
