// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the CMD-V1 app, PID {@value CommandApp#PID}. DS maps {@code _} in a method name to {@code .}, so
 * {@code timeout_default_seconds} is {@code timeout.default.seconds} and {@code _password} is the private property
 * {@code .password} (never published as a service property, never logged). {@link Settings} validates these values.
 */
@ObjectClassDefinition(name = "Weir remote commands (CMD-V1)",
        description = "Runs allowlisted commands sent by the cloud manager, without a shell, with a timeout and an "
                + "output cap. Disabled by default.")
@interface CommandConfig {

    @AttributeDefinition(name = "Enabled", description = "When false every CMD-V1 request is answered with 500, "
            + "as Kura does; the app id stays listed so the manager sees why.")
    boolean enabled() default false;

    @AttributeDefinition(name = "Allowlist", required = false, cardinality = Integer.MAX_VALUE,
            description = "Executables that may run: an absolute path (matched exactly, after normalising) or a "
                    + "bare name (matched by name, found on the child's base PATH). Empty = nothing may run.")
    String[] allowlist() default {};

    @AttributeDefinition(name = "Default timeout (s)", min = "1",
            description = "Used when a request has no command.timeout or one <= 0.")
    int timeout_default_seconds() default 60;

    @AttributeDefinition(name = "Maximum timeout (s)", min = "1",
            description = "A longer command.timeout is reduced to this.")
    int timeout_max_seconds() default 3600;

    @AttributeDefinition(name = "Output cap (bytes per stream)", min = "1", max = "4194304",
            description = "The first bytes of stdout and of stderr that are kept; the rest is counted and dropped.")
    int output_max_bytes() default 65536;

    @AttributeDefinition(name = "Default working directory", required = false,
            description = "Absolute path, created if missing. Empty = a fresh directory per run under "
                    + "{weir.data}/command/work, deleted when the run ends.")
    String working_directory() default "";

    @AttributeDefinition(name = "Inherit environment", description = "true = the child gets the gateway's "
            + "environment; false = only PATH, HOME and LANG. The request's pairs are added in both cases.")
    boolean environment_inherit() default false;

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "Requests must carry it in command.password. Empty = no password required.")
    String _password() default "";

    @AttributeDefinition(name = "Maximum concurrent commands", min = "1", max = "64",
            description = "Commands running at once (synchronous and asynchronous); more are answered 500 busy.")
    int max_concurrent() default 2;

    @AttributeDefinition(name = "ZIP body: maximum unpacked bytes", min = "1",
            description = "Total size of the files a request's ZIP body may unpack to.")
    long body_max_unzipped_bytes() default 64L * 1024 * 1024;

    @AttributeDefinition(name = "ZIP body: maximum bytes per entry", min = "1")
    long body_max_entry_bytes() default 16L * 1024 * 1024;

    @AttributeDefinition(name = "ZIP body: maximum entries", min = "1")
    int body_max_entries() default 1000;
}
