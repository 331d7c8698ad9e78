// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import static io.weir.cloud.app.deploy.internal.DeployMetrics.*;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.weir.cloud.CloudPayload;
import io.weir.deployment.DownloadRequest;

/**
 * The arguments of {@code EXEC/download}, read with their exact wire types. Accepts exactly what Kapua sends,
 * including its default of {@code dp.download.block.size = 51200} without {@code dp.download.notify.block.size}.
 *
 * @param password HTTP basic-authentication secret; never printed by {@link #toString()}
 */
record DownloadOptions(long jobId, String name, String version, URI uri, boolean install, boolean force,
        @Nullable String hash, int blockSize, int blockDelayMillis, int timeoutMillis, int notifyBlockSize,
        @Nullable String username, @Nullable String password, boolean reboot, int rebootDelayMillis) {

    /** The only download protocol (case-insensitive); it covers {@code http} and {@code https} URLs. */
    static final String HTTP = "HTTP";

    static DownloadOptions parse(CloudPayload payload) throws BadRequestException {
        RequestMetrics m = new RequestMetrics(payload);
        long jobId = m.requiredLong(JOB_ID);
        String name = m.requiredString(NAME);
        String version = m.requiredString(VERSION);
        String uriText = m.requiredString(URI);
        String protocol = m.requiredString(PROTOCOL);
        boolean systemUpdate = m.requiredBoolean(SYSTEM_UPDATE);
        boolean install = m.optionalBoolean(INSTALL, true);
        boolean force = m.optionalBoolean(FORCE, false);
        m.optionalBoolean(RESUME, false); // type-checked; resuming is the agent's own decision
        String hash = m.optionalString(HASH);
        int blockSize = m.optionalCount(BLOCK_SIZE, 0);
        int blockDelay = m.optionalCount(BLOCK_DELAY, 0);
        int timeout = m.optionalCount(TIMEOUT, 0);
        int notifyBlockSize = m.optionalCount(NOTIFY_BLOCK_SIZE, 0);
        String username = m.optionalString(USERNAME);
        String password = m.optionalString(PASSWORD);
        m.optionalString(VERIFIER_URI); // only meaningful for system updates, which are refused below
        m.optionalString(REQUEST_TYPE); // deployment hooks: not supported, accepted and ignored
        m.optionalString(HOOK_PROPERTIES);
        boolean reboot = m.optionalBoolean(REBOOT, false);
        int rebootDelay = m.optionalCount(REBOOT_DELAY, 0);

        if (!HTTP.equals(protocol.toUpperCase(Locale.ROOT))) {
            throw new BadRequestException(
                    "metric " + PROTOCOL + " must be HTTP, was '" + protocol + "': no other protocol is supported");
        }
        if (systemUpdate) {
            throw new BadRequestException(SYSTEM_UPDATE + "=true (a shell-script system update) is refused: "
                    + "Weir does not run downloaded scripts; deliver an OSGi deployment package instead");
        }
        URI uri = parseUri(uriText);
        if (hash != null && hash.isBlank()) {
            hash = null;
        }
        if (username != null && username.isEmpty()) {
            username = null;
            password = null;
        }
        return new DownloadOptions(jobId, name, version, uri, install, force, hash, blockSize, blockDelay, timeout,
                notifyBlockSize, username, password, reboot, rebootDelay);
    }

    private static URI parseUri(String text) throws BadRequestException {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new BadRequestException("metric " + URI + " is not a valid URI: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new BadRequestException("metric " + URI + " must be an absolute http or https URL, was " + text);
        }
        return uri;
    }

    DownloadRequest toRequest(String requester) {
        return DownloadRequest.builder(uri, name, version)
                .jobId(jobId)
                .requester(requester)
                .install(install)
                .force(force)
                .hash(hash)
                .blockSize(blockSize)
                .blockDelayMillis(blockDelayMillis)
                .connectTimeoutMillis(timeoutMillis)
                .notifyBlockSize(notifyBlockSize)
                .credentials(username, password)
                .build();
    }

    @Override
    public String toString() {
        return "download " + name + " " + version + " from " + uri + " job " + jobId + (install ? " install" : "")
                + (force ? " force" : "") + (username == null ? "" : " user " + username);
    }
}
