// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

import io.weir.dptool.DpBuilder;

/** Proves that Felix Deployment Admin 0.9.6 (with DM 3.2.0) installs a package on this framework. */
@ExtendWith(ServiceExtension.class)
class DeploymentAdminIT {

    @Test
    void felixDeploymentAdminInstallsAndUninstallsAPackage(@InjectService(timeout = 10_000) DeploymentAdmin admin)
            throws Exception {
        byte[] dp = DpBuilder.create("itest.raw", "1.0.0")
                .bundle("raw.jar", TestBundles.plain("itest.raw.bundle", "1.0.0")).toBytes();
        DeploymentPackage p = admin.installDeploymentPackage(new ByteArrayInputStream(dp));
        try {
            assertThat(p.getName()).isEqualTo("itest.raw");
            Bundle b = p.getBundle("itest.raw.bundle");
            assertThat(b).isNotNull();
            assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
            assertThat(admin.getDeploymentPackage("itest.raw")).isNotNull();
        } finally {
            p.uninstall();
        }
        assertThat(admin.getDeploymentPackage("itest.raw")).isNull();
    }
}
