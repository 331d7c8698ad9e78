// SPDX-License-Identifier: Apache-2.0
package io.weir.launcher;

import static io.weir.launcher.GatewayProcess.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.weir.dptool.DpBuilder;
import io.weir.dptool.DpSigner;
import io.weir.fleet.broker.WeirBroker;
import io.weir.testkit.http.PackageServer;
import io.weir.testkit.http.ServedRequest;
import io.weir.testkit.kapua.KapuaManagerClient;
import io.weir.testkit.kapua.Notification;
import io.weir.testkit.kapua.Reply;
import io.weir.testkit.kapua.app.CmdV1;
import io.weir.testkit.kapua.app.ConfV1;
import io.weir.testkit.kapua.app.ConfV2;
import io.weir.testkit.kapua.app.DeployV2;
import io.weir.testkit.kapua.app.Device;
import io.weir.testkit.kapua.app.DownloadRequest;
import io.weir.testkit.kapua.app.InventoryV1;
import io.weir.testkit.mqtt.RecordedMessage;
import io.weir.testkit.mqtt.TopicRecorder;
import io.weir.testkit.payload.MetricType;
import jakarta.json.JsonObject;

/**
 * Remote management of the real gateway jar, the way Eclipse Kapua drives it: over a real broker (the embedded
 * Artemis), packages served over HTTP by a real server, signed with the build's development key. One gateway runs
 * for the whole class; the tests run in order because the later ones need the configuration the earlier ones set
 * through CONF (http downloads from 127.0.0.1, command execution allowlisted).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayManagementIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String CLIENT = "gw-mgmt";
    private static final String FEATURES = "acme/" + CLIENT + "/W1/machine/features";
    private static final Path DP_TOOL = Path.of("..", "features", "weir-dp-tool", "target", "dev-signing")
            .toAbsolutePath().normalize();
    private static final Path DEMO_DP = Path.of("..", "features", "weir-feature-demo", "target",
            "io.weir.feature.demo_1.0.0.dp").toAbsolutePath().normalize();
    private static final Path DEMO_JAR = Path.of("..", "features", "weir-feature-demo", "target", "feature-bundles",
            "io.weir.demo.jar").toAbsolutePath().normalize();
    private static final Path MODEL_JAR = Path.of("..", "models", "weir-model-vibration", "target",
            "weir-model-vibration-0.1.0-SNAPSHOT.jar").toAbsolutePath().normalize();
    private static final Path MODBUS_DP = Path.of("..", "features", "weir-feature-modbus", "target",
            "io.weir.feature.modbus_1.0.0.dp").toAbsolutePath().normalize();

    private final List<Process> processes = new ArrayList<>();
    private Path tmp;
    private Path data;
    private WeirBroker broker;
    private PackageServer http;
    private KapuaManagerClient kapua;
    private TopicRecorder telemetry;
    private GatewayProcess gateway;
    private Device device;
    private long nextJob = 1000;

    @BeforeAll
    void startGateway() throws Exception {
        tmp = Files.createTempDirectory("weir-mgmt-it");
        data = tmp.resolve("data");
        // what `./weir up` does for a development build: trust the build's signing certificate
        Path trusted = Files.createDirectories(data.resolve("deployment").resolve("trusted"));
        Files.copy(DP_TOOL.resolve("weir-dev-cert.pem"), trusted.resolve("weir-dev-cert.pem"));

        broker = WeirBroker.builder().port(0).build();
        broker.start();
        http = PackageServer.start();
        kapua = KapuaManagerClient.connect(broker.url());
        kapua.collectNotifications("acme");
        telemetry = TopicRecorder.start(broker.url(), "$EDC/acme/" + CLIENT + "/MQTT/#", "acme/" + CLIENT + "/#");
        gateway = new GatewayProcess(processes, data, freePort(), Map.of("WEIR_CONSOLE_PASSWORD", "mgmt-password",
                "WEIR_MQTT_URL", broker.url(), "WEIR_ACCOUNT", "acme", "WEIR_CLIENT_ID", CLIENT));
        gateway.awaitStarted();
        telemetry.awaitTopic("$EDC/acme/" + CLIENT + "/MQTT/BIRTH", WAIT);
        device = Device.of(kapua, "acme", CLIENT);
    }

    @AfterAll
    void stopAll() throws Exception {
        try {
            if (gateway != null && gateway.process.isAlive()) {
                gateway.terminate();
            }
        } finally {
            for (Process p : processes) {
                if (p.isAlive()) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            for (AutoCloseable c : new AutoCloseable[] {telemetry, kapua, http, broker}) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- bundles

    @Test
    @Order(1)
    void listsStopsAndStartsBundlesButNotTheProtectedOnes() throws Exception {
        DeployV2 deploy = device.deploy();
        List<DeployV2.Bundle> bundles = deploy.listBundles();
        assertThat(bundles).extracting(DeployV2.Bundle::name).contains("org.apache.felix.framework",
                "io.weir.cloud.connector", "io.weir.deployment", "io.weir.cloud.app.deploy",
                "org.apache.felix.deploymentadmin");
        assertThat(bundles).allSatisfy(b -> assertThat(b.state()).as(b.name()).isIn("ACTIVE", "RESOLVED"));
        DeployV2.Bundle simulated = bundle(bundles, "io.weir.driver.simulated");
        assertThat(simulated.state()).isEqualTo("ACTIVE");

        assertThat(deploy.stopBundle(simulated.id()).responseCode()).isEqualTo(200);
        assertThat(bundle(deploy.listBundles(), "io.weir.driver.simulated").state()).isEqualTo("RESOLVED");
        assertThat(deploy.startBundle(simulated.id()).responseCode()).isEqualTo(200);
        assertThat(bundle(deploy.listBundles(), "io.weir.driver.simulated").state()).isEqualTo("ACTIVE");

        // stopping the bundle that carries the link would cut the gateway off: refused, and the link stays
        long connector = bundle(bundles, "io.weir.cloud.connector").id();
        Reply refused = deploy.stopBundle(connector);
        assertThat(refused.responseCode()).isEqualTo(400);
        assertThat(refused.exceptionMessage()).contains("management link");
        assertThat(bundle(deploy.listBundles(), "io.weir.cloud.connector").state()).isEqualTo("ACTIVE");
        // an unknown id is a clear 400 too
        assertThat(deploy.stopBundle(99_999).responseCode()).isEqualTo(400);

        List<InventoryV1.Item> inventory = device.inventory().inventory();
        assertThat(inventory).anySatisfy(i -> assertThat(i.name()).isEqualTo("io.weir.cloud.connector"));
        assertThat(deploy.listPackages()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------- configuration

    @Test
    @Order(2)
    void configurationIsReadAndWrittenThroughConfAndAnInvalidBatchChangesNothing() throws Exception {
        ConfV1.Configuration agent = only(device.conf().getConfigurations("io.weir.deployment"));
        assertThat(agent.definition()).isNotNull();
        assertThat(agent.definition().attribute("allowed.schemes")).isPresent();
        assertThat(agent.property("allowed.schemes").orElseThrow().values()).containsExactly("https");

        ConfV2 conf = device.confV2();
        List<Long> snapshotsBefore = conf.snapshots();

        // a batch with one wrongly typed value among valid ones is refused as a whole
        ConfV2.Configuration commandOn = config(conf, "io.weir.cloud.app.command", Map.of(
                "enabled", true, "allowlist", List.of("echo", "sleep")));
        ConfV2.Configuration broken = config(conf, "io.weir.deployment", Map.of("allowed.schemes", List.of("http")));
        Map<String, ConfV2.Property> brokenProps = new LinkedHashMap<>(broken.properties());
        brokenProps.put("download.retries", ConfV2.Property.of(brokenProps.get("download.retries").type(),
                "three"));
        Reply rejected = conf.update(List.of(commandOn,
                new ConfV2.Configuration("io.weir.deployment", null, brokenProps)), true);
        assertThat(rejected.responseCode()).isEqualTo(400);
        assertThat(rejected.exceptionMessage()).contains("download.retries");
        assertThat(only(device.conf().getConfigurations("io.weir.cloud.app.command")).property("enabled")
                .orElseThrow().value()).isEqualTo("false");
        assertThat(only(device.conf().getConfigurations("io.weir.deployment")).property("allowed.schemes")
                .orElseThrow().values()).containsExactly("https");

        // the valid batch: the test's package server is plain http on loopback; commands get an allowlist
        ConfV2.Configuration agentHttp = config(conf, "io.weir.deployment", Map.of(
                "allowed.schemes", List.of("http"), "allowed.hosts", List.of("127.0.0.1")));
        Reply accepted = conf.update(List.of(commandOn, agentHttp), true);
        assertThat(accepted.responseCode()).as("%s", accepted.exceptionMessage()).isEqualTo(200);
        ConfV1.Configuration readBack = only(device.conf().getConfigurations("io.weir.deployment"));
        assertThat(readBack.property("allowed.schemes").orElseThrow().values()).containsExactly("http");
        assertThat(readBack.property("allowed.hosts").orElseThrow().values()).containsExactly("127.0.0.1");
        assertThat(conf.snapshots()).hasSizeGreaterThan(snapshotsBefore.size());

        // CONF-V1 (esf XML) writes too: one attribute, with the type the gateway declared for it
        ConfV1.Property timeout = only(device.conf().getConfigurations("io.weir.cloud.app.command"))
                .property("timeout.default.seconds").orElseThrow();
        Reply put = device.conf().putConfiguration("io.weir.cloud.app.command",
                List.of(ConfV1.Property.scalar("timeout.default.seconds", timeout.type(), "45")));
        assertThat(put.responseCode()).as("%s", put.exceptionMessage()).isEqualTo(200);
        ConfV1.Configuration command = only(device.conf().getConfigurations("io.weir.cloud.app.command"));
        assertThat(command.property("timeout.default.seconds").orElseThrow().value()).isEqualTo("45");
        assertThat(command.property("enabled").orElseThrow().value()).isEqualTo("true");
    }

    // ------------------------------------------------------------------------------------------------ commands

    @Test
    @Order(3)
    void commandsRunOnlyWhenAllowlistedAndAreKilledOnTimeout() throws Exception {
        CmdV1 cmd = device.cmd();
        // the configuration of the previous test restarts the component: wait until echo runs
        CmdV1.Result echo = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            echo = cmd.run(null, "echo", "hello", "gateway");
            if (echo.responseCode() == 200) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(echo).isNotNull();
        assertThat(echo.responseCode()).as("%s", echo.exceptionMessage()).isEqualTo(200);
        assertThat(echo.stdout()).isEqualTo("hello gateway\n");
        assertThat(echo.exitCode()).isZero();

        CmdV1.Result notAllowed = cmd.run(null, "cat", "/etc/hostname");
        assertThat(notAllowed.responseCode()).isNotEqualTo(200);
        assertThat(notAllowed.exceptionMessage()).containsIgnoringCase("allow");
        assertThat(notAllowed.stdout()).isNullOrEmpty();

        // sleep 120 with a 1 s timeout: the reply only arrives (within 31 s) if the process was killed
        CmdV1.Result slept = cmd.exec("sleep", List.of("120"), null, null, 1, null, null, null);
        assertThat(slept.timedOut()).isTrue();
        assertThat(slept.exitCode()).isNull();
    }

    // --------------------------------------------------------------------------------------------- deployment

    @Test
    @Order(4)
    void aSignedFeatureInstallsAsKapuaSendsItWhileTelemetryFlowsAndUninstalls() throws Exception {
        byte[] dp = Files.readAllBytes(DEMO_DP);
        String url = http.put("/packages/io.weir.feature.demo_1.0.0.dp", dp);
        http.throttle(4096); // about two seconds: several progress notifications
        long job = nextJob++;
        telemetry.clear();
        DownloadRequest request = DownloadRequest.of(job, url, "io.weir.feature.demo", "1.0.0")
                .hash("SHA-256:" + PackageServer.sha256(dp)).install(true).reboot(false).rebootDelay(0);
        try {
            // Kapua's metric set as sent: block size 51200 (its quirk), block delay 0, timeout 60000, system.update false
            assertThat(request.toPayload().getInt32("dp.download.block.size")).isEqualTo(51200);
            assertThat(request.toPayload().getBool("dp.install.system.update")).isFalse();
            assertThat(device.deploy().download(request).responseCode()).isEqualTo(200);
            Notification installed = kapua.awaitNotification(job, "install", Notification::isCompleted, WAIT);
            assertThat(installed.payload().getString("dp.name")).isEqualTo("io.weir.feature.demo_1.0.0.dp");
        } finally {
            http.throttle(0);
        }

        List<Notification> download = kapua.notifications(job).stream()
                .filter(n -> "download".equals(n.resource())).toList();
        assertThat(download).allSatisfy(n -> {
            assertThat(n.problems()).as("metric types of %s", n).isEmpty();
            assertThat(n.payload().get("dp.download.size").is(MetricType.INT32)).isTrue();
            assertThat(n.payload().getInt32("dp.download.size")).isEqualTo(dp.length);
            assertThat(n.payload().getString("client.id")).isEqualTo(CLIENT);
            assertThat(n.topic()).isEqualTo("$EDC/acme/" + kapua.clientId() + "/DEPLOY-V2/NOTIFY/" + CLIENT
                    + "/download");
        });
        assertThat(download.get(0).status()).isEqualTo("IN_PROGRESS");
        assertThat(download.get(download.size() - 1).status()).isEqualTo("COMPLETED");
        assertThat(download.get(download.size() - 1).progress()).isEqualTo(100);
        assertThat(download.stream().filter(Notification::isRunning).count()).isGreaterThanOrEqualTo(2);
        assertThat(download).extracting(Notification::progress).isSorted();

        // the feature runs: its request handler answers, its health check is in /health
        Reply hello = device.request("DEMO-V1", "GET", List.of("hello"), null);
        assertThat(hello.responseCode()).isEqualTo(200);
        assertThat(hello.payload().getString("greeting")).startsWith("Hello");
        assertThat(checks()).extracting(c -> c.getString("name")).contains("demo", "deployment");
        assertThat(check("deployment").getString("state")).isEqualTo("UP");
        assertThat(check("cloud.connection").getString("state")).isEqualTo("UP");

        DeployV2.DeploymentPackage pkg = onlyPackage("io.weir.feature.demo");
        assertThat(pkg.version()).isEqualTo("1.0.0");
        assertThat(pkg.bundles()).extracting(DeployV2.PackageBundle::name).containsExactly("io.weir.demo");
        assertThat(device.inventory().deploymentPackages()).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo("io.weir.feature.demo");
            assertThat(p.signed()).isTrue();
        });
        // telemetry kept flowing: the pipeline's windows arrived during and after the install
        telemetry.awaitTopic(FEATURES, WAIT);
        assertThat(gateway.process.isAlive()).isTrue();

        long uninstallJob = nextJob++;
        assertThat(device.deploy().uninstall("io.weir.feature.demo", "1.0.0", uninstallJob).responseCode())
                .isEqualTo(200);
        Notification removed = kapua.awaitNotification(uninstallJob, "uninstall", n -> n.status() != null
                && !"IN_PROGRESS".equals(n.status()), WAIT);
        assertThat(removed.status()).isEqualTo("COMPLETED");
        assertThat(device.deploy().listPackages()).isEmpty();
        assertThat(device.deploy().listBundles()).extracting(DeployV2.Bundle::name).doesNotContain("io.weir.demo");
        assertThat(device.request("DEMO-V1", "GET", List.of("hello"), null).responseCode()).isEqualTo(404);
    }

    // --------------------------------------------------------------------------------------------------- models

    @Test
    @Order(5)
    void aModelPackageSwapsTheServingModelAndAPackageWithARefusedModelIsRolledBack() throws Exception {
        String anomaly = "acme/" + CLIENT + "/W1/machine/anomaly";
        String events = "acme/" + CLIENT + "/W1/inference/model/";
        telemetry.clear();
        // the distro's model scores the simulated machine; the scores reach the cloud
        RecordedMessage first = telemetry.await(m -> m.topic().equals(anomaly), WAIT);
        assertThat(first.kura().getString("model_version")).isEqualTo("vibration-anomaly@1.0.0");
        assertThat(first.kura().getDouble("anomaly_score")).isBetween(0.0, 1.0);

        // version 2.0.0 in a signed deployment package, installed as Kapua sends it: swapped in, announced
        Notification v2 = install("io.weir.model.vibration-r2", modelPackage("io.weir.model.vibration-r2",
                modelBundle("2.0.0", false)));
        assertThat(v2.isCompleted()).as("%s", v2).isTrue();
        RecordedMessage activated = telemetry.await(m -> m.topic().equals(events + "activated")
                && "2.0.0".equals(m.kura().getString("model.version")), WAIT);
        assertThat(activated.kura().getString("previous.version")).isEqualTo("1.0.0");
        telemetry.await(m -> m.topic().equals(anomaly)
                && "vibration-anomaly@2.0.0".equals(m.kura().getString("model_version")), WAIT);

        // version 3.0.0 whose model file is corrupt: its bundle starts, but the engine refuses the model, so the
        // agent rolls the package back and the install fails with the engine's reason; the refusal also goes to the
        // cloud as an event; 2.0.0 keeps scoring
        Notification v3 = install("io.weir.model.vibration-r3", modelPackage("io.weir.model.vibration-r3",
                modelBundle("3.0.0", true)));
        assertRefused(v3, "CHECK_FAILED");
        assertThat(v3.payload().getBool("dp.rolled.back")).isTrue();
        assertThat(v3.message()).contains("the inference engine refused model bundle")
                .contains("ONNX Runtime cannot load the file");
        RecordedMessage refused = telemetry.await(m -> m.topic().equals(events + "refused"), WAIT);
        assertThat(refused.kura().getString("model.name")).isEqualTo("vibration-anomaly");
        assertThat(refused.kura().getString("model.version")).isEqualTo("3.0.0");
        assertThat(refused.kura().getString("reason")).contains("ONNX Runtime cannot load the file");
        assertThat(device.deploy().listPackages()).extracting(DeployV2.DeploymentPackage::name)
                .containsExactly("io.weir.model.vibration-r2");
        telemetry.clear();
        assertThat(telemetry.await(m -> m.topic().equals(anomaly), WAIT).kura().getString("model_version"))
                .isEqualTo("vibration-anomaly@2.0.0");
        assertThat(check("inference").getString("state")).isEqualTo("UP"); // the refused bundle is gone

        // the package removed: the distro's 1.0.0 serves again
        for (String name : List.of("io.weir.model.vibration-r2")) {
            long job = nextJob++;
            assertThat(device.deploy().uninstall(name, "1.0.0", job).responseCode()).isEqualTo(200);
            assertThat(kapua.awaitNotification(job, "uninstall", n -> n.status() != null
                    && !"IN_PROGRESS".equals(n.status()), WAIT).status()).isEqualTo("COMPLETED");
        }
        telemetry.await(m -> m.topic().equals(anomaly)
                && "vibration-anomaly@1.0.0".equals(m.kura().getString("model_version")), WAIT);
        assertThat(check("inference").getString("state")).isEqualTo("UP");
        assertThat(device.deploy().listPackages()).isEmpty();
        assertThat(gateway.process.isAlive()).isTrue();
    }

    /** The distro's model bundle at another version (and symbolic name), its model file replaced if corrupt. */
    private static byte[] modelBundle(String version, boolean corrupt) throws IOException {
        byte[] original = Files.readAllBytes(MODEL_JAR);
        try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(new java.io.ByteArrayInputStream(
                original))) {
            Manifest mf = new Manifest(in.getManifest());
            Attributes main = mf.getMainAttributes();
            main.putValue("Bundle-Version", version);
            main.putValue("Bundle-SymbolicName", "io.weir.model.vibration-anomaly.v" + version.charAt(0));
            main.putValue("Provide-Capability", main.getValue("Provide-Capability")
                    .replace("version:Version=\"1.0.0\"", "version:Version=\"" + version + "\""));
            assertThat(main.getValue("Provide-Capability")).contains(version);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream out = new JarOutputStream(bytes, mf)) {
                for (java.util.jar.JarEntry e; (e = in.getNextJarEntry()) != null;) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    if (corrupt && e.getName().endsWith(".onnx")) {
                        out.write("not a model".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    } else {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        }
    }

    /** A deployment package of one model bundle, signed with the build's development key. */
    private byte[] modelPackage(String name, byte[] bundle) throws Exception {
        Path jar = tmp.resolve(name + ".jar");
        Files.write(jar, bundle);
        Path unsigned = tmp.resolve(name + "-unsigned.dp");
        Path signed = tmp.resolve(name + ".dp");
        DpBuilder.create(name, "1.0.0").bundle(jar).build(unsigned);
        DpSigner.fromKeystore(DP_TOOL.resolve("weir-dev.p12"), "weir-dev", "weir-dev".toCharArray())
                .sign(unsigned, signed);
        return Files.readAllBytes(signed);
    }

    @Test
    @Order(6)
    void unsignedTamperedUnresolvableAndWrongHashPackagesAreRefusedAndLeaveNothingBehind() throws Exception {
        List<String> bundlesBefore = bundleNames();

        // unsigned: the demo bundle in a package nobody signed
        byte[] unsigned = DpBuilder.create("io.weir.feature.unsigned", "1.0.0").bundle(DEMO_JAR).toBytes();
        assertRefused(install("io.weir.feature.unsigned", unsigned), "UNSIGNED");

        // tampered: the signed demo package with one byte of its bundle changed after signing
        byte[] tampered = tamper(Files.readAllBytes(DEMO_DP), "io.weir.demo.jar");
        assertRefused(install("io.weir.feature.demo", tampered), "TAMPERED");

        // signed and trusted, but its bundle imports a package nobody exports: installed, fails, rolled back
        Path unresolvable = tmp.resolve("unresolvable.dp");
        DpBuilder.create("io.weir.feature.broken", "1.0.0").bundle("broken.jar", bundleImporting(
                "io.weir.test.broken", "com.example.nowhere")).build(tmp.resolve("broken-unsigned.dp"));
        DpSigner.fromKeystore(DP_TOOL.resolve("weir-dev.p12"), "weir-dev", "weir-dev".toCharArray())
                .sign(tmp.resolve("broken-unsigned.dp"), unresolvable);
        Notification broken = install("io.weir.feature.broken", Files.readAllBytes(unresolvable));
        assertRefused(broken, "RESOLUTION_FAILED");
        assertThat(broken.payload().getBool("dp.rolled.back")).isTrue();
        assertThat(broken.message()).contains("com.example.nowhere");

        // a hash that does not match: the download fails, nothing is installed
        long job = nextJob++;
        String url = http.put("/packages/io.weir.feature.hash_1.0.0.dp", Files.readAllBytes(DEMO_DP));
        device.deploy().download(DownloadRequest.of(job, url, "io.weir.feature.hash", "1.0.0")
                .hash("SHA-256:" + "0".repeat(64)).install(true));
        Notification hash = kapua.awaitNotification(job, "download", Notification::isFailed, WAIT);
        assertThat(hash.payload().getString("dp.error.code")).isEqualTo("HASH_MISMATCH");
        assertThat(kapua.notifications(job)).noneMatch(n -> "install".equals(n.resource()));

        assertThat(device.deploy().listPackages()).isEmpty();
        assertThat(bundleNames()).containsExactlyInAnyOrderElementsOf(bundlesBefore);
        assertThat(partFiles()).isEmpty();
        assertThat(gateway.process.isAlive()).isTrue();
        assertThat(check("deployment").getJsonObject("details").getString("last.failure")).isNotEmpty();
    }

    @Test
    @Order(7)
    void aCancelledDownloadLeavesNothingAndACutOneResumesAndInstalls() throws Exception {
        byte[] dp = Files.readAllBytes(MODBUS_DP);
        String url = http.put("/packages/io.weir.feature.modbus_1.0.0.dp", dp);
        String hash = "SHA-256:" + PackageServer.sha256(dp);

        // cancel while the server holds the body half-way
        http.holdAfter(dp.length / 2);
        long cancelled = nextJob++;
        try {
            assertThat(device.deploy().download(DownloadRequest.of(cancelled, url, "io.weir.feature.modbus", "1.0.0")
                    .hash(hash).install(true)).responseCode()).isEqualTo(200);
            http.awaitHeld(WAIT);
            DeployV2.DownloadStatus status = device.deploy().downloadStatus();
            assertThat(status.status()).isEqualTo("IN_PROGRESS");
            assertThat(status.jobId()).isEqualTo(cancelled);
            assertThat(status.size()).isEqualTo(dp.length);
            // a second download while one runs is refused with Kura's answer
            Reply busy = device.deploy().download(DownloadRequest.of(nextJob++, url, "x", "1.0.0"));
            assertThat(busy.responseCode()).isEqualTo(500);
            assertThat(device.deploy().cancelDownload().responseCode()).isEqualTo(200);
            kapua.awaitNotification(cancelled, "download", n -> "CANCELLED".equals(n.status()), WAIT);
        } finally {
            http.release();
        }
        assertThat(device.deploy().downloadStatus().status()).isEqualTo("ALREADY DONE");
        assertThat(partFiles()).isEmpty();
        assertThat(kapua.notifications(cancelled)).noneMatch(n -> "install".equals(n.resource()));

        // the connection drops after 300 kB: the agent resumes with a Range request and installs
        http.resetCounters();
        http.cutAfter(300_000, 1);
        long job = nextJob++;
        assertThat(device.deploy().download(DownloadRequest.of(job, url, "io.weir.feature.modbus", "1.0.0")
                .hash(hash).install(true).force(true)).responseCode()).isEqualTo(200);
        kapua.awaitNotification(job, "install", Notification::isCompleted, WAIT);
        List<ServedRequest> served = http.requests();
        assertThat(served).anySatisfy(r -> assertThat(r.outcome()).isEqualTo(ServedRequest.Outcome.CUT));
        assertThat(served).anySatisfy(r -> {
            assertThat(r.status()).isEqualTo(206);
            assertThat(r.offset()).isGreaterThan(0);
        });
        DeployV2.DeploymentPackage modbus = onlyPackage("io.weir.feature.modbus");
        assertThat(modbus.bundles()).extracting(DeployV2.PackageBundle::name)
                .containsExactlyInAnyOrder("io.weir.driver.modbus", "com.ghgande.j2mod", "com.fazecast.jSerialComm");
        assertThat(bundle(device.deploy().listBundles(), "io.weir.driver.modbus").state()).isEqualTo("ACTIVE");

        long uninstall = nextJob++;
        device.deploy().uninstall("io.weir.feature.modbus", "1.0.0", uninstall);
        assertThat(kapua.awaitNotification(uninstall, "uninstall", n -> "COMPLETED".equals(n.status())
                || "FAILED".equals(n.status()), WAIT).status()).isEqualTo("COMPLETED");
        assertThat(bundleNames()).doesNotContain("io.weir.driver.modbus", "com.ghgande.j2mod");
    }

    @Test
    @Order(8)
    void kill9KeepsInstalledPackagesAndLosesOnlyTheRunningDownload() throws Exception {
        byte[] demo = Files.readAllBytes(DEMO_DP);
        assertThat(install("io.weir.feature.demo", demo).isCompleted()).isTrue();

        byte[] modbus = Files.readAllBytes(MODBUS_DP);
        String url = http.put("/packages/io.weir.feature.modbus_1.0.0.dp", modbus);
        http.holdAfter(modbus.length / 2);
        long interrupted = nextJob++;
        try {
            device.deploy().download(DownloadRequest.of(interrupted, url, "io.weir.feature.modbus", "1.0.0")
                    .install(true).force(true));
            http.awaitHeld(WAIT);
            assertThat(partFiles()).isNotEmpty();
            gateway.process.destroyForcibly(); // kill -9 in the middle of the download
            assertThat(gateway.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            http.release();
        }

        telemetry.clear();
        gateway = new GatewayProcess(processes, data, freePort(), Map.of("WEIR_CONSOLE_PASSWORD", "mgmt-password",
                "WEIR_MQTT_URL", broker.url(), "WEIR_ACCOUNT", "acme", "WEIR_CLIENT_ID", CLIENT));
        gateway.awaitStarted();
        telemetry.awaitTopic("$EDC/acme/" + CLIENT + "/MQTT/BIRTH", WAIT);

        // the installed package came back with the framework; the download is gone without a trace
        assertThat(onlyPackage("io.weir.feature.demo").bundles()).extracting(DeployV2.PackageBundle::name)
                .containsExactly("io.weir.demo");
        assertThat(device.request("DEMO-V1", "GET", List.of("hello"), null).responseCode()).isEqualTo(200);
        assertThat(device.deploy().downloadStatus().status()).isEqualTo("ALREADY DONE");
        assertThat(partFiles()).isEmpty();
        assertThat(gateway.output()).contains("left by an interrupted download");
        assertThat(check("deployment").getString("state")).isEqualTo("UP");

        // and the same download works again
        long again = nextJob++;
        device.deploy().download(DownloadRequest.of(again, url, "io.weir.feature.modbus", "1.0.0")
                .hash("SHA-256:" + PackageServer.sha256(modbus)).install(true).force(true));
        kapua.awaitNotification(again, "install", Notification::isCompleted, WAIT);
        assertThat(device.deploy().listPackages()).extracting(DeployV2.DeploymentPackage::name)
                .containsExactlyInAnyOrder("io.weir.feature.demo", "io.weir.feature.modbus");
        for (String name : List.of("io.weir.feature.modbus", "io.weir.feature.demo")) {
            long job = nextJob++;
            device.deploy().uninstall(name, "1.0.0", job);
            assertThat(kapua.awaitNotification(job, "uninstall", n -> "COMPLETED".equals(n.status())
                    || "FAILED".equals(n.status()), WAIT).status()).as(name).isEqualTo("COMPLETED");
        }
        assertThat(device.deploy().listPackages()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Serves a package and asks for its download and install; returns the install's final notification. */
    private Notification install(String name, byte[] dp) throws Exception {
        long job = nextJob++;
        String url = http.put("/packages/" + name + "-" + job + ".dp", dp);
        assertThat(device.deploy().download(DownloadRequest.of(job, url, name, "1.0.0").install(true).force(true))
                .responseCode()).isEqualTo(200);
        return kapua.awaitNotification(job, "install", n -> n.isCompleted() || n.isFailed(), WAIT);
    }

    private static void assertRefused(Notification n, String code) {
        assertThat(n.isFailed()).as("%s", n).isTrue();
        assertThat(n.problems()).isEmpty();
        assertThat(n.payload().getString("dp.error.code")).as("%s", n).isEqualTo(code);
        assertThat(n.payload().getString("dp.install.error.message")).isNotBlank();
    }

    private List<String> bundleNames() throws Exception {
        return device.deploy().listBundles().stream().map(DeployV2.Bundle::name).toList();
    }

    private List<Path> partFiles() throws IOException {
        Path downloads = data.resolve("deployment").resolve("downloads");
        if (!Files.isDirectory(downloads)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(downloads)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    private DeployV2.DeploymentPackage onlyPackage(String name) throws Exception {
        List<DeployV2.DeploymentPackage> packages = device.deploy().listPackages();
        assertThat(packages).extracting(DeployV2.DeploymentPackage::name).containsExactly(name);
        return packages.get(0);
    }

    private static DeployV2.Bundle bundle(List<DeployV2.Bundle> bundles, String name) {
        return bundles.stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + name + " in " + bundles));
    }

    private static <T> T only(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    /** The component's current configuration with some values replaced, each with the type the gateway gave. */
    private static ConfV2.Configuration config(ConfV2 conf, String pid, Map<String, Object> values) throws Exception {
        ConfV2.Configuration current = only(conf.getConfigurations(pid));
        Map<String, ConfV2.Property> props = new LinkedHashMap<>(current.properties());
        values.forEach((k, v) -> {
            ConfV2.Property was = props.get(k);
            assertThat(was).as("%s has %s", pid, k).isNotNull();
            props.put(k, ConfV2.Property.of(was.type(), v));
        });
        return new ConfV2.Configuration(pid, null, props);
    }

    private List<JsonObject> checks() throws Exception {
        return GatewayProcess.json(gateway.get("/health", null, null).body()).getJsonArray("checks").stream()
                .map(v -> v.asJsonObject()).toList();
    }

    private JsonObject check(String name) throws Exception {
        return checks().stream().filter(c -> c.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name));
    }

    /** A bundle jar whose only requirement is a package. */
    private static byte[] bundleImporting(String bsn, String pkg) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Import-Package", pkg);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.putNextEntry(new ZipEntry("readme.txt"));
            jar.write("a bundle that cannot resolve".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return out.toByteArray();
    }

    /** The same archive, in the same order, with one byte in the middle of one entry flipped. */
    private static byte[] tamper(byte[] zip, String entryName) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean found = false;
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip));
                ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals(entryName)) {
                    content[content.length / 2] ^= 0x5a;
                    found = true;
                }
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(content);
                z.closeEntry();
            }
        }
        assertThat(found).as("entry %s", entryName).isTrue();
        return out.toByteArray();
    }
}
