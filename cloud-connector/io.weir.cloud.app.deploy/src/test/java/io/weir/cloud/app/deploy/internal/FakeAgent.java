// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.weir.deployment.DeploymentAgent;
import io.weir.deployment.DeploymentEvent;
import io.weir.deployment.DeploymentException;
import io.weir.deployment.DeploymentListener;
import io.weir.deployment.DownloadRequest;
import io.weir.deployment.FailureReason;
import io.weir.deployment.InstallRequest;
import io.weir.deployment.PackageInfo;
import io.weir.deployment.UninstallRequest;

/** A scripted deployment agent for unit tests: records requests, refuses when told to, keeps the listeners. */
final class FakeAgent implements DeploymentAgent {

    final List<Object> requests = new ArrayList<>();
    DeploymentListener listener;
    DeploymentException refuse;
    Optional<DeploymentEvent> currentDownload = Optional.empty();
    Optional<DeploymentEvent> currentInstall = Optional.empty();
    List<PackageInfo> packages = List.of();
    boolean cancelled;

    @Override
    public void download(DownloadRequest request, DeploymentListener l) throws DeploymentException {
        accept(request, l);
    }

    @Override
    public Optional<DeploymentEvent> currentDownload() {
        return currentDownload;
    }

    @Override
    public boolean cancelDownload(String requester) {
        requests.add("cancel by " + requester);
        cancelled = true;
        return true;
    }

    @Override
    public void install(InstallRequest request, DeploymentListener l) throws DeploymentException {
        accept(request, l);
    }

    @Override
    public void installFile(Path file, String requester, long jobId, DeploymentListener l)
            throws DeploymentException {
        throw new DeploymentException(FailureReason.INVALID_REQUEST, "not used");
    }

    @Override
    public Optional<DeploymentEvent> currentInstall() {
        return currentInstall;
    }

    @Override
    public void uninstall(UninstallRequest request, DeploymentListener l) throws DeploymentException {
        accept(request, l);
    }

    @Override
    public List<PackageInfo> packages() {
        return packages;
    }

    @Override
    public Optional<PackageInfo> getPackage(String name) {
        return packages.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private void accept(Object request, DeploymentListener l) throws DeploymentException {
        if (refuse != null) {
            throw refuse;
        }
        requests.add(request);
        listener = l;
    }
}
