// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Install a package that was downloaded before, identified by name and version.
 *
 * @param name the package's symbolic name
 * @param version its version
 * @param jobId the caller's job id
 * @param requester who asks, for the audit log
 */
@ProviderType
public record InstallRequest(String name, String version, long jobId, String requester) {

    public InstallRequest {
        DownloadRequest.requireText("name", name);
        DownloadRequest.requireText("version", version);
        DownloadRequest.requireText("requester", requester);
    }
}
