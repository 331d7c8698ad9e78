// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the deployment agent, PID {@value PackageAgent#PID}. */
@ObjectClassDefinition(name = "Weir deployment agent",
        description = "Downloads, verifies and installs signed OSGi deployment packages")
public @interface AgentConfig {

    @AttributeDefinition(name = "Download directory",
            description = "Where downloads are kept; empty for {weir.data}/deployment/downloads", required = false)
    String download_directory() default "";

    @AttributeDefinition(name = "Packages directory", description = "The installed packages, kept for rollback; "
            + "empty for {weir.data}/deployment/packages", required = false)
    String packages_directory() default "";

    @AttributeDefinition(name = "Trust directory", description = "X.509 certificates (*.pem, *.crt, *.cer) whose "
            + "keys may sign packages; re-read at each verification; empty for {weir.data}/deployment/trusted",
            required = false)
    String trust_directory() default "";

    @AttributeDefinition(name = "Allow unsigned packages (development mode)", description = "Never in production: "
            + "unsigned packages install, with a warning each time; tampered or untrusted ones are still refused")
    boolean allow_unsigned() default false;

    @AttributeDefinition(name = "Maximum download size (bytes)", min = "1")
    long download_max_bytes() default 64L * 1024 * 1024;

    @AttributeDefinition(name = "Allowed URL schemes", description = "http and/or https")
    String[] allowed_schemes() default { "https" };

    @AttributeDefinition(name = "Allowed hosts", description = "Host globs such as *.example.com; * for any")
    String[] allowed_hosts() default { "*" };

    @AttributeDefinition(name = "Connect timeout (ms)", min = "1")
    int download_connect_timeout_ms() default 4000;

    @AttributeDefinition(name = "Read timeout (ms)", min = "1")
    int download_read_timeout_ms() default 6000;

    @AttributeDefinition(name = "Download retries", description = "Resumed attempts after a lost connection", min = "0")
    int download_retries() default 3;

    @AttributeDefinition(name = "Start timeout (ms)", description = "How long the bundles of a package have to "
            + "become ACTIVE before it is rolled back", min = "1")
    long start_timeout_ms() default 10_000;

    @AttributeDefinition(name = "Audit log size (bytes)", description = "Rotated at this size; one old file kept",
            min = "1024")
    long audit_max_bytes() default 1024L * 1024;
}
