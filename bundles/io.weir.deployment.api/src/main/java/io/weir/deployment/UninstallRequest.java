// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Uninstall an installed package.
 *
 * @param name the package's symbolic name
 * @param version the version expected to be installed, or {@code null} for whichever is
 * @param jobId the caller's job id
 * @param requester who asks, for the audit log
 */
@ProviderType
public record UninstallRequest(String name, @Nullable String version, long jobId, String requester) {

    public UninstallRequest {
        DownloadRequest.requireText("name", name);
        DownloadRequest.requireText("requester", requester);
    }
}
