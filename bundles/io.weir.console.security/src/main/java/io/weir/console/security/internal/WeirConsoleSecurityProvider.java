// SPDX-License-Identifier: Apache-2.0
package io.weir.console.security.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The web console's only way in: HTTP Basic login checked against the hashed users file. The launcher makes
 * the console wait for this provider ({@code felix.webconsole.security.providers=weir}), so the console's
 * built-in default login is never active. Failed logins are throttled per remote address.
 */
@Component(service = SecurityProvider.class, configurationPid = WeirConsoleSecurityProvider.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConsoleSecurityConfig.class)
@SecurityProviderId("weir")
public final class WeirConsoleSecurityProvider implements SecurityProvider {

    static final String PID = "io.weir.console.security";
    static final String USERS_PROPERTY = "weir.console.users";
    private static final Logger LOG = LoggerFactory.getLogger(WeirConsoleSecurityProvider.class);

    /** The authenticated console user handed back to the web console. */
    static final class ConsoleUser implements Principal {
        final String name;
        final Set<String> roles;

        ConsoleUser(String name, Set<String> roles) {
            this.name = name;
            this.roles = roles;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String toString() {
            return "ConsoleUser[" + name + "]";
        }
    }

    private final UsersFile users;
    private final LoginThrottle throttle;
    private final String challenge;

    @Activate
    public WeirConsoleSecurityProvider(BundleContext context, ConsoleSecurityConfig config) {
        String file = config.usersFile().isBlank() ? context.getProperty(USERS_PROPERTY) : config.usersFile();
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException(PID + ": usersFile is empty and the framework property "
                    + USERS_PROPERTY + " is not set");
        }
        if (config.realm().isBlank() || config.realm().contains("\"")) {
            throw new IllegalArgumentException(PID + ": realm must be non-empty and contain no quotes");
        }
        this.users = new UsersFile(Path.of(file));
        this.throttle = new LoginThrottle(config.maxFailedLogins(), config.lockoutSeconds() * 1000L,
                System::currentTimeMillis);
        this.challenge = "Basic realm=\"" + config.realm() + "\", charset=\"UTF-8\"";
        LOG.info("Console login uses {} ({} user(s))", users.path(), users.size());
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        String address = String.valueOf(request.getRemoteAddr());
        long wait = throttle.lockedFor(address);
        if (wait > 0) {
            response.setHeader("Retry-After", Long.toString((wait + 999) / 1000));
            response.setStatus(429);
            return null;
        }
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            ConsoleUser user = check(header.substring(6).trim(), address);
            if (user != null) {
                return user;
            }
        }
        response.setHeader("WWW-Authenticate", challenge);
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        return null;
    }

    private ConsoleUser check(String encoded, String address) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throttle.failure(address);
            return null;
        }
        CharBuffer buffer = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(decoded));
        char[] chars = Arrays.copyOf(buffer.array(), buffer.limit());
        Arrays.fill(buffer.array(), '\0');
        Arrays.fill(decoded, (byte) 0);
        try {
            int colon = indexOf(chars, ':');
            if (colon < 0) {
                throttle.failure(address);
                return null;
            }
            String name = new String(chars, 0, colon);
            char[] password = Arrays.copyOfRange(chars, colon + 1, chars.length);
            try {
                UsersFile.User user = users.find(name);
                if (user != null && user.verify(password)) {
                    throttle.success(address);
                    return new ConsoleUser(user.name, user.roles);
                }
            } finally {
                Arrays.fill(password, '\0');
            }
            throttle.failure(address);
            LOG.warn("Failed console login as '{}' from {}", name.length() > 64 ? name.substring(0, 64) : name, address);
            return null;
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static int indexOf(char[] chars, char c) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == c) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean authorize(Object user, String role) {
        if (!(user instanceof ConsoleUser)) {
            return false;
        }
        Set<String> roles = ((ConsoleUser) user).roles;
        return roles.contains("admin") || roles.contains(role);
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // HTTP Basic has no server-side session; a fresh challenge makes browsers forget the credentials
        response.setHeader("WWW-Authenticate", challenge);
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    }
}
