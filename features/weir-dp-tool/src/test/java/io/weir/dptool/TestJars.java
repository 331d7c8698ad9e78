// SPDX-License-Identifier: Apache-2.0
package io.weir.dptool;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** Tiny bundle jars for tests. */
final class TestJars {

    private TestJars() {
    }

    static Path bundle(Path dir, String bsn, String version) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn + ";singleton:=true");
        a.putValue("Bundle-Version", version);
        Path jar = dir.resolve(bsn + "-" + version + ".jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, mf)) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write(("bundle " + bsn + " " + version).getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
