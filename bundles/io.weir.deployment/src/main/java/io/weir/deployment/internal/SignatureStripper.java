// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Copies a verified package without its signature files ({@code META-INF/*.SF}, {@code .RSA}, {@code .DSA}, {@code
 * .EC}, {@code SIG-*}), keeping every other entry, byte for byte and in order.
 *
 * <p>Why: Felix Deployment Admin 0.9.6 reads the package as a stream and stops at the first entry its manifest does
 * not describe; the signature files, which the JAR format puts right after the manifest, are such entries, so it
 * refuses every signed package ("Expected more bundles in the stream"). It does not check signatures itself either.
 * The agent verifies the signed original ({@link PackageVerifier}) and gives Deployment Admin this copy.
 */
final class SignatureStripper {

    private SignatureStripper() {
    }

    /** @return {@code true} for a signature-related file directly in META-INF */
    static boolean isSignatureFile(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (!n.startsWith("META-INF/") || n.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        String file = n.substring("META-INF/".length());
        return file.endsWith(".SF") || file.endsWith(".RSA") || file.endsWith(".DSA") || file.endsWith(".EC")
                || file.startsWith("SIG-");
    }

    /** Writes {@code in} without its signature files to {@code out}. */
    static void strip(Path in, Path out) throws IOException {
        try (InputStream is = Files.newInputStream(in); ZipInputStream zin = new ZipInputStream(is);
                OutputStream os = Files.newOutputStream(out); ZipOutputStream zout = new ZipOutputStream(os)) {
            ZipEntry e;
            byte[] buffer = new byte[65536];
            while ((e = zin.getNextEntry()) != null) {
                if (isSignatureFile(e.getName()) || (e.isDirectory() && e.getName().equals("META-INF/"))) {
                    continue;
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                zout.putNextEntry(copy);
                int n;
                while ((n = zin.read(buffer)) > 0) {
                    zout.write(buffer, 0, n);
                }
                zout.closeEntry();
            }
        }
    }
}
