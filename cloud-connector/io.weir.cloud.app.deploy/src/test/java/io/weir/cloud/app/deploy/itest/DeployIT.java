// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;
import org.osgi.util.tracker.ServiceTracker;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.weir.cloud.CloudConnection;
import io.weir.cloud.CloudPayload;
import io.weir.cloud.Request;
import io.weir.cloud.RequestContext;
import io.weir.cloud.RequestHandler;
import io.weir.cloud.RequestMethod;
import io.weir.cloud.Response;
import io.weir.cloud.ResponseCode;
import io.weir.data.TypedValue;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * Black-box tests of DEPLOY-V2 and INVENTORY-V1 inside Felix with SCR and Config Admin: the handlers are called
 * through their services, on real bundles (a test bundle built and installed by the test), with a stand-in
 * deployment agent.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class DeployIT {

    private static final String PID = "io.weir.cloud.app.deploy";
    private static final String APP = "weir.cloud.request.handler.app";
    private static final long TIMEOUT_MS = 10_000;
    private static final String DUMMY = "io.weir.itest.dummy";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = TIMEOUT_MS)
    ConfigurationAdmin configAdmin;

    private final List<Bundle> installed = new CopyOnWriteArrayList<>();
    /** Open for the whole test: a handler nobody uses is a delayed component that SCR deactivates. */
    private final List<ServiceTracker<?, ?>> trackers = new CopyOnWriteArrayList<>();
    private final RecordingContext requestContext = new RecordingContext();

    @AfterEach
    void cleanUp() throws Exception {
        trackers.forEach(ServiceTracker::close);
        for (Bundle b : installed) {
            b.uninstall();
        }
        Configuration c = configAdmin.getConfiguration(PID, "?");
        if (c.getProperties() != null) {
            c.delete();
        }
    }

    /** Notifications sent by the handlers, recorded. */
    static final class RecordingContext implements RequestContext {
        final List<String> resources = new CopyOnWriteArrayList<>();
        final List<CloudPayload> payloads = new CopyOnWriteArrayList<>();

        @Override
        public String accountName() {
            return "acme";
        }

        @Override
        public String clientId() {
            return "gw-itest";
        }

        @Override
        public Promise<Long> publishNotification(String resource, CloudPayload payload) {
            resources.add(resource);
            payloads.add(payload);
            return Promises.resolved(1L);
        }
    }

    /** Waits for the handler of an app whose service matches an extra filter. */
    private RequestHandler handler(String app, String extraFilter) throws Exception {
        String filter = "(&(objectClass=" + RequestHandler.class.getName() + ")(" + APP + "=" + app + ")"
                + extraFilter + ")";
        ServiceTracker<RequestHandler, RequestHandler> tracker = new ServiceTracker<>(context,
                context.createFilter(filter), null);
        tracker.open();
        trackers.add(tracker);
        RequestHandler h = tracker.waitForService(TIMEOUT_MS);
        assertThat(h).as(() -> "service " + filter + "; components: " + components()).isNotNull();
        return h;
    }

    /** The DS state of this module's components, for failure messages. */
    private String components() {
        ServiceTracker<ServiceComponentRuntime, ServiceComponentRuntime> t = new ServiceTracker<>(context,
                ServiceComponentRuntime.class, null);
        t.open();
        try {
            ServiceComponentRuntime scr = t.getService();
            StringBuilder out = new StringBuilder();
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                out.append(d.name).append(' ');
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    out.append("state=").append(c.state).append(" unsatisfied=")
                            .append(Arrays.stream(c.unsatisfiedReferences).map(r -> r.name).toList())
                            .append(" failure=").append(c.failure).append(' ');
                }
                out.append("; ");
            }
            out.append("agents=").append(context.getServiceReferences(
                    io.weir.deployment.DeploymentAgent.class, null).size());
            return out.toString();
        } catch (Exception e) {
            return e.toString();
        } finally {
            t.close();
        }
    }

    private RequestHandler deploy() throws Exception {
        return handler("DEPLOY-V2", "");
    }

    private RequestHandler inventory() throws Exception {
        return handler("INVENTORY-V1", "");
    }

    private Response call(RequestHandler h, String app, RequestMethod method, CloudPayload payload,
            String... resources) {
        return h.handle(new Request(app, method, List.of(resources), payload, "1", "itest-requester"),
                requestContext);
    }

    private Response deploy(RequestMethod method, String... resources) throws Exception {
        return call(deploy(), "DEPLOY-V2", method, CloudPayload.EMPTY, resources);
    }

    private Response inventory(RequestMethod method, String body, String... resources) throws Exception {
        return call(inventory(), "INVENTORY-V1", method, new CloudPayload(0L, null, Map.of(),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)), resources);
    }

    /** Builds and installs a real bundle with no code: a manifest only. */
    private Bundle installDummy(String version, String imports) throws Exception {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", DUMMY);
        a.putValue("Bundle-Version", version);
        if (imports != null) {
            a.putValue("Import-Package", imports);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, mf)) {
            jar.flush();
        }
        Bundle b = context.installBundle("itest:dummy/" + version, new ByteArrayInputStream(out.toByteArray()));
        installed.add(b);
        return b;
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
    }

    private static JsonObject json(Response r) {
        return Json.createReader(new StringReader(new String(r.payload().body(), StandardCharsets.UTF_8)))
                .readObject();
    }

    @Test
    void bothAppsAreRegisteredAndTheMetatypeIsPublished(@InjectService(timeout = TIMEOUT_MS) MetaTypeService mt)
            throws Exception {
        assertThat(deploy()).isNotNull();
        assertThat(inventory()).isNotNull();
        var ocd = mt.getMetaTypeInformation(bundle("io.weir.cloud.app.deploy")).getObjectClassDefinition(PID, null);
        assertThat(ocd.getName()).isEqualTo("Weir remote deployment and inventory");
        assertThat(Arrays.stream(ocd.getAttributeDefinitions(-1)).map(ad -> ad.getID()))
                .contains("protected.bundles", "dpkg.status.path");
    }

    @Test
    void getBundlesListsTheFrameworkAsXml() throws Exception {
        Bundle dummy = installDummy("1.2.3", null);
        Response r = deploy(RequestMethod.GET, "bundles");
        assertThat(r.code()).isEqualTo(ResponseCode.OK);
        String xml = new String(r.payload().body(), StandardCharsets.UTF_8);
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>");

        Element root = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.payload().body())).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("bundles");
        NodeList rows = root.getElementsByTagName("bundle");
        assertThat(rows.getLength()).isEqualTo(context.getBundles().length);
        String self = null;
        String dummyRow = null;
        for (int i = 0; i < rows.getLength(); i++) {
            Element e = (Element) rows.item(i);
            String row = text(e, "name") + "|" + text(e, "version") + "|" + text(e, "id") + "|" + text(e, "state");
            if (row.startsWith("io.weir.cloud.app.deploy|")) {
                self = row;
            }
            if (row.startsWith(DUMMY + "|")) {
                dummyRow = row;
            }
        }
        assertThat(self).endsWith("|ACTIVE");
        assertThat(dummyRow).isEqualTo(DUMMY + "|1.2.3|" + dummy.getBundleId() + "|INSTALLED");
        assertThat(text((Element) rows.item(0), "id")).isEqualTo("0");
    }

    private static String text(Element e, String name) {
        return e.getElementsByTagName(name).item(0).getTextContent();
    }

    @Test
    void execStartAndStopARealBundle() throws Exception {
        Bundle dummy = installDummy("1.0.0", null);
        String id = Long.toString(dummy.getBundleId());

        assertThat(deploy(RequestMethod.EXEC, "start", id).code()).isEqualTo(ResponseCode.OK);
        assertThat(dummy.getState()).isEqualTo(Bundle.ACTIVE);

        assertThat(deploy(RequestMethod.EXEC, "stop", id).code()).isEqualTo(ResponseCode.OK);
        assertThat(dummy.getState()).isEqualTo(Bundle.RESOLVED);
    }

    @Test
    void startOfAnUnknownOrUnresolvableBundleIs400() throws Exception {
        Response unknown = deploy(RequestMethod.EXEC, "start", "999999");
        assertThat(unknown.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(unknown.exceptionMessage()).isEqualTo("no bundle with id 999999");

        Bundle broken = installDummy("1.0.0", "no.such.package");
        Response r = deploy(RequestMethod.EXEC, "start", Long.toString(broken.getBundleId()));
        assertThat(r.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(r.exceptionMessage()).startsWith("cannot start bundle " + broken.getBundleId());
        assertThat(broken.getState()).isEqualTo(Bundle.INSTALLED);
    }

    @Test
    void theManagementBundlesCannotBeStopped() throws Exception {
        Bundle self = bundle("io.weir.cloud.app.deploy");

        Response system = deploy(RequestMethod.EXEC, "stop", "0");
        assertThat(system.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(system.exceptionMessage()).contains("system bundle");

        Response own = deploy(RequestMethod.EXEC, "stop", Long.toString(self.getBundleId()));
        assertThat(own.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(own.exceptionMessage()).contains("would cut the management link");

        Response viaInventory = inventory(RequestMethod.EXEC, "{\"name\":\"io.weir.cloud.app.deploy\"}", "bundles",
                "_stop");
        assertThat(viaInventory.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(viaInventory.exceptionMessage()).contains("would cut the management link");

        Response scr = inventory(RequestMethod.EXEC, "{\"name\":\"org.apache.felix.scr\"}", "bundles", "_stop");
        assertThat(scr.code()).as("protected by default configuration").isEqualTo(ResponseCode.BAD_REQUEST);

        assertThat(self.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(bundle("org.apache.felix.scr").getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(context.getBundle(0).getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    void theBundleOfTheCloudConnectionIsProtected() throws Exception {
        Bundle dummy = installDummy("1.0.0", "io.weir.cloud");
        dummy.start();
        Object connection = Proxy.newProxyInstance(CloudConnection.class.getClassLoader(),
                new Class<?>[] { CloudConnection.class }, (p, m, a) -> {
                    throw new UnsupportedOperationException(m.getName());
                });
        ServiceRegistration<?> reg = dummy.getBundleContext().registerService(CloudConnection.class.getName(),
                connection, null);
        try {
            Response r = deploy(RequestMethod.EXEC, "stop", Long.toString(dummy.getBundleId()));
            assertThat(r.code()).isEqualTo(ResponseCode.BAD_REQUEST);
            assertThat(r.exceptionMessage()).contains("provides the cloud connection");
            assertThat(dummy.getState()).isEqualTo(Bundle.ACTIVE);
        } finally {
            reg.unregister();
        }
        assertThat(deploy(RequestMethod.EXEC, "stop", Long.toString(dummy.getBundleId())).code())
                .isEqualTo(ResponseCode.OK);
    }

    @Test
    void configuredProtectionAppliesToBothApps() throws Exception {
        Bundle dummy = installDummy("1.0.0", null);
        dummy.start();
        Configuration c = configAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("protected.bundles", new String[] { DUMMY });
        c.update(props);
        RequestHandler d = handler("DEPLOY-V2", "(protected.bundles=" + DUMMY + ")");
        RequestHandler i = handler("INVENTORY-V1", "(protected.bundles=" + DUMMY + ")");

        Response viaDeploy = call(d, "DEPLOY-V2", RequestMethod.EXEC, CloudPayload.EMPTY, "stop",
                Long.toString(dummy.getBundleId()));
        assertThat(viaDeploy.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(viaDeploy.exceptionMessage()).contains("protected.bundles");
        Response viaInventory = call(i, "INVENTORY-V1", RequestMethod.EXEC, new CloudPayload(0L, null, Map.of(),
                ("{\"name\":\"" + DUMMY + "\"}").getBytes(StandardCharsets.UTF_8)), "bundles", "_stop");
        assertThat(viaInventory.code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(dummy.getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    void inventoryBundlesStopAndStartByName() throws Exception {
        Bundle dummy = installDummy("3.1.0", null);
        dummy.start();

        JsonObject listed = json(inventory(RequestMethod.GET, null, "bundles"));
        JsonObject row = listed.getJsonArray("bundles").getValuesAs(JsonObject.class).stream()
                .filter(o -> o.getString("name").equals(DUMMY)).findFirst().orElseThrow();
        assertThat(row.getString("version")).isEqualTo("3.1.0");
        assertThat(row.getJsonNumber("id").longValue()).isEqualTo(dummy.getBundleId());
        assertThat(row.getString("state")).isEqualTo("ACTIVE");
        assertThat(row.getBoolean("signed")).isFalse();

        // what Kapua sends: name, version, id, state, signed
        String body = "{\"name\":\"" + DUMMY + "\",\"version\":\"3.1.0\",\"id\":" + dummy.getBundleId()
                + ",\"state\":\"ACTIVE\",\"signed\":false}";
        assertThat(inventory(RequestMethod.EXEC, body, "bundles", "_stop").code()).isEqualTo(ResponseCode.OK);
        assertThat(dummy.getState()).isEqualTo(Bundle.RESOLVED);
        assertThat(inventory(RequestMethod.EXEC, "{\"name\":\"" + DUMMY + "\"}", "bundles", "_start").code())
                .isEqualTo(ResponseCode.OK);
        assertThat(dummy.getState()).isEqualTo(Bundle.ACTIVE);

        Response wrongVersion = inventory(RequestMethod.EXEC, "{\"name\":\"" + DUMMY + "\",\"version\":\"9.0\"}",
                "bundles", "_stop");
        assertThat(wrongVersion.code()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(inventory(RequestMethod.EXEC, "{\"name\":\"no.such.bundle\"}", "bundles", "_start").code())
                .isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(inventory(RequestMethod.EXEC, "not json", "bundles", "_start").code())
                .isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(dummy.getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    void inventoryListsBundlesPackagesAndSystemPackages() throws Exception {
        Path status = Files.createTempFile("dpkg-status", "");
        Files.writeString(status, "Package: zzz-last\nStatus: install ok installed\nVersion: 1.0-1\n\n"
                + "Package: aaa-first\nStatus: install ok installed\nVersion: 2:3.4\n");
        try {
            Configuration c = configAdmin.getConfiguration(PID, "?");
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("dpkg.status.path", status.toString());
            c.update(props);
            RequestHandler h = handler("INVENTORY-V1", "(dpkg.status.path=" + status + ")");

            JsonObject all = json(call(h, "INVENTORY-V1", RequestMethod.GET, CloudPayload.EMPTY, "inventory"));
            List<JsonObject> items = all.getJsonArray("inventory").getValuesAs(JsonObject.class);
            List<String> names = items.stream().map(o -> o.getString("name")).toList();
            assertThat(names).isSorted();
            assertThat(items).anySatisfy(o -> assertThat(o.getString("name") + "/" + o.getString("type"))
                    .isEqualTo("aaa-first/DEB"));
            assertThat(items).anySatisfy(o -> assertThat(o.getString("name") + "/" + o.getString("version") + "/"
                    + o.getString("type")).isEqualTo("itest.package/2.0.0/DP"));
            assertThat(items).anySatisfy(o -> assertThat(o.getString("name") + "/" + o.getString("type"))
                    .isEqualTo("io.weir.cloud.app.deploy/BUNDLE"));
            assertThat(names.get(names.size() - 1)).isEqualTo("zzz-last");

            JsonObject sys = json(call(h, "INVENTORY-V1", RequestMethod.GET, CloudPayload.EMPTY, "systemPackages"));
            assertThat(sys.getJsonArray("systemPackages").getValuesAs(JsonObject.class))
                    .extracting(o -> o.getString("name")).containsExactly("aaa-first", "zzz-last");

            JsonObject dps = json(call(h, "INVENTORY-V1", RequestMethod.GET, CloudPayload.EMPTY,
                    "deploymentPackages"));
            JsonObject dp = dps.getJsonArray("deploymentPackages").getJsonObject(0);
            assertThat(dp.getString("name")).isEqualTo("itest.package");
            assertThat(dp.getBoolean("signed")).isTrue();
            assertThat(dp.getJsonArray("bundles").getJsonObject(0).getBoolean("signed")).isFalse();
        } finally {
            Files.deleteIfExists(status);
        }
    }

    @Test
    void containersImagesAndDeleteAre404() throws Exception {
        assertThat(inventory(RequestMethod.GET, null, "containers").code()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(inventory(RequestMethod.GET, null, "images").code()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(inventory(RequestMethod.DEL, null, "bundles").code()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(inventory(RequestMethod.EXEC, "{\"name\":\"c\"}", "containers", "_start").code())
                .isEqualTo(ResponseCode.NOT_FOUND);
    }

    @Test
    void packagesAndUninstallGoThroughTheAgentService() throws Exception {
        Response packages = deploy(RequestMethod.GET, "packages");
        assertThat(new String(packages.payload().body(), StandardCharsets.UTF_8))
                .contains("<name>itest.package</name>").contains("<version>2.0.0</version>");

        CloudPayload uninstall = new CloudPayload(0L, null, Map.of("job.id", TypedValue.ofLong(77L), "dp.name",
                TypedValue.ofString("nothing.here")), null);
        Response r = call(deploy(), "DEPLOY-V2", RequestMethod.EXEC, uninstall, "uninstall");
        assertThat(r.code()).isEqualTo(ResponseCode.OK);
        assertThat(requestContext.resources).containsExactly("uninstall");
        CloudPayload n = requestContext.payloads.get(0);
        assertThat(n.metric("client.id")).isEqualTo(TypedValue.ofString("gw-itest"));
        assertThat(n.metric("job.id")).isEqualTo(TypedValue.ofLong(77L));
        assertThat(n.metric("dp.uninstall.status")).isEqualTo(TypedValue.ofString("FAILED"));
        assertThat(n.metric("dp.error.code")).isEqualTo(TypedValue.ofString("NOT_FOUND"));
    }

    @Test
    void inventoryFollowsTheAgentServiceDynamically() throws Exception {
        RequestHandler h = inventory();
        io.weir.deployment.PackageInfo other = new io.weir.deployment.PackageInfo("other.package", "5.0.0", false,
                List.of());
        TestDeploymentAgent better = new TestDeploymentAgent() {
            @Override
            public List<io.weir.deployment.PackageInfo> packages() {
                return List.of(other);
            }
        };
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(org.osgi.framework.Constants.SERVICE_RANKING, 100);
        ServiceRegistration<io.weir.deployment.DeploymentAgent> reg = context.registerService(
                io.weir.deployment.DeploymentAgent.class, better, props);
        try {
            JsonObject dps = json(call(h, "INVENTORY-V1", RequestMethod.GET, CloudPayload.EMPTY,
                    "deploymentPackages"));
            assertThat(dps.getJsonArray("deploymentPackages").getJsonObject(0).getString("name"))
                    .as("a higher-ranked agent replaces the bound one (greedy)").isEqualTo("other.package");
        } finally {
            reg.unregister();
        }
        JsonObject back = json(call(h, "INVENTORY-V1", RequestMethod.GET, CloudPayload.EMPTY, "deploymentPackages"));
        assertThat(back.getJsonArray("deploymentPackages").getJsonObject(0).getString("name"))
                .isEqualTo("itest.package");
    }
}
