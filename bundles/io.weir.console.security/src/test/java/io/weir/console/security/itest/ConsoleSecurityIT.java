// SPDX-License-Identifier: Apache-2.0
package io.weir.console.security.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.IntPredicate;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.cm.ConfigurationExtension;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The real Felix web console behind Weir's login, exercised over HTTP. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
@ExtendWith(ConfigurationExtension.class)
class ConsoleSecurityIT {

    private static final String PASSWORD = "itest-Password-1";
    private static final long TIMEOUT_MS = 15_000;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = TIMEOUT_MS)
    HttpServiceRuntime http;

    @BeforeAll
    static void writeUsersFile() throws Exception {
        BundleContext ctx = FrameworkUtil.getBundle(ConsoleSecurityIT.class).getBundleContext();
        Path file = Path.of(ctx.getProperty("weir.console.users"));
        Files.createDirectories(file.getParent());
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(PASSWORD.toCharArray(), salt, 20_000, 256)).getEncoded();
        Files.writeString(file, "admin:pbkdf2-sha256:20000:" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(hash) + ":admin\n", StandardCharsets.UTF_8);
    }

    private String url(String path) {
        ServiceReference<HttpServiceRuntime> ref = context.getServiceReference(HttpServiceRuntime.class);
        Object endpoint = ref.getProperty("osgi.http.endpoint");
        String base = endpoint instanceof String[] ? ((String[]) endpoint)[0] : String.valueOf(endpoint);
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    private HttpResponse<String> get(String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/system/console/bundles")))
                .timeout(Duration.ofSeconds(10));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The console registers asynchronously after the provider appears: poll until the status fits. */
    private HttpResponse<String> await(String user, String password, IntPredicate status) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        HttpResponse<String> r;
        do {
            r = get(user, password);
            if (status.test(r.statusCode())) {
                return r;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        return r;
    }

    @Test
    void advertisesItsProviderId(@InjectService(timeout = TIMEOUT_MS) ServiceAware<SecurityProvider> provider) {
        assertThat(provider.getServiceReference().getProperty("webconsole.security.provider.id")).isEqualTo("weir");
    }

    @Test
    void theRightPasswordGetsInAndNothingElseDoes() throws Exception {
        HttpResponse<String> ok = await("admin", PASSWORD, s -> s == 200);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("Bundles");

        HttpResponse<String> anonymous = get(null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).contains("Basic realm=\"Weir gateway\""));
        assertThat(get("admin", "admin").statusCode()).as("the console's built-in default").isEqualTo(401);
        assertThat(get("admin", PASSWORD + "x").statusCode()).isEqualTo(401);
        assertThat(get("root", PASSWORD).statusCode()).isEqualTo(401);
        assertThat(get("admin", PASSWORD).statusCode()).as("a success resets the failure count").isEqualTo(200);
    }

    @Test
    @WithConfiguration(pid = "io.weir.console.security", properties = {
            @Property(key = "maxFailedLogins", value = "2", scalar = Property.Scalar.Integer),
            @Property(key = "lockoutSeconds", value = "1", scalar = Property.Scalar.Integer) })
    void repeatedFailuresLockTheAddressOutForAWhile() throws Exception {
        assertThat(await("admin", PASSWORD, s -> s == 200).statusCode()).isEqualTo(200);
        assertThat(get("admin", "wrong-1").statusCode()).isEqualTo(401);
        assertThat(get("admin", "wrong-2").statusCode()).isEqualTo(401);
        HttpResponse<String> locked = get("admin", PASSWORD);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).hasValue("1");
        Thread.sleep(1_100);
        assertThat(get("admin", PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void theConsoleClosesWhenTheProviderGoes() throws Exception {
        Bundle security = Arrays.stream(context.getBundles())
                .filter(b -> "io.weir.console.security".equals(b.getSymbolicName())).findFirst().orElseThrow();
        assertThat(await("admin", PASSWORD, s -> s == 200).statusCode()).isEqualTo(200);
        security.stop();
        try {
            HttpResponse<String> closed = await("admin", "admin", s -> s != 200 && s != 401);
            assertThat(closed.statusCode()).as("console without Weir's provider must not serve").isNotIn(200, 401);
            assertThat(get("admin", PASSWORD).statusCode()).isNotEqualTo(200);
        } finally {
            security.start();
        }
        assertThat(await("admin", PASSWORD, s -> s == 200).statusCode()).isEqualTo(200);
    }
}
