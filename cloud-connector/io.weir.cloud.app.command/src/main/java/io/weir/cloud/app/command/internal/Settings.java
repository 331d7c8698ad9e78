// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The validated configuration of the app. A plain record so that tests build it without a framework.
 *
 * @param enabled run commands at all
 * @param allowlist the executables that may run
 * @param defaultTimeoutSeconds timeout when the request gives none
 * @param maxTimeoutSeconds upper bound of any timeout
 * @param outputMaxBytes bytes kept per output stream
 * @param workingDirectory the fixed default working directory, or {@code null} for a fresh one per run
 * @param workRoot where fresh per-run directories are made ({@code {weir.data}/command/work})
 * @param stagingRoot where ZIP bodies are unpacked before being moved ({@code {weir.data}/command/staging})
 * @param inheritEnvironment pass the gateway's environment to the child
 * @param password the required {@code command.password}; empty = none
 * @param maxConcurrent commands running at once
 * @param zipLimits caps on a request's ZIP body
 */
record Settings(boolean enabled, Allowlist allowlist, int defaultTimeoutSeconds, int maxTimeoutSeconds,
        int outputMaxBytes, @Nullable Path workingDirectory, Path workRoot, Path stagingRoot,
        boolean inheritEnvironment, String password, int maxConcurrent, ZipBody.Limits zipLimits) {

    /** Largest accepted output cap: both streams together must fit a reply comfortably. */
    static final int OUTPUT_MAX_LIMIT = 4 * 1024 * 1024;

    Settings {
        require(defaultTimeoutSeconds >= 1, "timeout.default.seconds must be >= 1, was " + defaultTimeoutSeconds);
        require(maxTimeoutSeconds >= defaultTimeoutSeconds, "timeout.max.seconds (" + maxTimeoutSeconds
                + ") must be >= timeout.default.seconds (" + defaultTimeoutSeconds + ")");
        require(outputMaxBytes >= 1 && outputMaxBytes <= OUTPUT_MAX_LIMIT,
                "output.max.bytes must be in [1, " + OUTPUT_MAX_LIMIT + "], was " + outputMaxBytes);
        require(workingDirectory == null || workingDirectory.isAbsolute(),
                "working.directory must be an absolute path, was " + workingDirectory);
        require(maxConcurrent >= 1, "max.concurrent must be >= 1, was " + maxConcurrent);
        require(password != null, "password");
    }

    /**
     * Reads and validates a configuration.
     *
     * @param config the configuration
     * @param dataDir the gateway's data directory
     * @return the settings
     * @throws IllegalArgumentException naming the PID and the attribute, if a value is invalid
     */
    static Settings from(CommandConfig config, Path dataDir) {
        try {
            String wd = config.working_directory().trim();
            Path base = dataDir.toAbsolutePath().normalize().resolve("command");
            return new Settings(config.enabled(), Allowlist.of(List.of(nonNull(config.allowlist()))),
                    config.timeout_default_seconds(), config.timeout_max_seconds(), config.output_max_bytes(),
                    wd.isEmpty() ? null : Path.of(wd), base.resolve("work"), base.resolve("staging"),
                    config.environment_inherit(), config._password(), config.max_concurrent(),
                    new ZipBody.Limits(config.body_max_unzipped_bytes(), config.body_max_entry_bytes(),
                            config.body_max_entries()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CommandApp.PID + ": " + e.getMessage(), e);
        }
    }

    private static String[] nonNull(String @Nullable [] a) {
        return a == null ? new String[0] : Arrays.stream(a).filter(s -> s != null).toArray(String[]::new);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Hides the password. */
    @Override
    public String toString() {
        return "Settings[enabled=" + enabled + ", allowlist=" + allowlist + ", timeout=" + defaultTimeoutSeconds
                + "/" + maxTimeoutSeconds + " s, output=" + outputMaxBytes + " B, workingDirectory="
                + (workingDirectory == null ? "(per run)" : workingDirectory) + ", inheritEnvironment="
                + inheritEnvironment + ", password=" + (password.isEmpty() ? "none" : "set") + ", maxConcurrent="
                + maxConcurrent + ", " + zipLimits + "]";
    }
}
