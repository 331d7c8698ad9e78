// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.weir.deployment.DeploymentAgent;
import io.weir.deployment.DeploymentEvent;
import io.weir.deployment.DeploymentException;
import io.weir.deployment.FailureReason;
import io.weir.deployment.PackageCheck;
import io.weir.deployment.PackageInfo;
import io.weir.deployment.UninstallRequest;
import io.weir.dptool.DevKeys;
import io.weir.dptool.DpBuilder;
import io.weir.dptool.DpSigner;
import io.weir.health.HealthContributor;
import io.weir.health.HealthState;

/**
 * The agent inside Felix with Felix Deployment Admin 0.9.6: real signed packages, built and signed in the test with
 * weir-dp-tool and a key made with keytool, whose certificate is put in the agent's trust directory.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class DeploymentAgentIT {

    private static final long TIMEOUT_MS = 20_000;
    private static final char[] PASS = "itest-pass".toCharArray();
    private static final AtomicLong JOBS = new AtomicLong(100);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = TIMEOUT_MS)
    DeploymentAgent agent;

    static Path work;
    static Path data;
    static DpSigner signer;
    static DpSigner stranger;

    @BeforeAll
    static void keys(@InjectBundleContext BundleContext ctx) throws Exception {
        data = Path.of(ctx.getProperty("weir.data"));
        // start from a clean data directory: framework storage is clean too (storage.clean=onFirstInit)
        if (Files.isDirectory(data)) {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        work = Files.createTempDirectory("weir-dp-itest");
        DevKeys.Result k = DevKeys.ensure(work.resolve("k.p12"), "itest", PASS,
                data.resolve("deployment/trusted/itest.pem"));
        signer = DpSigner.fromKeystore(k.keystore(), "itest", PASS);
        DevKeys.Result other = DevKeys.ensure(work.resolve("other.p12"), "other", PASS, work.resolve("other.pem"));
        stranger = DpSigner.fromKeystore(other.keystore(), "other", PASS);
    }

    private static Path pkg(String name, String version, DpSigner by, String bundleEntry, byte[] bundle)
            throws IOException {
        Path p = DpBuilder.create(name, version).bundle(bundleEntry, bundle)
                .build(work.resolve(name + "_" + version + "_" + System.nanoTime() + ".dp"));
        return by == null ? p : by.sign(p);
    }

    /** Installs a file and waits for the final event. */
    private DeploymentEvent install(Path file, List<DeploymentEvent> events) throws Exception {
        CompletableFuture<DeploymentEvent> done = new CompletableFuture<>();
        agent.installFile(file, "itest", JOBS.incrementAndGet(), e -> {
            events.add(e);
            if (e.status().isFinal()) {
                done.complete(e);
            }
        });
        return done.get(TIMEOUT_MS * 2, TimeUnit.MILLISECONDS);
    }

    private DeploymentEvent install(Path file) throws Exception {
        return install(file, new CopyOnWriteArrayList<>());
    }

    private DeploymentEvent uninstall(String name) throws Exception {
        CompletableFuture<DeploymentEvent> done = new CompletableFuture<>();
        agent.uninstall(new UninstallRequest(name, null, JOBS.incrementAndGet(), "itest"), e -> {
            if (e.status().isFinal()) {
                done.complete(e);
            }
        });
        return done.get(TIMEOUT_MS * 2, TimeUnit.MILLISECONDS);
    }

    private Optional<Bundle> bundle(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst();
    }

    private List<String> audit() throws IOException {
        Path log = data.resolve("deployment/audit.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void installsUpdatesAndUninstallsASignedPackage() throws Exception {
        List<DeploymentEvent> events = new CopyOnWriteArrayList<>();
        DeploymentEvent end = install(pkg("itest.ok", "1.0.0", signer, "a.jar", TestBundles.plain("itest.ok.a",
                "1.0.0")), events);
        assertThat(end.status()).as(end.message()).isEqualTo(DeploymentEvent.Status.COMPLETED);
        assertThat(end.packageName()).isEqualTo("itest.ok");
        assertThat(end.progress()).isEqualTo(100);
        assertThat(events.get(0).status()).isEqualTo(DeploymentEvent.Status.IN_PROGRESS);
        assertThat(events).extracting(DeploymentEvent::requester).containsOnly("itest");
        assertThat(bundle("itest.ok.a")).hasValueSatisfying(b -> assertThat(b.getState()).isEqualTo(Bundle.ACTIVE));
        PackageInfo info = agent.getPackage("itest.ok").orElseThrow();
        assertThat(info.signed()).isTrue();
        assertThat(info.bundles()).extracting(PackageInfo.BundleInfo::state).containsExactly("ACTIVE");
        assertThat(data.resolve("deployment/packages/itest.ok.dp")).exists();

        end = install(pkg("itest.ok", "2.0.0", signer, "a.jar", TestBundles.plain("itest.ok.a", "2.0.0")));
        assertThat(end.status()).as(end.message()).isEqualTo(DeploymentEvent.Status.COMPLETED);
        assertThat(bundle("itest.ok.a")).hasValueSatisfying(b -> {
            assertThat(b.getVersion().toString()).isEqualTo("2.0.0");
            assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
        });
        assertThat(agent.getPackage("itest.ok").orElseThrow().version()).isEqualTo("2.0.0");

        end = uninstall("itest.ok");
        assertThat(end.status()).as(end.message()).isEqualTo(DeploymentEvent.Status.COMPLETED);
        assertThat(bundle("itest.ok.a")).isEmpty();
        assertThat(agent.getPackage("itest.ok")).isEmpty();
        assertThat(data.resolve("deployment/packages/itest.ok.dp")).doesNotExist();

        List<String> audit = audit();
        assertThat(audit).anySatisfy(l -> assertThat(l).contains("\"action\":\"install\"")
                .contains("\"package\":\"itest.ok\"").contains("\"version\":\"1.0.0\"")
                .contains("\"requester\":\"itest\"").contains("\"outcome\":\"completed\""));
        assertThat(audit).anySatisfy(l -> assertThat(l).contains("\"action\":\"update\"")
                .contains("\"version\":\"2.0.0\""));
        assertThat(audit).anySatisfy(l -> assertThat(l).contains("\"action\":\"uninstall\"")
                .contains("\"package\":\"itest.ok\""));
    }

    @Test
    void anUnresolvableUpdateIsRolledBackToThePreviousVersion() throws Exception {
        DeploymentEvent end = install(pkg("itest.rb", "1.0.0", signer, "a.jar", TestBundles.plain("itest.rb.a",
                "1.0.0")));
        assertThat(end.status()).as(end.message()).isEqualTo(DeploymentEvent.Status.COMPLETED);

        end = install(pkg("itest.rb", "2.0.0", signer, "a.jar", TestBundles.unresolvable("itest.rb.a", "2.0.0")));
        assertThat(end.status()).isEqualTo(DeploymentEvent.Status.FAILED);
        assertThat(end.reason()).isEqualTo(FailureReason.RESOLUTION_FAILED);
        assertThat(end.rolledBack()).isTrue();
        assertThat(end.message()).contains("itest.rb.a").contains("com.example.nobody.exports.this");
        assertThat(agent.getPackage("itest.rb").orElseThrow().version()).isEqualTo("1.0.0");
        assertThat(bundle("itest.rb.a")).hasValueSatisfying(b -> {
            assertThat(b.getVersion().toString()).isEqualTo("1.0.0");
            assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
        });
        assertThat(audit()).anySatisfy(l -> assertThat(l).contains("\"action\":\"rollback\"")
                .contains("\"package\":\"itest.rb\"").contains("RESOLUTION_FAILED").contains("\"requester\":\"itest\""));
        assertThat(uninstall("itest.rb").status()).isEqualTo(DeploymentEvent.Status.COMPLETED);
    }

    @Test
    void aPackageAPackageCheckRefusesIsRolledBackToThePreviousVersion() throws Exception {
        DeploymentEvent end = install(pkg("itest.chk", "1.0.0", signer, "a.jar", TestBundles.plain("itest.chk.a",
                "1.0.0")));
        assertThat(end.status()).as(end.message()).isEqualTo(DeploymentEvent.Status.COMPLETED);
        // a check that refuses version 2 of the bundle (as the inference engine refuses a model it cannot load)
        List<String> checked = new CopyOnWriteArrayList<>();
        PackageCheck check = (name, bundles, timeoutMillis) -> {
            for (Bundle b : bundles) {
                checked.add(name + ":" + b.getSymbolicName() + ":" + b.getVersion() + ":" + b.getState());
                if (b.getVersion().getMajor() == 2) {
                    return "bundle " + b.getSymbolicName() + " carries a model the engine refused";
                }
            }
            return null;
        };
        ServiceRegistration<PackageCheck> reg = context.registerService(PackageCheck.class, check, null);
        try {
            end = install(pkg("itest.chk", "2.0.0", signer, "a.jar", TestBundles.plain("itest.chk.a", "2.0.0")));
            assertThat(end.status()).isEqualTo(DeploymentEvent.Status.FAILED);
            assertThat(end.reason()).isEqualTo(FailureReason.CHECK_FAILED);
            assertThat(end.rolledBack()).isTrue();
            assertThat(end.message()).contains("bundle itest.chk.a carries a model the engine refused");
            // the check saw the new bundle ACTIVE (32), after its start
            assertThat(checked).contains("itest.chk:itest.chk.a:2.0.0:32");
            assertThat(agent.getPackage("itest.chk").orElseThrow().version()).isEqualTo("1.0.0");
            assertThat(bundle("itest.chk.a")).hasValueSatisfying(b -> {
                assertThat(b.getVersion().toString()).isEqualTo("1.0.0");
                assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
            });
            assertThat(audit()).anySatisfy(l -> assertThat(l).contains("\"action\":\"rollback\"")
                    .contains("\"package\":\"itest.chk\"").contains("CHECK_FAILED"));
            // a check that throws is a refusal too, not a crash of the agent
            reg.unregister();
            reg = context.registerService(PackageCheck.class, (n, b, t) -> {
                throw new IllegalStateException("broken check");
            }, null);
            end = install(pkg("itest.chk", "3.0.0", signer, "a.jar", TestBundles.plain("itest.chk.a", "3.0.0")));
            assertThat(end.reason()).isEqualTo(FailureReason.CHECK_FAILED);
            assertThat(end.message()).contains("broken check");
            assertThat(agent.getPackage("itest.chk").orElseThrow().version()).isEqualTo("1.0.0");
        } finally {
            reg.unregister();
        }
        assertThat(uninstall("itest.chk").status()).isEqualTo(DeploymentEvent.Status.COMPLETED);
    }

    @Test
    void aBundleWhoseActivatorThrowsIsRolledBack() throws Exception {
        DeploymentEvent end = install(pkg("itest.boom", "1.0.0", signer, "boom.jar",
                TestBundles.failingActivator("itest.boom.a", "1.0.0")));
        assertThat(end.status()).isEqualTo(DeploymentEvent.Status.FAILED);
        assertThat(end.reason()).isEqualTo(FailureReason.START_FAILED);
        assertThat(end.rolledBack()).isTrue();
        assertThat(end.message()).contains("itest.boom.a").contains("activator refuses to start");
        assertThat(agent.getPackage("itest.boom")).isEmpty();
        assertThat(bundle("itest.boom.a")).isEmpty();
    }

    @Test
    void refusesUnsignedUntrustedAndTamperedPackages(@InjectService(timeout = TIMEOUT_MS) DeploymentAdmin admin)
            throws Exception {
        DeploymentEvent end = install(pkg("itest.unsigned", "1.0.0", null, "a.jar",
                TestBundles.plain("itest.unsigned.a", "1.0.0")));
        assertThat(end.reason()).isEqualTo(FailureReason.UNSIGNED);
        end = install(pkg("itest.stranger", "1.0.0", stranger, "a.jar", TestBundles.plain("itest.stranger.a",
                "1.0.0")));
        assertThat(end.reason()).isEqualTo(FailureReason.UNTRUSTED);
        Path signed = pkg("itest.tampered", "1.0.0", signer, "a.jar", TestBundles.plain("itest.tampered.a", "1.0.0"));
        Path tampered = work.resolve("tampered.dp");
        DpBuilder.create("itest.tampered", "1.0.0").bundle("a.jar", TestBundles.plain("itest.tampered.a", "1.0.0"));
        // append an entry after signing
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(signed));
                var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(tampered))) {
            java.util.zip.ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(in.readAllBytes());
            }
            out.putNextEntry(new java.util.zip.ZipEntry("extra.jar"));
            out.write(TestBundles.plain("itest.extra", "1.0.0"));
        }
        end = install(tampered);
        assertThat(end.reason()).isEqualTo(FailureReason.TAMPERED);
        assertThat(Stream.of("itest.unsigned", "itest.stranger", "itest.tampered").map(admin::getDeploymentPackage))
                .containsOnlyNulls();
        assertThat(audit()).anySatisfy(l -> assertThat(l).contains("\"package\":\"itest.unsigned\"")
                .contains("\"outcome\":\"refused\"").contains("UNSIGNED"));
    }

    @Test
    void refusesAtOnceWhatCannotWork() {
        Throwable t = catchThrowable(() -> agent.uninstall(new UninstallRequest("itest.none", null, 1, "itest"),
                e -> { }));
        assertThat(t).isInstanceOf(DeploymentException.class);
        assertThat(((DeploymentException) t).reason()).isEqualTo(FailureReason.NOT_FOUND);
        t = catchThrowable(() -> agent.installFile(work.resolve("missing.dp"), "itest", 1, e -> { }));
        assertThat(((DeploymentException) t).reason()).isEqualTo(FailureReason.NOT_FOUND);
    }

    @Test
    void contributesHealth(@InjectService(filter = "(objectClass=io.weir.health.HealthContributor)",
            timeout = TIMEOUT_MS) HealthContributor health) {
        assertThat(health.name()).isEqualTo("deployment");
        assertThat(health.health().state()).isEqualTo(HealthState.UP);
        assertThat(health.health().details()).containsKey("packages").containsEntry("allow.unsigned", "false");
    }

    @Test
    void shellCommandsListInstallAndShowTheAudit(
            @InjectService(timeout = TIMEOUT_MS) org.apache.felix.service.command.CommandProcessor shell)
            throws Exception {
        Path file = pkg("itest.shell", "1.0.0", signer, "a.jar", TestBundles.plain("itest.shell.a", "1.0.0"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (var session = shell.createSession(new java.io.ByteArrayInputStream(new byte[0]), out, out)) {
            Object result = session.execute("weir:dp-install " + file);
            assertThat(result).as(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("OK");
            assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("INSTALL itest.shell 1.0.0 COMPLETED 100%");
            assertThat(String.valueOf(session.execute("weir:dp-list"))).contains("itest.shell 1.0.0  signed")
                    .contains("itest.shell.a 1.0.0 ACTIVE");
            assertThat(String.valueOf(session.execute("weir:dp-audit 50")))
                    .contains("\"package\":\"itest.shell\"").contains("\"requester\":\"shell\"");
            assertThat(session.execute("weir:dp-uninstall itest.shell")).isEqualTo("OK");
            assertThat(String.valueOf(session.execute("weir:dp-uninstall itest.shell"))).startsWith("refused: NOT_FOUND");
        }
    }
}
