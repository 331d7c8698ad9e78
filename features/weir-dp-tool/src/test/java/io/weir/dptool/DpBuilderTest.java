// SPDX-License-Identifier: Apache-2.0
package io.weir.dptool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DpBuilderTest {

    @TempDir
    Path dir;

    private static List<String> entryNames(Path file) throws Exception {
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
    void writesTheDeploymentPackageManifestWithOneSectionPerBundleInOrder() throws Exception {
        Path a = TestJars.bundle(dir, "com.example.a", "1.2.3");
        Path b = TestJars.bundle(dir, "com.example.b", "2.0.0.qualifier");
        Path dp = DpBuilder.create("com.example.feature", "1.0.0").displayName("Example").description("A feature")
                .bundle(a).bundle("bundles/b.jar", b).build(dir.resolve("out/feature.dp"));

        assertThat(entryNames(dp)).containsExactly("META-INF/MANIFEST.MF", "com.example.a-1.2.3.jar",
                "bundles/b.jar");
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(dp.toFile())) {
            Manifest mf = jar.getManifest();
            Attributes main = mf.getMainAttributes();
            assertThat(main.getValue("DeploymentPackage-SymbolicName")).isEqualTo("com.example.feature");
            assertThat(main.getValue("DeploymentPackage-Version")).isEqualTo("1.0.0");
            assertThat(main.getValue("DeploymentPackage-Name")).isEqualTo("Example");
            assertThat(main.getValue("DeploymentPackage-Description")).isEqualTo("A feature");
            assertThat(mf.getEntries()).containsOnlyKeys("com.example.a-1.2.3.jar", "bundles/b.jar");
            // the singleton directive is stripped: only the symbolic name goes into the section
            assertThat(mf.getAttributes("com.example.a-1.2.3.jar").getValue("Bundle-SymbolicName"))
                    .isEqualTo("com.example.a");
            assertThat(mf.getAttributes("bundles/b.jar").getValue("Bundle-Version")).isEqualTo("2.0.0.qualifier");
            assertThat(jar.getInputStream(jar.getEntry("bundles/b.jar")).readAllBytes())
                    .isEqualTo(Files.readAllBytes(b));
        }
        assertThat(Files.list(dp.getParent())).containsExactly(dp);
    }

    @Test
    void theSameInputsGiveTheSameBytes() throws Exception {
        Path a = TestJars.bundle(dir, "com.example.a", "1.0.0");
        byte[] first = DpBuilder.create("f", "1.0.0").bundle(a).toBytes();
        byte[] second = DpBuilder.create("f", "1.0.0").bundle(a).toBytes();
        assertThat(first).isEqualTo(second);
    }

    @Test
    void rawEntriesAreWrittenAsGivenAfterTheBundles() throws Exception {
        Path a = TestJars.bundle(dir, "com.example.a", "1.0.0");
        Path dp = DpBuilder.create("f", "1.0.0").bundle(a)
                .entry("../evil.jar", new byte[] { 1, 2, 3 }, Map.of("Bundle-SymbolicName", "evil",
                        "Bundle-Version", "1.0.0"))
                .entry("notes.txt", new byte[] { 4 })
                .build(dir.resolve("bad.dp"));
        assertThat(entryNames(dp)).containsExactly("META-INF/MANIFEST.MF", "com.example.a-1.0.0.jar",
                "../evil.jar", "notes.txt");
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(dp.toFile())) {
            assertThat(jar.getManifest().getEntries()).containsOnlyKeys("com.example.a-1.0.0.jar", "../evil.jar");
        }
    }

    @Test
    void refusesNonBundlesDuplicatesAndBlankNames() throws Exception {
        Path plain = dir.resolve("plain.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(plain))) {
            out.putNextEntry(new ZipEntry("x.txt"));
        }
        Path a = TestJars.bundle(dir, "com.example.a", "1.0.0");
        assertThatThrownBy(() -> DpBuilder.create("f", "1").bundle(plain))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a bundle");
        assertThatThrownBy(() -> DpBuilder.create("f", "1").bundle("x.jar", a).bundle("x.jar", a))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> DpBuilder.create(" ", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DpBuilder.create("f", "1").header("DeploymentPackage-Version", "2"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
