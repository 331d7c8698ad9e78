// SPDX-License-Identifier: Apache-2.0
package io.weir.demo.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.Request;
import io.weir.cloud.RequestContext;
import io.weir.cloud.RequestHandler;
import io.weir.cloud.RequestHandlerApp;
import io.weir.cloud.RequestMethod;
import io.weir.cloud.Response;
import io.weir.cloud.ResponseCode;
import io.weir.data.TypedValue;
import io.weir.health.HealthContributor;
import io.weir.health.HealthReport;
import io.weir.health.HealthState;

/**
 * The demo feature: once its package is installed, {@code /health} has a {@code demo} check, and the cloud can
 * call {@code DEMO-V1/GET/hello}. Configurable through PID {@code io.weir.demo}, so a manager can also try CONF
 * on a component that arrived with a package.
 */
@Component(service = { HealthContributor.class, RequestHandler.class }, configurationPid = DemoFeature.PID)
@RequestHandlerApp("DEMO-V1")
@Designate(ocd = DemoFeature.Config.class)
public final class DemoFeature implements HealthContributor, RequestHandler {

    static final String PID = "io.weir.demo";

    private static final Logger LOG = LoggerFactory.getLogger(DemoFeature.class);

    @ObjectClassDefinition(name = "Weir demo feature", description = "Greets whoever asks DEMO-V1/GET/hello.")
    @interface Config {
        @AttributeDefinition(name = "Greeting", description = "What GET/hello answers.")
        String greeting() default "Hello from the Weir demo feature";
    }

    private final String version;
    private final String greeting;
    private final Instant since = Instant.now();

    @Activate
    public DemoFeature(BundleContext context, Config config) {
        this.version = context.getBundle().getVersion().toString();
        this.greeting = config.greeting();
        LOG.info("Weir demo feature {} active", version);
    }

    @Deactivate
    void deactivate() {
        LOG.info("Weir demo feature {} stopped", version);
    }

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public HealthReport health() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("version", version);
        details.put("since", since.toString());
        return new HealthReport(HealthState.UP, "demo feature " + version + " installed", details);
    }

    @Override
    public Response handle(Request request, RequestContext context) {
        if (request.method() != RequestMethod.GET || !request.resources().equals(java.util.List.of("hello"))) {
            return Response.error(ResponseCode.NOT_FOUND, "DEMO-V1 serves only GET/hello");
        }
        Map<String, TypedValue> metrics = new LinkedHashMap<>();
        metrics.put("greeting", TypedValue.ofString(greeting));
        metrics.put("version", TypedValue.ofString(version));
        return Response.ok(new CloudPayload(System.currentTimeMillis(), null, metrics, null));
    }
}
