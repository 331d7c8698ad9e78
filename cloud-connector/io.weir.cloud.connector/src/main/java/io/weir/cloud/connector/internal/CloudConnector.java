// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.CloudConnection;
import io.weir.cloud.CloudPublisher;
import io.weir.cloud.CloudSubscriber;
import io.weir.cloud.RequestHandler;
import io.weir.cloud.RequestHandlerApp;
import io.weir.health.HealthContributor;

/**
 * The DS face of the {@link CloudService}: configured by PID {@value #PID}, it starts the service and registers it as
 * {@link CloudConnection}, {@link CloudPublisher}, {@link CloudSubscriber} and {@link HealthContributor}, and routes
 * {@link RequestHandler} whiteboard services to its dispatcher. A configuration change restarts the service: a clean
 * disconnect (DC), the store closed and reopened with its messages, and a new connection (BIRTH).
 */
// the services are registered by hand (one object, four interfaces): declare them for the resolver
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.weir.cloud.CloudConnection,"
        + "io.weir.cloud.CloudPublisher,io.weir.cloud.CloudSubscriber,io.weir.health.HealthContributor\"",
        uses = { CloudConnection.class, HealthContributor.class })
@Component(configurationPid = CloudConnector.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = ConnectorConfig.class)
public final class CloudConnector {

    /** The configuration PID. */
    public static final String PID = "io.weir.cloud";

    private static final Logger LOG = LoggerFactory.getLogger(CloudConnector.class);

    private final Map<Long, RequestDispatcher.Registration> handlers = new ConcurrentHashMap<>();
    private volatile CloudService service;
    private ServiceRegistration<?> registration;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) throws java.io.IOException {
        String data = context.getProperty("weir.data");
        Path dataDir = Path.of(data == null ? "weir-data" : data);
        Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        CloudService.Options options = OptionsFactory.from(properties, dataDir, framework.getSymbolicName(),
                framework.getVersion().toString(), context.getBundle().getVersion().toString());
        CloudService s = new CloudService(options);
        handlers.values().forEach(s.dispatcher()::register);
        service = s;
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("weir.cloud.account", options.topics().account());
        props.put("weir.cloud.client.id", options.topics().clientId());
        registration = context.registerService(new String[] { CloudConnection.class.getName(),
            CloudPublisher.class.getName(), CloudSubscriber.class.getName(), HealthContributor.class.getName() },
                s, props);
        LOG.info("Cloud connector started: account {}, client id {}, broker {}", options.topics().account(),
                options.topics().clientId(), options.data().brokerUrl().isEmpty() ? "(not configured)"
                        : BrokerUrls.redact(options.data().brokerUrl()));
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            registration = null;
        }
        CloudService s = service;
        service = null;
        if (s != null) {
            s.close();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + RequestHandlerApp.PROPERTY + "=*)")
    void bindHandler(RequestHandler handler, ServiceReference<RequestHandler> ref) {
        Object app = ref.getProperty(RequestHandlerApp.PROPERTY);
        String appId = app instanceof String[] a && a.length > 0 ? a[0] : String.valueOf(app);
        if (appId.isEmpty() || appId.contains("/") || appId.contains("+") || appId.contains("#")
                || appId.contains(",")) {
            LOG.error("Request handler {} has an invalid app id '{}': ignored", ref, appId);
            return;
        }
        Object rank = ref.getProperty(Constants.SERVICE_RANKING);
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        RequestDispatcher.Registration r = new RequestDispatcher.Registration(appId, handler,
                rank instanceof Integer i ? i : 0, id);
        handlers.put(id, r);
        CloudService s = service;
        if (s != null) {
            s.dispatcher().register(r);
        }
    }

    void unbindHandler(ServiceReference<RequestHandler> ref) {
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        handlers.remove(id);
        CloudService s = service;
        if (s != null) {
            s.dispatcher().unregister(id);
        }
    }

    /** @return the running service, for tests */
    CloudService service() {
        return service;
    }

}
