// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The agent's settings, resolved and validated from {@link AgentConfig}.
 *
 * @param downloads the download directory
 * @param packages the directory of installed packages, kept for rollback
 * @param trust the trust directory
 * @param audit the audit log file
 * @param allowUnsigned development mode
 * @param maxBytes the download and package size cap
 * @param urls the scheme and host allowlist
 * @param connectTimeoutMs default connect timeout
 * @param readTimeoutMs read timeout
 * @param retries resumed attempts after a lost connection
 * @param startTimeoutMs how long bundles have to become ACTIVE
 * @param auditMaxBytes audit log rotation size
 */
record Settings(Path downloads, Path packages, Path trust, Path audit, boolean allowUnsigned, long maxBytes,
        UrlPolicy urls, int connectTimeoutMs, int readTimeoutMs, int retries, long startTimeoutMs,
        long auditMaxBytes) {

    /** Validates {@code config}; relative defaults go below {@code dataDir}. */
    static Settings from(AgentConfig config, Path dataDir) {
        Path base = dataDir.resolve("deployment");
        require(config.download_max_bytes() > 0, "download.max.bytes", "must be positive");
        require(config.download_connect_timeout_ms() > 0, "download.connect.timeout.ms", "must be positive");
        require(config.download_read_timeout_ms() > 0, "download.read.timeout.ms", "must be positive");
        require(config.download_retries() >= 0, "download.retries", "must not be negative");
        require(config.start_timeout_ms() > 0, "start.timeout.ms", "must be positive");
        require(config.audit_max_bytes() >= 1024, "audit.max.bytes", "must be at least 1024");
        for (String s : config.allowed_schemes()) {
            String l = s.trim().toLowerCase(Locale.ROOT);
            require(l.equals("http") || l.equals("https"), "allowed.schemes", "only http and https: " + s);
        }
        require(config.allowed_schemes().length > 0, "allowed.schemes", "must not be empty");
        return new Settings(dir(config.download_directory(), base.resolve("downloads")),
                dir(config.packages_directory(), base.resolve("packages")),
                dir(config.trust_directory(), base.resolve("trusted")), base.resolve("audit.log"),
                config.allow_unsigned(), config.download_max_bytes(),
                new UrlPolicy(List.of(config.allowed_schemes()), List.of(config.allowed_hosts())),
                config.download_connect_timeout_ms(), config.download_read_timeout_ms(), config.download_retries(),
                config.start_timeout_ms(), config.audit_max_bytes());
    }

    private static Path dir(String configured, Path fallback) {
        return configured == null || configured.isBlank() ? fallback : Path.of(configured.trim());
    }

    private static void require(boolean ok, String attribute, String message) {
        if (!ok) {
            throw new IllegalArgumentException(PackageAgent.PID + ": " + attribute + " " + message);
        }
    }
}
