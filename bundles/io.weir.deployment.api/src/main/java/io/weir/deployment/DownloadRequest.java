// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment;

import java.net.URI;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A package to download, and optionally install, from a URL. Build one with {@link #builder(URI, String, String)}.
 *
 * @param uri where to fetch the package; its scheme and host must be on the agent's allowlist
 * @param name the package's symbolic name; the downloaded package must carry it
 * @param version the package's version; the downloaded package must carry it
 * @param jobId the caller's job id, echoed in every event
 * @param requester who asks, for the audit log
 * @param install install after a verified download
 * @param force download again even if the file is already there
 * @param hash {@code ALGORITHM:hexdigest} (a {@code MessageDigest} algorithm such as {@code SHA-256}) the file
 *        must match, or {@code null}
 * @param blockSize read buffer in bytes; 0 for the agent's default
 * @param blockDelayMillis pause after each block, to throttle; 0 for none
 * @param connectTimeoutMillis HTTP connect timeout; 0 for the agent's default
 * @param notifyBlockSize bytes between progress events; 0 for every 5 % (or 256 KiB while the size is unknown)
 * @param username HTTP basic-authentication user, or {@code null}
 * @param password HTTP basic-authentication password, or {@code null}; never printed
 */
@ProviderType
public record DownloadRequest(URI uri, String name, String version, long jobId, String requester, boolean install,
        boolean force, @Nullable String hash, int blockSize, int blockDelayMillis, int connectTimeoutMillis,
        int notifyBlockSize, @Nullable String username, @Nullable String password) {

    public DownloadRequest {
        Objects.requireNonNull(uri, "uri");
        requireText("name", name);
        requireText("version", version);
        requireText("requester", requester);
        if (blockSize < 0 || blockDelayMillis < 0 || connectTimeoutMillis < 0 || notifyBlockSize < 0) {
            throw new IllegalArgumentException("sizes, delays and timeouts must not be negative");
        }
    }

    static void requireText(String what, @Nullable String value) {
        if (Objects.requireNonNull(value, what).isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    /** @return a builder with the defaults: install, no force, no hash, agent defaults for sizes and timeouts */
    public static Builder builder(URI uri, String name, String version) {
        return new Builder(uri, name, version);
    }

    @Override
    public String toString() {
        return "DownloadRequest[" + uri + " " + name + " " + version + " job " + jobId + " by " + requester
                + (install ? " install" : "") + (force ? " force" : "") + (hash == null ? "" : " " + hash)
                + (username == null ? "" : " user " + username) + "]";
    }

    /** Builds a {@link DownloadRequest}. */
    public static final class Builder {
        private final URI uri;
        private final String name;
        private final String version;
        private long jobId;
        private String requester = "local";
        private boolean install = true;
        private boolean force;
        private @Nullable String hash;
        private int blockSize;
        private int blockDelayMillis;
        private int connectTimeoutMillis;
        private int notifyBlockSize;
        private @Nullable String username;
        private @Nullable String password;

        Builder(URI uri, String name, String version) {
            this.uri = uri;
            this.name = name;
            this.version = version;
        }

        public Builder jobId(long value) { this.jobId = value; return this; }
        public Builder requester(String value) { this.requester = value; return this; }
        public Builder install(boolean value) { this.install = value; return this; }
        public Builder force(boolean value) { this.force = value; return this; }
        public Builder hash(@Nullable String value) { this.hash = value; return this; }
        public Builder blockSize(int value) { this.blockSize = value; return this; }
        public Builder blockDelayMillis(int value) { this.blockDelayMillis = value; return this; }
        public Builder connectTimeoutMillis(int value) { this.connectTimeoutMillis = value; return this; }
        public Builder notifyBlockSize(int value) { this.notifyBlockSize = value; return this; }
        public Builder credentials(@Nullable String user, @Nullable String secret) {
            this.username = user;
            this.password = secret;
            return this;
        }

        public DownloadRequest build() {
            return new DownloadRequest(uri, name, version, jobId, requester, install, force, hash, blockSize,
                    blockDelayMillis, connectTimeoutMillis, notifyBlockSize, username, password);
        }
    }
}
