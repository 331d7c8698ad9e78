// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

import io.weir.cloud.CloudConnection;
import io.weir.cloud.ConnectionState;
import io.weir.health.HealthContributor;
import io.weir.scheduler.ClusterView;
import io.weir.scheduler.OffloadRequest;
import io.weir.scheduler.Placement;
import io.weir.scheduler.Scheduler;
import io.weir.scheduler.SchedulingPolicy;
import io.weir.scheduler.TargetView;
import io.weir.scheduler.Task;
import io.weir.scheduler.TaskOutcome;
import io.weir.scheduler.Work;
import io.weir.testkit.payload.Metric;
import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;

/**
 * The scheduler, the cloud offload target and the real cloud connector inside Felix, connected to mosquitto; the test
 * plays the cloud service with a raw Paho client and the test kit's wire-level payload reader/writer. Checks OFFLOAD-V1
 * on the wire (topics, QoS, metric types) and the scheduler's view of it: a result completes the task on the cloud, an
 * ERROR, a malformed result or no result runs it locally, a late result is answered 404.
 */
@ExtendWith(ServiceExtension.class)
class CloudOffloadIT {

    private static final long TIMEOUT_MS = 30_000;
    private static final String ACCOUNT = "acme";
    private static final String GATEWAY = "gw-offload";
    private static final String SERVICE_CLIENT = "offload-service";
    private static final String SERVICE = "inference/reverse";
    private static final String REQUESTS = ACCOUNT + "/" + GATEWAY + "/W1/OFFLOAD-V1/";

    private static Process mosquitto;
    private static Path mosquittoDir;
    private static int port;
    private static MqttClient cloud;
    private static final BlockingQueue<Received> requests = new LinkedBlockingQueue<>();
    private static final BlockingQueue<Received> replies = new LinkedBlockingQueue<>();
    private static final BlockingQueue<Received> lifecycle = new LinkedBlockingQueue<>();
    private static ServiceRegistration<SchedulingPolicy> policy;
    private static int callbacks;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    @InjectService(timeout = 10_000)
    Scheduler scheduler;

    /** A message the cloud side received. */
    record Received(String topic, int qos, RawKuraPayload payload) {
        String lastLevel() {
            return topic.substring(topic.lastIndexOf('/') + 1);
        }
    }

    @BeforeAll
    static void startBrokerAndCloudService() throws Exception {
        mosquittoDir = Files.createTempDirectory("weir-itest-offload");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(mosquittoDir.resolve("m.conf"), "user " + System.getProperty("user.name") + "\nlistener "
                + port + " 127.0.0.1\nallow_anonymous true\n");
        mosquitto = new ProcessBuilder("/usr/sbin/mosquitto", "-c", mosquittoDir.resolve("m.conf").toString())
                .redirectErrorStream(true).redirectOutput(mosquittoDir.resolve("m.log").toFile()).start();
        await(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }, "mosquitto (apt-get install -y mosquitto) listening on " + port);

        // the cloud service: requests of the gateway, replies to its result requests, the gateway's lifecycle
        cloud = new MqttClient("tcp://127.0.0.1:" + port, SERVICE_CLIENT, new MemoryPersistence());
        cloud.connect(new MqttConnectOptions());
        cloud.subscribe(REQUESTS + "+", 0, (t, m) -> requests.add(received(t, m.getQos(), m.getPayload())));
        cloud.subscribe("$EDC/" + ACCOUNT + "/" + SERVICE_CLIENT + "/OFFLOAD-V1/REPLY/#", 0,
                (t, m) -> replies.add(received(t, m.getQos(), m.getPayload())));
        cloud.subscribe("$EDC/" + ACCOUNT + "/" + GATEWAY + "/MQTT/+", 1,
                (t, m) -> lifecycle.add(received(t, m.getQos(), m.getPayload())));

        // the gateway: the connector configured for the broker, and a policy that offloads whatever it can
        BundleContext context = FrameworkUtil.getBundle(CloudOffloadIT.class).getBundleContext();
        await(() -> context.getServiceReference(ConfigurationAdmin.class) != null, "Configuration Admin");
        ConfigurationAdmin cm = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        Configuration c = cm.getConfiguration("io.weir.cloud", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("broker.url", "mqtt://127.0.0.1:" + port);
        p.put("account.name", ACCOUNT);
        p.put("client.id", GATEWAY);
        p.put("apps.debounce", 100L);
        p.put("store.path", context.getDataFile("store").toPath().resolve("m.mv.db").toString());
        c.update(p);
        policy = context.registerService(SchedulingPolicy.class, new CloudFirst(), null);
    }

    private static Received received(String topic, int qos, byte[] bytes) {
        return new Received(topic, qos, RawKuraPayload.decode(bytes));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (policy != null) {
            policy.unregister();
        }
        BundleContext context = FrameworkUtil.getBundle(CloudOffloadIT.class).getBundleContext();
        ConfigurationAdmin cm = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        Configuration[] configs = cm.listConfigurations("(service.pid=io.weir.cloud)");
        if (configs != null) {
            for (Configuration c : configs) {
                c.delete();
            }
        }
        if (cloud != null && cloud.isConnected()) {
            cloud.disconnect();
            cloud.close();
        }
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
        if (mosquittoDir != null) {
            try (var files = Files.walk(mosquittoDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Places an offloadable task on the cloud while it is available, anything else locally. */
    static final class CloudFirst implements SchedulingPolicy {
        @Override
        public String name() {
            return "cloud-first";
        }

        @Override
        public Placement place(Task task, ClusterView view) {
            TargetView c = view.target("cloud");
            return task.offloadable() && c != null && c.available() ? Placement.to("cloud", "cloud first")
                    : Placement.to("local", "cloud unavailable");
        }
    }

    @BeforeEach
    void awaitTheCloudTarget() {
        await(() -> {
            TargetView t = scheduler.view().target("cloud");
            return t != null && t.available();
        }, "the cloud target available in the scheduler's view");
        requests.clear();
        replies.clear();
    }

    private CompletionStage<TaskOutcome> submit(String id, String input) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        Task task = new Task(id, "inference:reverse", 5, bytes.length, Task.PRIORITY_DEFAULT, Task.NO_DEADLINE, true);
        return scheduler.submit(task, new Work() {
            @Override
            public Object runLocally() {
                return "local:" + input;
            }

            @Override
            public OffloadRequest offload() {
                return new OffloadRequest(SERVICE, bytes);
            }
        });
    }

    /** Sends a result as the cloud service does: a Kura request to the gateway's OFFLOAD-V1 app. */
    private static void sendResult(String requestId, RawKuraPayload result) throws Exception {
        String callback = "cb-" + (++callbacks);
        RawKuraPayload p = new RawKuraPayload().metric("request.id", MetricType.STRING, callback)
                .metric("requester.client.id", MetricType.STRING, SERVICE_CLIENT);
        result.metricList().forEach(p::metric);
        p.body(result.body());
        cloud.publish("$EDC/" + ACCOUNT + "/" + GATEWAY + "/OFFLOAD-V1/PUT/result/" + requestId, p.encode(), 0,
                false);
    }

    private static int replyCode() throws InterruptedException {
        Received r = replies.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertThat(r).as("reply to the result").isNotNull();
        assertThat(r.topic()).startsWith("$EDC/" + ACCOUNT + "/" + SERVICE_CLIENT + "/OFFLOAD-V1/REPLY/cb-");
        assertThat(r.payload().get("response.code").is(MetricType.INT32)).isTrue();
        return r.payload().getInt32("response.code");
    }

    private static Received nextRequest() throws InterruptedException {
        Received r = requests.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertThat(r).as("an OFFLOAD-V1 request").isNotNull();
        return r;
    }

    private static TaskOutcome outcome(CompletionStage<TaskOutcome> s) throws Exception {
        return s.toCompletableFuture().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Test
    void aTaskRunsInTheCloudWithTheRequestAndResultAsSpecified() throws Exception {
        long before = System.currentTimeMillis();
        CompletionStage<TaskOutcome> s = submit("t-ok", "hello");

        Received req = nextRequest();
        String id = req.lastLevel();
        assertThat(req.topic()).isEqualTo(REQUESTS + id);
        assertThat(req.qos()).isZero();
        RawKuraPayload p = req.payload();
        assertThat(p.metricList()).extracting(Metric::name).containsExactlyInAnyOrder("request.id", "service",
                "deadline");
        assertThat(p.get("request.id").is(MetricType.STRING)).isTrue();
        assertThat(p.getString("request.id")).isEqualTo(id);
        assertThat(p.get("service").is(MetricType.STRING)).isTrue();
        assertThat(p.getString("service")).isEqualTo(SERVICE);
        assertThat(p.get("deadline").is(MetricType.INT64)).isTrue();
        // no task deadline: now + the scheduler's remote timeout (2 s by default)
        assertThat(p.getInt64("deadline")).isBetween(before + 2_000, System.currentTimeMillis() + 2_000);
        assertThat(new String(p.body(), StandardCharsets.UTF_8)).isEqualTo("hello");

        sendResult(id, new RawKuraPayload().metric("status", MetricType.STRING, "OK")
                .metric("compute.ms", MetricType.DOUBLE, 1.5).metric("service", MetricType.STRING, SERVICE)
                .body("olleh".getBytes(StandardCharsets.UTF_8)));
        assertThat(replyCode()).isEqualTo(200);

        TaskOutcome o = outcome(s);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.COMPLETED);
        assertThat(o.targetId()).isEqualTo("cloud");
        assertThat(o.attempts()).isEqualTo(1);
        assertThat(new String((byte[]) o.result(), StandardCharsets.UTF_8)).isEqualTo("olleh");
        assertThat(health().health().details()).containsEntry("connection", "CONNECTED");
        assertThat(Long.parseLong(health().health().details().get("ok"))).isGreaterThanOrEqualTo(1);
        assertThat(Long.parseLong(health().health().details().get("learnedFrom"))).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theGatewayListsTheOffloadAppInItsLifecycleMessages() throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        String apps = "";
        while (!apps.contains("OFFLOAD-V1") && System.currentTimeMillis() < deadline) {
            Received r = lifecycle.poll(1, TimeUnit.SECONDS);
            if (r != null && r.payload().has("application_ids")) {
                assertThat(r.payload().get("application_ids").is(MetricType.STRING)).isTrue();
                apps = r.payload().getString("application_ids");
            }
        }
        assertThat(apps.split(",")).contains("OFFLOAD-V1");
    }

    @Test
    void anErrorFromTheServiceRunsTheTaskLocally() throws Exception {
        CompletionStage<TaskOutcome> s = submit("t-error", "x");
        String id = nextRequest().lastLevel();
        sendResult(id, new RawKuraPayload().metric("status", MetricType.STRING, "ERROR")
                .metric("error", MetricType.STRING, "model not loaded").metric("compute.ms", MetricType.DOUBLE, 0.2));
        assertThat(replyCode()).isEqualTo(200);

        TaskOutcome o = outcome(s);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.COMPLETED);
        assertThat(o.targetId()).isEqualTo("local");
        assertThat(o.attempts()).isEqualTo(2);
        assertThat(o.result()).isEqualTo("local:x");
        assertThat(o.reason()).contains("model not loaded");
    }

    @Test
    void aMalformedResultIsAnswered400AndTheTaskRunsLocally() throws Exception {
        CompletionStage<TaskOutcome> s = submit("t-malformed", "y");
        String id = nextRequest().lastLevel();
        sendResult(id, new RawKuraPayload().metric("status", MetricType.INT32, 200));
        assertThat(replyCode()).isEqualTo(400);

        TaskOutcome o = outcome(s);
        assertThat(o.targetId()).isEqualTo("local");
        assertThat(o.reason()).contains("malformed OFFLOAD-V1 result");
    }

    @Test
    void withoutAResultTheTaskRunsLocallyAndTheLateResultIsAnswered404() throws Exception {
        CompletionStage<TaskOutcome> s = submit("t-late", "z");
        String id = nextRequest().lastLevel();

        TaskOutcome o = outcome(s);
        assertThat(o.targetId()).isEqualTo("local");
        assertThat(o.attempts()).isEqualTo(2);
        assertThat(o.reason()).contains("no answer in time");

        await(() -> Long.parseLong(health().health().details().get("timeouts")) >= 1, "the target's own timeout");
        sendResult(id, new RawKuraPayload().metric("status", MetricType.STRING, "OK")
                .metric("compute.ms", MetricType.DOUBLE, 1.0));
        assertThat(replyCode()).isEqualTo(404);
        assertThat(Long.parseLong(health().health().details().get("lateAnswers"))).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aResultForAnIdNeverSentIsAnswered404() throws Exception {
        sendResult("00000000-999999", new RawKuraPayload().metric("status", MetricType.STRING, "OK"));
        assertThat(replyCode()).isEqualTo(404);
    }

    private HealthContributor health() {
        BundleContext context = FrameworkUtil.getBundle(CloudOffloadIT.class).getBundleContext();
        try {
            for (ServiceReference<HealthContributor> r : context.getServiceReferences(HealthContributor.class,
                    null)) {
                HealthContributor h = context.getService(r);
                if (h != null && "scheduler.cloud".equals(h.name())) {
                    return h;
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no health contributor scheduler.cloud");
    }

    private static CloudConnection connection() {
        BundleContext context = FrameworkUtil.getBundle(CloudOffloadIT.class).getBundleContext();
        return context.getService(context.getServiceReference(CloudConnection.class));
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what
                        + (what.startsWith("the cloud target") ? "; connection " + connectionState() : ""));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    private static String connectionState() {
        try {
            ConnectionState s = connection().status().state();
            return s.name();
        } catch (RuntimeException e) {
            return "(no connector: " + e + ")";
        }
    }
}
