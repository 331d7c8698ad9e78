// SPDX-License-Identifier: Apache-2.0
package io.weir.health.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.health.HealthContributor;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves {@code GET /health} without login: 200 with {@code "status":"UP"}, or 503 with
 * {@code "status":"DOWN"} and the reasons. Load balancers, service managers and the smoke test poll it.
 */
@Component(service = Servlet.class, configurationPid = HealthServlet.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HealthConfig.class)
@HttpWhiteboardServletPattern("/health")
@HttpWhiteboardServletName("weir-health")
public final class HealthServlet extends HttpServlet {

    static final String PID = "io.weir.health";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HealthServlet.class);

    private final transient BundleContext context;
    private final transient ServiceComponentRuntime scr;
    private final transient HealthEvaluator evaluator;
    private final String version;
    private final long startMillis;

    /** Maintained by SCR in bind/unbind; read without locking by request threads. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            fieldOption = FieldOption.UPDATE)
    private final transient List<HealthContributor> contributors = new CopyOnWriteArrayList<>();

    @Activate
    public HealthServlet(BundleContext context, @Reference ServiceComponentRuntime scr, HealthConfig config) {
        this.context = context;
        this.scr = scr;
        this.evaluator = new HealthEvaluator(Set.of(config.ignoredComponents()), config.unresolvedBundlesAreFatal(),
                config.degradedIsDown());
        String v = context.getProperty("weir.version");
        this.version = v != null ? v : context.getBundle().getVersion().toString();
        this.startMillis = startTime(context);
    }

    private static long startTime(BundleContext context) {
        String launched = context.getProperty("weir.launch.millis");
        if (launched != null) {
            try {
                return Long.parseLong(launched);
            } catch (NumberFormatException e) {
                LOG.debug("ignoring malformed weir.launch.millis {}", launched);
            }
        }
        return System.currentTimeMillis();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> report = report();
        boolean up = "UP".equals(report.get("status"));
        byte[] body = Json.write(report).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    Map<String, Object> report() {
        Bundle[] bundles = context.getBundles();
        List<HealthEvaluator.BundleInfo> infos = new ArrayList<>(bundles.length);
        String frameworkState = "UNKNOWN";
        for (Bundle b : bundles) {
            if (b.getBundleId() == 0) {
                frameworkState = stateName(b.getState());
            }
            boolean resolved = b.getState() != Bundle.INSTALLED && b.getState() != Bundle.UNINSTALLED;
            Version v = b.getVersion();
            infos.add(new HealthEvaluator.BundleInfo(b.getBundleId(), String.valueOf(b.getSymbolicName()),
                    v.toString(), resolved, b.getState() == Bundle.ACTIVE));
        }
        Collection<ComponentDescriptionDTO> descriptions = scr.getComponentDescriptionDTOs();
        List<ComponentProblems.Component> components = new ArrayList<>(descriptions.size());
        for (ComponentDescriptionDTO d : descriptions) {
            components.add(new ComponentProblems.Component(d, scr.isComponentEnabled(d),
                    scr.getComponentConfigurationDTOs(d)));
        }
        return evaluator.evaluate(version, frameworkState, System.currentTimeMillis() - startMillis, infos,
                components, List.copyOf(contributors));
    }

    private static String stateName(int state) {
        switch (state) {
            case Bundle.ACTIVE:
                return "ACTIVE";
            case Bundle.STARTING:
                return "STARTING";
            case Bundle.STOPPING:
                return "STOPPING";
            case Bundle.RESOLVED:
                return "RESOLVED";
            case Bundle.INSTALLED:
                return "INSTALLED";
            default:
                return "UNINSTALLED";
        }
    }
}
