// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weir.deployment.DeploymentException;
import io.weir.deployment.FailureReason;
import io.weir.dptool.DevKeys;
import io.weir.dptool.DpBuilder;
import io.weir.dptool.DpSigner;

class PackageVerifierTest {

    private static final char[] PASS = "test-pass".toCharArray();

    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    static Path trusted;
    static DpSigner signer;
    static DpSigner stranger;

    @BeforeAll
    static void makeKeys() throws Exception {
        trusted = keys.resolve("trusted");
        DevKeys.Result k = DevKeys.ensure(keys.resolve("k.p12"), "k", PASS, trusted.resolve("k.pem"));
        signer = DpSigner.fromKeystore(k.keystore(), "k", PASS);
        DevKeys.Result other = DevKeys.ensure(keys.resolve("other.p12"), "other", PASS,
                keys.resolve("elsewhere/other.pem"), DevKeys.KeyType.RSA_3072);
        stranger = DpSigner.fromKeystore(other.keystore(), "other", PASS);
    }

    private PackageVerifier verifier(boolean dev) {
        return new PackageVerifier(trusted, dev, 10_000_000, 100);
    }

    private Path unsigned(String name) throws Exception {
        return DpBuilder.create("feature", "1.0.0").bundle("a.jar", Fixtures.bundle("com.example.a", "1.0.0"))
                .bundle("b.jar", Fixtures.bundle("com.example.b", "2.0.0")).build(dir.resolve(name));
    }

    private Path signed(String name) throws Exception {
        return signer.sign(unsigned(name));
    }

    private static FailureReason reasonOf(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(DeploymentException.class);
        return ((DeploymentException) t).reason();
    }

    @Test
    void acceptsAPackageSignedByATrustedKey() throws Exception {
        PackageVerifier.Verified v = verifier(false).verify(signed("ok.dp"), "feature", "1.0");
        assertThat(v.signed()).isTrue();
        assertThat(v.name()).isEqualTo("feature");
        assertThat(v.signer().getSubjectX500Principal().getName()).isEqualTo(DevKeys.SUBJECT);
        assertThat(v.bundles()).extracting(PackageVerifier.BundleEntry::symbolicName)
                .containsExactly("com.example.a", "com.example.b");
    }

    @Test
    void refusesUnsignedUnlessInDevelopmentMode() throws Exception {
        Path p = unsigned("u.dp");
        assertThat(reasonOf(() -> verifier(false).verify(p, null, null))).isEqualTo(FailureReason.UNSIGNED);
        PackageVerifier.Verified v = verifier(true).verify(p, "feature", "1.0.0");
        assertThat(v.signed()).isFalse();
        assertThat(v.signer()).isNull();
    }

    @Test
    void refusesAModifiedByteEvenInDevelopmentMode() throws Exception {
        Path tampered = Fixtures.rewrite(signed("s.dp"), dir.resolve("t.dp"), (n, b) -> {
            if (n.equals("a.jar")) {
                b[b.length / 2] ^= 0x01;
            }
            return b;
        }, Map.of());
        assertThat(reasonOf(() -> verifier(false).verify(tampered, null, null))).isEqualTo(FailureReason.TAMPERED);
        assertThat(reasonOf(() -> verifier(true).verify(tampered, null, null))).isEqualTo(FailureReason.TAMPERED);
    }

    @Test
    void refusesAnEntryAddedAfterSigning() throws Exception {
        Path added = Fixtures.rewrite(signed("s.dp"), dir.resolve("added.dp"), (n, b) -> b,
                Map.of("c.jar", Fixtures.bundle("com.example.c", "1.0.0")));
        assertThat(reasonOf(() -> verifier(false).verify(added, null, null))).isEqualTo(FailureReason.TAMPERED);
        assertThat(reasonOf(() -> verifier(true).verify(added, null, null))).isEqualTo(FailureReason.TAMPERED);
    }

    @Test
    void refusesAnEntryRemovedAfterSigning() throws Exception {
        Path removed = Fixtures.rewrite(signed("s.dp"), dir.resolve("removed.dp"),
                (n, b) -> n.equals("b.jar") ? null : b, Map.of());
        assertThat(reasonOf(() -> verifier(false).verify(removed, null, null))).isEqualTo(FailureReason.TAMPERED);
    }

    @Test
    void refusesAnUntrustedSignerEvenInDevelopmentMode() throws Exception {
        Path p = stranger.sign(unsigned("x.dp"));
        assertThat(reasonOf(() -> verifier(false).verify(p, null, null))).isEqualTo(FailureReason.UNTRUSTED);
        assertThat(reasonOf(() -> verifier(true).verify(p, null, null))).isEqualTo(FailureReason.UNTRUSTED);
    }

    @Test
    void trustsACertificateAddedToTheDirectoryWithoutARestart() throws Exception {
        Path p = stranger.sign(unsigned("x.dp"));
        PackageVerifier v = verifier(false);
        assertThat(reasonOf(() -> v.verify(p, null, null))).isEqualTo(FailureReason.UNTRUSTED);
        java.nio.file.Files.copy(keys.resolve("elsewhere/other.pem"), trusted.resolve("other.crt"));
        try {
            assertThat(v.verify(p, null, null).signed()).isTrue();
        } finally {
            java.nio.file.Files.delete(trusted.resolve("other.crt"));
        }
    }

    @Test
    void refusesZipSlipNamesSignedOrNot() throws Exception {
        for (String bad : new String[] { "../evil.jar", "bundles/../../evil.jar", "/etc/evil.jar", "a\\..\\evil.jar",
            "C:evil.jar", "nul\u0000.jar" }) {
            Path p = DpBuilder.create("feature", "1.0.0").bundle("a.jar", Fixtures.bundle("com.example.a", "1.0.0"))
                    .entry(bad, Fixtures.bundle("evil", "1.0.0"), Map.of("Bundle-SymbolicName", "evil",
                            "Bundle-Version", "1.0.0"))
                    .build(dir.resolve("slip.dp"));
            assertThat(reasonOf(() -> verifier(true).verify(p, null, null))).as(bad)
                    .isEqualTo(FailureReason.UNSAFE_ENTRY);
            signer.sign(p);
            assertThat(reasonOf(() -> verifier(false).verify(p, null, null))).as(bad)
                    .isEqualTo(FailureReason.UNSAFE_ENTRY);
        }
    }

    @Test
    void refusesWrongNameVersionAndNonPackages() throws Exception {
        Path p = signed("s.dp");
        assertThat(reasonOf(() -> verifier(false).verify(p, "other", null))).isEqualTo(FailureReason.INVALID_PACKAGE);
        assertThat(reasonOf(() -> verifier(false).verify(p, "feature", "1.0.1")))
                .isEqualTo(FailureReason.INVALID_PACKAGE);
        Path bundle = java.nio.file.Files.write(dir.resolve("plain.jar"), Fixtures.bundle("com.example.a", "1"));
        assertThat(reasonOf(() -> verifier(true).verify(bundle, null, null))).isEqualTo(FailureReason.INVALID_PACKAGE);
        Path garbage = java.nio.file.Files.write(dir.resolve("garbage.dp"), new byte[] { 1, 2, 3, 4, 5 });
        assertThat(reasonOf(() -> verifier(true).verify(garbage, null, null)))
                .isEqualTo(FailureReason.INVALID_PACKAGE);
    }

    @Test
    void capsEntriesAndUncompressedSize() throws Exception {
        DpBuilder many = DpBuilder.create("feature", "1.0.0");
        for (int i = 0; i < 5; i++) {
            many.entry("r" + i + ".txt", new byte[] { 1 });
        }
        Path manyFile = many.build(dir.resolve("many.dp"));
        assertThat(reasonOf(() -> new PackageVerifier(trusted, true, 1_000_000, 4).verify(manyFile, null, null)))
                .isEqualTo(FailureReason.TOO_LARGE);
        // a "bomb": 2 MB of zeros compress to a few KB
        Path bomb = DpBuilder.create("feature", "1.0.0").entry("zeros.bin", new byte[2_000_000])
                .build(dir.resolve("bomb.dp"));
        assertThat(java.nio.file.Files.size(bomb)).isLessThan(100_000);
        assertThat(reasonOf(() -> new PackageVerifier(trusted, true, 1_000_000, 100).verify(bomb, null, null)))
                .isEqualTo(FailureReason.TOO_LARGE);
    }

    @Test
    void checkSafeAcceptsOrdinaryNames() throws Exception {
        PackageVerifier.checkSafe("bundles/io.weir.driver.modbus-1.0.0.jar");
        PackageVerifier.checkSafe("OSGI-INF/l10n/bundle.properties");
        assertThatThrownBy(() -> PackageVerifier.checkSafe("..")).isInstanceOf(DeploymentException.class);
    }
}
