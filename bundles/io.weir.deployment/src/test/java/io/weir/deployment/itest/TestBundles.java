// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** Tiny bundles made in the test with java.util.jar. */
final class TestBundles {

    private TestBundles() {
    }

    /** A bundle with no code. */
    static byte[] plain(String bsn, String version) throws IOException {
        return bundle(bsn, version, Map.of(), null);
    }

    /** A bundle importing a package nobody exports: it never resolves. */
    static byte[] unresolvable(String bsn, String version) throws IOException {
        return bundle(bsn, version, Map.of("Import-Package", "com.example.nobody.exports.this;version=\"[9,10)\""),
                null);
    }

    /** A bundle whose activator throws in start. */
    static byte[] failingActivator(String bsn, String version) throws IOException {
        return bundle(bsn, version, Map.of("Bundle-Activator", FailingActivator.class.getName(),
                "Import-Package", "org.osgi.framework"), FailingActivator.class);
    }

    private static byte[] bundle(String bsn, String version, Map<String, String> headers, Class<?> clazz)
            throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", version);
        headers.forEach(a::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, mf)) {
            if (clazz != null) {
                String path = clazz.getName().replace('.', '/') + ".class";
                try (InputStream in = clazz.getClassLoader().getResourceAsStream(path)) {
                    out.putNextEntry(new ZipEntry(path));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            out.putNextEntry(new ZipEntry("about.txt"));
            out.write((bsn + " " + version).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return bytes.toByteArray();
    }
}
