// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Downloads, verifies, installs and uninstalls deployment packages. Implemented by Weir's deployment agent.
 *
 * <p>Every operation returns at once after checking its request; the work runs on the agent's own threads and is
 * reported to the listener, ending with exactly one event whose {@linkplain DeploymentEvent#status() status} is
 * final. Listener calls for one operation come from one thread, in order. A listener that throws is logged and
 * ignored.
 *
 * <p>At most one download and at most one install or uninstall run at a time; a second one is refused with
 * {@link FailureReason#BUSY}.
 */
@ProviderType
public interface DeploymentAgent {

    /**
     * Starts downloading a package; if {@link DownloadRequest#install()} is set, the package is installed when the
     * download has completed and been verified.
     *
     * @throws DeploymentException at once if the request is refused: {@link FailureReason#BUSY}, {@link
     *         FailureReason#URL_NOT_ALLOWED} or {@link FailureReason#INVALID_REQUEST}
     */
    void download(DownloadRequest request, DeploymentListener listener) throws DeploymentException;

    /** @return the running download's latest progress event, or empty when no download runs */
    Optional<DeploymentEvent> currentDownload();

    /**
     * Cancels the running download and deletes its partial file. The download ends with a {@link
     * DeploymentEvent.Status#CANCELLED} event.
     *
     * @param requester who asks, for the audit log
     * @return {@code false} if no download was running
     */
    boolean cancelDownload(String requester);

    /**
     * Installs a package that an earlier download left in the download directory.
     *
     * @throws DeploymentException at once: {@link FailureReason#NOT_FOUND} if no such file was downloaded, {@link
     *         FailureReason#BUSY}, {@link FailureReason#INVALID_REQUEST}
     */
    void install(InstallRequest request, DeploymentListener listener) throws DeploymentException;

    /**
     * Installs a package from a local file (the shell, a console upload). The file is copied first, so the caller
     * may delete it when the call returns.
     *
     * @throws DeploymentException at once: {@link FailureReason#NOT_FOUND}, {@link FailureReason#BUSY}, {@link
     *         FailureReason#TOO_LARGE}
     */
    void installFile(Path file, String requester, long jobId, DeploymentListener listener)
            throws DeploymentException;

    /** @return the running install or uninstall's latest event, or empty when none runs */
    Optional<DeploymentEvent> currentInstall();

    /**
     * Uninstalls a package: its bundles are stopped and removed.
     *
     * @throws DeploymentException at once: {@link FailureReason#NOT_FOUND} if no such package is installed, {@link
     *         FailureReason#BUSY}, {@link FailureReason#INVALID_REQUEST}
     */
    void uninstall(UninstallRequest request, DeploymentListener listener) throws DeploymentException;

    /** @return the installed deployment packages, sorted by name; never includes the system package */
    List<PackageInfo> packages();

    /** @return the installed package with this symbolic name, if any */
    Optional<PackageInfo> getPackage(String name);
}
