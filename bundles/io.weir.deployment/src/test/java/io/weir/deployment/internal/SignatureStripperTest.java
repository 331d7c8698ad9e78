// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weir.dptool.DevKeys;
import io.weir.dptool.DpBuilder;
import io.weir.dptool.DpSigner;

class SignatureStripperTest {

    @TempDir
    Path dir;

    private static List<String> names(Path p) throws Exception {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(p); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        return names;
    }

    @Test
    void removesOnlyTheSignatureFilesAndKeepsTheOrderAndBytes() throws Exception {
        char[] pass = "strip-pass".toCharArray();
        DevKeys.Result k = DevKeys.ensure(dir.resolve("k.p12"), "k", pass, null);
        byte[] a = Fixtures.bundle("com.example.a", "1.0.0");
        Path signed = DpSigner.fromKeystore(k.keystore(), "k", pass).sign(DpBuilder.create("f", "1.0.0")
                .bundle("a.jar", a).bundle("b.jar", Fixtures.bundle("com.example.b", "1.0.0"))
                .entry("META-INF/sub/keep.EC", new byte[] { 7 }).build(dir.resolve("f.dp")));
        assertThat(names(signed)).contains("META-INF/K.SF", "META-INF/K.EC");

        Path stripped = dir.resolve("stripped.dp");
        SignatureStripper.strip(signed, stripped);
        assertThat(names(stripped)).containsExactly("META-INF/MANIFEST.MF", "META-INF/sub/keep.EC", "a.jar", "b.jar");
        try (JarInputStream in = new JarInputStream(Files.newInputStream(stripped))) {
            assertThat(in.getManifest().getMainAttributes().getValue("DeploymentPackage-SymbolicName"))
                    .isEqualTo("f");
            assertThat(in.getNextJarEntry().getName()).isEqualTo("META-INF/sub/keep.EC");
            assertThat(in.getNextJarEntry().getName()).isEqualTo("a.jar");
            assertThat(in.readAllBytes()).isEqualTo(a);
        }
        assertThat(SignatureStripper.isSignatureFile("META-INF/SIG-X.SF")).isTrue();
        assertThat(SignatureStripper.isSignatureFile("bundles/X.RSA")).isFalse();
    }
}
