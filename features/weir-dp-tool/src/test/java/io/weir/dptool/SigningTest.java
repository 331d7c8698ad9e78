// SPDX-License-Identifier: Apache-2.0
package io.weir.dptool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningTest {

    private static final char[] PASS = "secret-pass".toCharArray();

    @TempDir
    Path dir;

    private static List<String> names(Path file) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        return names;
    }

    @Test
    void aSignedPackageVerifiesAndEveryEntryHasTheSigner() throws Exception {
        DevKeys.Result key = DevKeys.ensure(dir.resolve("keys/dev.p12"), "weir-dev", PASS, null);
        Path dp = DpBuilder.create("f", "1.0.0").bundle(TestJars.bundle(dir, "com.example.a", "1.0.0"))
                .bundle(TestJars.bundle(dir, "com.example.b", "1.0.0")).build(dir.resolve("f.dp"));
        DpSigner.fromKeystore(key.keystore(), "weir-dev", PASS).sign(dp);

        // the manifest first, then the signature files, then the bundles (OSGi 114.3 order)
        assertThat(names(dp)).containsExactly("META-INF/MANIFEST.MF", "META-INF/WEIR-DEV.SF", "META-INF/WEIR-DEV.EC",
                "com.example.a-1.0.0.jar", "com.example.b-1.0.0.jar");
        int signed = 0;
        try (JarInputStream in = new JarInputStream(Files.newInputStream(dp), true)) {
            assertThat(in.getManifest().getMainAttributes().getValue("DeploymentPackage-SymbolicName"))
                    .isEqualTo("f");
            JarEntry e;
            while ((e = in.getNextJarEntry()) != null) {
                in.readAllBytes();
                if (e.isDirectory() || e.getName().startsWith("META-INF/")) {
                    continue;
                }
                assertThat(e.getCodeSigners()).as(e.getName()).hasSize(1);
                X509Certificate signer = (X509Certificate) e.getCodeSigners()[0].getSignerCertPath()
                        .getCertificates().get(0);
                assertThat(signer).isEqualTo(key.certificate());
                signed++;
            }
        }
        assertThat(signed).isEqualTo(2);
    }

    @Test
    void aModifiedEntryFailsVerification() throws Exception {
        DevKeys.Result key = DevKeys.ensure(dir.resolve("dev.p12"), "k", PASS, null, DevKeys.KeyType.RSA_3072);
        Path dp = DpBuilder.create("f", "1.0.0").bundle(TestJars.bundle(dir, "com.example.a", "1.0.0"))
                .build(dir.resolve("f.dp"));
        DpSigner.fromKeystore(key.keystore(), "k", PASS).sign(dp, dir.resolve("signed.dp"));
        assertThat(names(dir.resolve("signed.dp"))).contains("META-INF/K.RSA");
        // rewrite the jar with one byte of the bundle changed, keeping the signature files
        Path tampered = dir.resolve("tampered.dp");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(dir.resolve("signed.dp")));
                java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(tampered))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] b = in.readAllBytes();
                if (e.getName().endsWith(".jar")) {
                    b[b.length / 2] ^= 1;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(b);
                out.closeEntry();
            }
        }
        assertThatThrownBy(() -> {
            try (JarInputStream in = new JarInputStream(Files.newInputStream(tampered), true)) {
                while (in.getNextJarEntry() != null) {
                    in.readAllBytes();
                }
            }
        }).isInstanceOf(SecurityException.class);
    }

    @Test
    void devKeyIsIdempotentAndWritesAReadablePem() throws Exception {
        Path ks = dir.resolve("dev-signing/weir-dev.p12");
        Path pem = dir.resolve("dev-signing/weir-dev-cert.pem");
        DevKeys.Result first = DevKeys.ensure(ks, "weir-dev", PASS, pem);
        byte[] keystoreBytes = Files.readAllBytes(ks);
        Files.delete(pem);
        DevKeys.Result second = DevKeys.ensure(ks, "weir-dev", PASS, pem);

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(Files.readAllBytes(ks)).isEqualTo(keystoreBytes);
        assertThat(second.certificate()).isEqualTo(first.certificate());
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(pem)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(cert).isEqualTo(first.certificate());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=Weir development signing key");
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        long days = (cert.getNotAfter().getTime() - cert.getNotBefore().getTime()) / 86_400_000L;
        assertThat(days).isBetween(3649L, 3651L);
        assertThat(Files.list(ks.getParent()).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("weir-dev.p12", "weir-dev-cert.pem");
    }

    @Test
    void racingDevKeyCallsAgreeOnOneKey() throws Exception {
        Path ks = dir.resolve("race/weir-dev.p12");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<DevKeys.Result>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Callable<DevKeys.Result> c = () -> DevKeys.ensure(ks, "weir-dev", PASS, null);
                results.add(pool.submit(c));
            }
            X509Certificate cert = null;
            int created = 0;
            for (Future<DevKeys.Result> f : results) {
                DevKeys.Result r = f.get();
                created += r.created() ? 1 : 0;
                cert = cert == null ? r.certificate() : cert;
                assertThat(r.certificate()).isEqualTo(cert);
            }
            assertThat(created).isLessThanOrEqualTo(1);
            assertThat(DevKeys.ensure(ks, "weir-dev", PASS, null).certificate()).isEqualTo(cert);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.list(ks.getParent()).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("weir-dev.p12", "weir-dev-cert.pem");
    }

    @Test
    void cliBuildsSignsAndInspects() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Path ks = dir.resolve("k.p12");
        assertThat(Main.run(new String[] { "devkey", "--keystore", ks.toString() }, o, e)).isEqualTo(Main.OK);
        assertThat(dir.resolve("k-cert.pem")).exists();
        Path bundle = TestJars.bundle(dir, "com.example.a", "1.0.0");
        Path dp = dir.resolve("f.dp");
        assertThat(Main.run(new String[] { "build", "--name", "f", "--version", "1.0.0", "--out", dp.toString(),
            "--keystore", ks.toString(), "--alias", "weir-dev", "--storepass", "weir-dev", bundle.toString() }, o, e))
                .as(err.toString()).isEqualTo(Main.OK);
        out.reset();
        assertThat(Main.run(new String[] { "inspect", dp.toString() }, o, e)).isEqualTo(Main.OK);
        assertThat(out.toString()).contains("DeploymentPackage-SymbolicName: f")
                .contains("com.example.a-1.0.0.jar  [com.example.a 1.0.0]")
                .contains("signed by CN=Weir development signing key").endsWith("OK\n");

        Path unsigned = dir.resolve("u.dp");
        assertThat(Main.run(new String[] { "build", "--name", "u", "--version", "1", "--out", unsigned.toString(),
            bundle.toString() }, o, e)).isEqualTo(Main.OK);
        assertThat(Main.run(new String[] { "inspect", unsigned.toString() }, o, e)).isEqualTo(Main.FAILED);
    }

    @Test
    void cliTakesADirectoryOfBundlesInFileNameOrder() throws Exception {
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Path bundles = Files.createDirectories(dir.resolve("bundles"));
        TestJars.bundle(bundles, "com.example.b", "1.0.0");
        TestJars.bundle(bundles, "com.example.a", "2.0.0");
        Files.writeString(bundles.resolve("README.txt"), "not a bundle");
        Path dp = dir.resolve("d.dp");
        assertThat(Main.run(new String[] { "build", "--name", "d", "--version", "1.0.0", "--out", dp.toString(),
            bundles.toString() }, o, e)).as(err.toString()).isEqualTo(Main.OK);
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(dp.toFile())) {
            assertThat(jar.stream().map(java.util.zip.ZipEntry::getName)).containsExactly("META-INF/MANIFEST.MF",
                    "com.example.a-2.0.0.jar", "com.example.b-1.0.0.jar");
        }
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(Main.run(new String[] { "build", "--name", "d", "--version", "1.0.0", "--out", dp.toString(),
            empty.toString() }, o, e)).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("no *.jar in");
    }

    @Test
    void cliReportsUsageErrors() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(Main.run(new String[0], o, e)).isEqualTo(Main.USAGE);
        assertThat(Main.run(new String[] { "build", "--version", "1", "x.jar" }, o, e)).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("missing --name");
        assertThat(Main.run(new String[] { "frobnicate" }, o, e)).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("unknown command 'frobnicate'");
        assertThat(Main.run(new String[] { "sign", "--keystore", "k.p12", "--alias", "a", "--storepass-env",
            "WEIR_NO_SUCH_VARIABLE_X", dir.resolve("missing.dp").toString() }, o, e)).isEqualTo(Main.USAGE);
        assertThat(Main.run(new String[] { "build", "--name", "n", "--version", "1", "--bogus", "x", "a.jar" }, o, e))
                .isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("unknown option --bogus");
    }
}
