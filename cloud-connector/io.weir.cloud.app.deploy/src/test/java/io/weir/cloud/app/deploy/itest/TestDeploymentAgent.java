// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.itest;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import io.weir.deployment.DeploymentAgent;
import io.weir.deployment.DeploymentEvent;
import io.weir.deployment.DeploymentException;
import io.weir.deployment.DeploymentListener;
import io.weir.deployment.DownloadRequest;
import io.weir.deployment.FailureReason;
import io.weir.deployment.InstallRequest;
import io.weir.deployment.PackageInfo;
import io.weir.deployment.UninstallRequest;

/**
 * A stand-in deployment agent for the in-framework tests (the real agent is tested in its own module): it knows one
 * installed package and refuses every operation, so that the handlers' wiring and bundle management can be tested.
 */
@Component(service = DeploymentAgent.class)
public class TestDeploymentAgent implements DeploymentAgent {

    static final PackageInfo PACKAGE = new PackageInfo("itest.package", "2.0.0", true,
            List.of(new PackageInfo.BundleInfo("itest.missing.bundle", "2.0.0", -1, "UNINSTALLED")));

    @Override
    public void download(DownloadRequest request, DeploymentListener listener) throws DeploymentException {
        throw new DeploymentException(FailureReason.URL_NOT_ALLOWED, "test agent: no downloads");
    }

    @Override
    public Optional<DeploymentEvent> currentDownload() {
        return Optional.empty();
    }

    @Override
    public boolean cancelDownload(String requester) {
        return false;
    }

    @Override
    public void install(InstallRequest request, DeploymentListener listener) throws DeploymentException {
        throw new DeploymentException(FailureReason.NOT_FOUND, "test agent: nothing downloaded");
    }

    @Override
    public void installFile(Path file, String requester, long jobId, DeploymentListener listener)
            throws DeploymentException {
        throw new DeploymentException(FailureReason.NOT_FOUND, "test agent: no files");
    }

    @Override
    public Optional<DeploymentEvent> currentInstall() {
        return Optional.empty();
    }

    @Override
    public void uninstall(UninstallRequest request, DeploymentListener listener) throws DeploymentException {
        throw new DeploymentException(FailureReason.NOT_FOUND, "no package " + request.name() + " is installed");
    }

    @Override
    public List<PackageInfo> packages() {
        return List.of(PACKAGE);
    }

    @Override
    public Optional<PackageInfo> getPackage(String name) {
        return PACKAGE.name().equals(name) ? Optional.of(PACKAGE) : Optional.empty();
    }
}
