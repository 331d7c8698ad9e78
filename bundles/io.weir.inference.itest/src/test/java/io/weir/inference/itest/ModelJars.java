// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Variants of the shipped model bundle made with the JDK's jar classes: other versions of the same model, a
 * corrupt model file, a capability that declares the wrong input shape. The tests install them as bundles.
 */
final class ModelJars {

    static final String NAME = "vibration-anomaly";
    static final String BSN = "io.weir.model.vibration-anomaly";

    private ModelJars() {
    }

    /** @return the shipped model bundle, as the build copied it */
    static Path shipped() {
        String dir = System.getProperty("weir.itest.models");
        if (dir == null) {
            throw new IllegalStateException("system property weir.itest.models is not set (itest.bndrun)");
        }
        return Paths.get(dir, NAME + ".jar");
    }

    static byte[] version(String version) throws IOException {
        return rewrite(version, null, null, null);
    }

    static byte[] corrupt(String version) throws IOException {
        return rewrite(version, null, "this is not an ONNX model".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                null);
    }

    static byte[] declaringInputs(String version, String inputs) throws IOException {
        return rewrite(version, inputs, null, null);
    }

    /** @return a bundle of the model under another symbolic name (a second bundle of one model name) */
    static byte[] asBundle(String version, String bsn) throws IOException {
        return rewrite(version, null, null, bsn);
    }

    private static byte[] rewrite(String version, String inputs, byte[] model, String bsn) throws IOException {
        byte[] original = Files.readAllBytes(shipped());
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(original))) {
            Manifest mf = new Manifest(in.getManifest());
            Attributes main = mf.getMainAttributes();
            main.putValue("Bundle-Version", version);
            if (bsn != null) {
                main.putValue("Bundle-SymbolicName", bsn);
            }
            String cap = main.getValue("Provide-Capability");
            cap = replace(cap, "version:Version=\"?([^;\",]+)\"?", "version:Version=\"" + version + "\"");
            if (inputs != null) {
                cap = replace(cap, "inputs:List<String>=\"([^\"]*)\"", "inputs:List<String>=\"" + inputs + "\"");
            }
            main.putValue("Provide-Capability", cap);
            Matcher file = Pattern.compile("file=\"?([^;\",]+)").matcher(cap);
            if (!file.find()) {
                throw new IllegalStateException("no file attribute in " + cap);
            }
            String modelPath = file.group(1);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream out = new JarOutputStream(bytes, mf)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    if (model != null && e.getName().equals(modelPath)) {
                        out.write(model);
                    } else {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        }
    }

    private static String replace(String header, String regex, String replacement) {
        Matcher m = Pattern.compile(regex).matcher(header);
        if (!m.find()) {
            throw new IllegalStateException("no match for " + regex + " in " + header);
        }
        return header.substring(0, m.start()) + replacement + header.substring(m.end());
    }

    static InputStream stream(byte[] jar) {
        return new ByteArrayInputStream(jar);
    }
}
