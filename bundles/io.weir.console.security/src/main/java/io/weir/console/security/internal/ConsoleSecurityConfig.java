// SPDX-License-Identifier: Apache-2.0
package io.weir.console.security.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the console login, PID {@value WeirConsoleSecurityProvider#PID}. */
@ObjectClassDefinition(name = "Weir console security",
        description = "Login to the gateway web console: users file, realm and brute-force throttling.")
@interface ConsoleSecurityConfig {

    @AttributeDefinition(name = "Users file",
            description = "Path of the users file (name:pbkdf2-sha256:iterations:salt:hash:roles per line). "
                    + "Empty: the file the launcher manages, DATA/security/console-users.")
    String usersFile() default "";

    @AttributeDefinition(name = "Realm", description = "The HTTP Basic authentication realm shown by browsers.")
    String realm() default "Weir gateway";

    @AttributeDefinition(name = "Failed logins before lockout",
            description = "Consecutive failed logins from one address before that address is locked out.", min = "1")
    int maxFailedLogins() default 5;

    @AttributeDefinition(name = "Lockout (seconds)",
            description = "How long an address that failed too often is refused, even with the right password.",
            min = "1")
    int lockoutSeconds() default 60;
}
