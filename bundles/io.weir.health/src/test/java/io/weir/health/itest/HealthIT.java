// SPDX-License-Identifier: Apache-2.0
package io.weir.health.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.cm.ConfigurationExtension;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.weir.health.HealthContributor;
import io.weir.health.HealthReport;
import io.weir.health.HealthState;
import jakarta.servlet.Servlet;

/**
 * Black-box tests of the health endpoint inside Felix with Jetty: real HTTP requests against /health.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
@ExtendWith(ConfigurationExtension.class)
class HealthIT {

    private static final String PID = "io.weir.health";
    private static final long TIMEOUT_MS = 10_000;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = TIMEOUT_MS)
    HttpServiceRuntime http;

    @InjectService(timeout = TIMEOUT_MS)
    ServiceComponentRuntime scr;

    private HttpResponse<String> get() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> last = null;
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        // the servlet may be (re)registering after a configuration change: retry 404s for a while
        do {
            last = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (last.statusCode() != 404) {
                return last;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        return last;
    }

    private String baseUrl() {
        ServiceReference<HttpServiceRuntime> ref = context.getServiceReference(HttpServiceRuntime.class);
        Object endpoint = ref.getProperty("osgi.http.endpoint");
        String url = endpoint instanceof String[] ? ((String[]) endpoint)[0] : String.valueOf(endpoint);
        if (url.startsWith("[") && url.endsWith("]")) {
            url = url.substring(1, url.length() - 1);
        }
        return url.endsWith("/") ? url : url + "/";
    }

    private static HealthContributor contributor(String name, HealthState state, String message) {
        return new HealthContributor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthReport health() {
                return new HealthReport(state, message, Map.of("k", "v"));
            }
        };
    }

    @Test
    void activatesWithDefaultsAndAdvertisesTheWhiteboardPattern(
            @InjectService(filter = "(osgi.http.whiteboard.servlet.pattern=/health)", timeout = TIMEOUT_MS)
            ServiceAware<Servlet> servlet) throws Exception {
        assertThat(servlet.getServiceReference().getProperty("osgi.http.whiteboard.servlet.name"))
                .isEqualTo("weir-health");
        HttpResponse<String> r = get();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.body()).contains("\"status\":\"UP\"").contains("\"framework\":{\"state\":\"ACTIVE\"")
                .contains("\"unsatisfied\":[]").contains("\"version\":");
    }

    @Test
    void publishesItsMetatype(@InjectService(timeout = TIMEOUT_MS) MetaTypeService metatype) {
        var bundle = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "io.weir.health".equals(b.getSymbolicName())).findFirst().orElseThrow();
        var ocd = metatype.getMetaTypeInformation(bundle).getObjectClassDefinition(PID, null);
        assertThat(ocd.getName()).isEqualTo("Weir health endpoint");
    }

    @Test
    void contributorsArriveAndLeaveDynamically() throws Exception {
        ServiceRegistration<HealthContributor> reg = context.registerService(HealthContributor.class,
                contributor("itest.broker", HealthState.DOWN, "broker unreachable"), null);
        try {
            HttpResponse<String> down = get();
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("\"name\":\"itest.broker\"")
                    .contains("broker unreachable").contains("itest.broker is DOWN");
        } finally {
            reg.unregister();
        }
        HttpResponse<String> up = get();
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).doesNotContain("itest.broker");
    }

    @Test
    @WithConfiguration(pid = PID, properties = @Property(key = "degradedIsDown", value = "true", scalar = org.osgi.test.common.annotation.Property.Scalar.Boolean))
    void configurationChangesTheVerdict() throws Exception {
        ServiceRegistration<HealthContributor> reg = context.registerService(HealthContributor.class,
                contributor("itest.store", HealthState.DEGRADED, "disk 95% full"), null);
        try {
            long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            HttpResponse<String> r;
            do {
                r = get();
            } while (r.statusCode() != 503 && System.currentTimeMillis() < deadline);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.body()).contains("itest.store is DEGRADED");
        } finally {
            reg.unregister();
        }
    }

    @Test
    void anUnsatisfiedComponentIsNamedWithItsReason() throws Exception {
        ComponentDescriptionDTO needy = scr.getComponentDescriptionDTO(
                java.util.Arrays.stream(context.getBundles())
                        .filter(b -> "io.weir.health-tests".equals(b.getSymbolicName())).findFirst().orElseThrow(),
                NeedyComponent.NAME);
        assertThat(needy).as("test component description").isNotNull();
        scr.enableComponent(needy).getValue();
        try {
            HttpResponse<String> r = get();
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("\"name\":\"" + NeedyComponent.NAME + "\"")
                    .contains("UNSATISFIED_REFERENCE").contains("'missing'");
        } finally {
            scr.disableComponent(needy).getValue();
        }
        assertThat(get().statusCode()).isEqualTo(200);
    }
}
