// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Test bundles and zip surgery for unit tests. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bundle(String bsn, String version) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", version);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, mf)) {
            out.putNextEntry(new ZipEntry("data.txt"));
            out.write(("some content of " + bsn + " " + version).repeat(20).getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    /**
     * Copies a zip entry by entry; {@code transform} may change an entry's bytes or drop it (null); {@code extra}
     * entries are appended.
     */
    static Path rewrite(Path in, Path out, BiFunction<String, byte[], byte[]> transform, Map<String, byte[]> extra)
            throws IOException {
        try (InputStream is = Files.newInputStream(in); ZipInputStream zin = new ZipInputStream(is);
                OutputStream os = Files.newOutputStream(out); ZipOutputStream zout = new ZipOutputStream(os)) {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                byte[] b = transform.apply(e.getName(), zin.readAllBytes());
                if (b != null) {
                    zout.putNextEntry(new ZipEntry(e.getName()));
                    zout.write(b);
                    zout.closeEntry();
                }
            }
            for (Map.Entry<String, byte[]> x : extra.entrySet()) {
                zout.putNextEntry(new ZipEntry(x.getKey()));
                zout.write(x.getValue());
                zout.closeEntry();
            }
        }
        return out;
    }
}
