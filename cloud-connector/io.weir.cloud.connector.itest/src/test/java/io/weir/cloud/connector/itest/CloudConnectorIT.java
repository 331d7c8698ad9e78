// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.weir.cloud.CloudConnection;
import io.weir.cloud.CloudPayload;
import io.weir.cloud.ConnectionState;
import io.weir.cloud.RequestHandler;
import io.weir.cloud.RequestHandlerApp;
import io.weir.cloud.Response;
import io.weir.cloud.kura.KuraPayloadCodec;
import io.weir.data.TypedValue;

/**
 * The connector bundle in Felix: DS configuration, the request handler whiteboard and the launch settings.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class CloudConnectorIT {

    private static final long TIMEOUT = 30_000;
    private static Process mosquitto;
    private static Path mosquittoDir;
    private static int port;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    @InjectService(timeout = 10_000)
    ServiceComponentRuntime scr;

    private MqttClient observer;
    private final BlockingQueue<String[]> lifecycle = new LinkedBlockingQueue<>();

    @BeforeAll
    static void startMosquitto() throws Exception {
        Path dir = Files.createTempDirectory("weir-itest-mosquitto");
        mosquittoDir = dir;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("m.conf"), "user " + System.getProperty("user.name") + "\nlistener " + port
                + " 127.0.0.1\nallow_anonymous true\n");
        mosquitto = new ProcessBuilder("/usr/sbin/mosquitto", "-c", dir.resolve("m.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("m.log").toFile()).start();
        await(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }, "mosquitto (apt-get install -y mosquitto) listening on " + port);
    }

    @AfterAll
    static void stopMosquitto() throws Exception {
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
        if (mosquittoDir != null) {
            try (var files = Files.walk(mosquittoDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (observer != null && observer.isConnected()) {
            observer.disconnect();
            observer.close();
        }
        Configuration[] configs = cm.listConfigurations("(service.pid=io.weir.cloud)");
        if (configs != null) {
            for (Configuration c : configs) {
                c.delete();
            }
        }
        System.clearProperty("weir.mqtt.url");
        System.clearProperty("weir.account");
        System.clearProperty("weir.client.id");
    }

    private void observe(String filter) throws Exception {
        observer = new MqttClient("tcp://127.0.0.1:" + port, "itest-observer-" + System.nanoTime(),
                new MemoryPersistence());
        observer.connect(new MqttConnectOptions());
        observer.subscribe(filter, 1, (topic, message) -> lifecycle.add(new String[] { topic,
                KuraPayloadCodec.decode(message.getPayload(), 1 << 20).metric("application_ids") == null ? ""
                        : KuraPayloadCodec.decode(message.getPayload(), 1 << 20).metric("application_ids")
                                .stringValue() }));
    }

    private String[] next(String topicSuffix) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < deadline) {
            String[] m = lifecycle.poll(1, TimeUnit.SECONDS);
            if (m != null && m[0].endsWith(topicSuffix)) {
                return m;
            }
        }
        throw new AssertionError("no message on *" + topicSuffix);
    }

    @Test
    void requestHandlerServicesAreRoutedAndListedInBirthAndApps() throws Exception {
        observe("$EDC/acme/gw-osgi/#");
        Configuration c = cm.getConfiguration("io.weir.cloud", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("broker.url", "mqtt://127.0.0.1:" + port);
        p.put("account.name", "acme");
        p.put("client.id", "gw-osgi");
        p.put("apps.debounce", 100L);
        p.put("store.path", context.getDataFile("store").toPath().resolve("m.mv.db").toString());
        c.update(p);
        assertThat(next("/MQTT/BIRTH")[1]).isEmpty();
        CloudConnection connection = awaitService(CloudConnection.class);
        await(() -> connection.status().state() == ConnectionState.CONNECTED, "connected");

        Dictionary<String, Object> props = new Hashtable<>();
        props.put(RequestHandlerApp.PROPERTY, "ITEST-V1");
        RequestHandler handler = (req, ctx) -> Response.ok(new CloudPayload(CloudPayload.NO_TIMESTAMP, null,
                Map.of("resources", TypedValue.ofString(String.join("/", req.resources()))), null));
        ServiceRegistration<RequestHandler> reg = context.registerService(RequestHandler.class, handler, props);
        assertThat(next("/MQTT/APPS")[1]).isEqualTo("ITEST-V1");

        // a request through the broker reaches the service and is answered
        BlockingQueue<CloudPayload> replies = new LinkedBlockingQueue<>();
        observer.subscribe("$EDC/acme/itest-mgr/ITEST-V1/REPLY/#", 0,
                (topic, message) -> replies.add(KuraPayloadCodec.decode(message.getPayload(), 1 << 20)));
        CloudPayload request = new CloudPayload(CloudPayload.NO_TIMESTAMP, null, Map.of("request.id",
                TypedValue.ofString("17"), "requester.client.id", TypedValue.ofString("itest-mgr")), null);
        observer.publish("$EDC/acme/gw-osgi/ITEST-V1/GET/a/b", KuraPayloadCodec.encode(request, false), 0, false);
        CloudPayload reply = replies.poll(TIMEOUT, TimeUnit.MILLISECONDS);
        assertThat(reply).as("reply").isNotNull();
        assertThat(reply.metric("response.code").intValue()).isEqualTo(200);
        assertThat(reply.metric("resources").stringValue()).isEqualTo("a/b");

        reg.unregister();
        assertThat(next("/MQTT/APPS")[1]).isEmpty();
    }

    @Test
    void launchSettingsSeedTheConfigurationOnlyWhenTheyChange() throws Exception {
        System.setProperty("weir.mqtt.url", "mqtt://127.0.0.1:" + port);
        System.setProperty("weir.account", "seeded");
        System.setProperty("weir.client.id", "gw-seeded");
        restartLaunchSettings();
        await(() -> "seeded".equals(property("account.name")), "configuration seeded");
        assertThat(property("broker.url")).isEqualTo("mqtt://127.0.0.1:" + port);
        assertThat(property("weir.launch.fingerprint")).isNotNull();

        // an operator changes the account (console, CONF-V1): a restart with the same settings keeps it
        Configuration c = cm.getConfiguration("io.weir.cloud", "?");
        Dictionary<String, Object> p = c.getProperties();
        p.put("account.name", "changed-by-operator");
        c.update(p);
        restartLaunchSettings();
        Thread.sleep(500);
        assertThat(property("account.name")).isEqualTo("changed-by-operator");

        // new launch settings seed again
        System.setProperty("weir.account", "reseeded");
        restartLaunchSettings();
        await(() -> "reseeded".equals(property("account.name")), "configuration seeded again");
    }

    private Object property(String key) {
        try {
            Configuration[] cs = cm.listConfigurations("(service.pid=io.weir.cloud)");
            return cs == null || cs[0].getProperties() == null ? null : cs[0].getProperties().get(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void restartLaunchSettings() throws Exception {
        ComponentDescriptionDTO d = scr.getComponentDescriptionDTOs().stream()
                .filter(x -> x.name.endsWith("LaunchSettings")).findFirst().orElseThrow();
        scr.disableComponent(d).getValue();
        scr.enableComponent(d).getValue();
    }

    private <T> T awaitService(Class<T> type) {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < deadline) {
            var ref = context.getServiceReference(type);
            if (ref != null) {
                T s = context.getService(ref);
                if (s != null) {
                    return s;
                }
            }
            sleep(50);
        }
        throw new AssertionError("no " + type.getSimpleName() + " service");
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
