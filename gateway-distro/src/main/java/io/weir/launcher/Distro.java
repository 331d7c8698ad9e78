// SPDX-License-Identifier: Apache-2.0
package io.weir.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * What the gateway jar carries: its version, the packages the system bundle exports from the class path
 * (SLF4J and logback, computed by bnd from {@code cnf/runtime.bnd} at build time), the resolved bundles under
 * {@code bundles/} and the default configuration under {@code config/}.
 */
final class Distro {

    static final String BUNDLES_DIR = "bundles/";
    static final String DEFAULT_CONFIG = "config/weir-defaults.json";

    final String version;
    final String systemPackages;
    private final Path codeSource;

    private Distro(String version, String systemPackages, Path codeSource) {
        this.version = version;
        this.systemPackages = systemPackages;
        this.codeSource = codeSource;
    }

    static Distro fromClassPath() {
        Path source;
        try {
            source = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the gateway jar", e);
        }
        String version = "unknown";
        String packages = "";
        try {
            Manifest mf = manifest(source);
            if (mf != null) {
                Attributes a = mf.getMainAttributes();
                version = a.getValue("Weir-Version") != null ? a.getValue("Weir-Version") : version;
                packages = a.getValue("Weir-System-Packages") != null ? a.getValue("Weir-System-Packages") : packages;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the gateway jar's manifest: " + e.getMessage(), e);
        }
        return new Distro(version, packages, source);
    }

    private static Manifest manifest(Path source) throws IOException {
        if (Files.isDirectory(source)) {
            Path mf = source.resolve("META-INF/MANIFEST.MF");
            if (!Files.exists(mf)) {
                return null;
            }
            try (InputStream in = Files.newInputStream(mf)) {
                return new Manifest(in);
            }
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            return jar.getManifest();
        }
    }

    /** @return the embedded bundles sorted by start level, then name; read fully into memory */
    List<EmbeddedBundle> bundles() throws IOException {
        List<EmbeddedBundle> list = new ArrayList<>();
        if (Files.isDirectory(codeSource)) {
            Path dir = codeSource.resolve(BUNDLES_DIR);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jar"))::iterator) {
                        list.add(EmbeddedBundle.read(p.getFileName().toString(), Files.readAllBytes(p)));
                    }
                }
            }
        } else {
            try (JarFile jar = new JarFile(codeSource.toFile())) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (e.getName().startsWith(BUNDLES_DIR) && e.getName().endsWith(".jar")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            list.add(EmbeddedBundle.read(e.getName(), in.readAllBytes()));
                        }
                    }
                }
            }
        }
        if (list.isEmpty()) {
            throw new IOException("no bundles under " + BUNDLES_DIR + " in " + codeSource);
        }
        list.sort(Comparator.comparingInt(EmbeddedBundle::startLevel).thenComparing(b -> b.symbolicName));
        return list;
    }

    /** @return an identity of the gateway jar that changes when it is replaced, or {@code null} for a directory */
    String fingerprint() {
        if (Files.isDirectory(codeSource)) {
            return null;
        }
        try {
            return codeSource + "|" + Files.size(codeSource) + "|" + Files.getLastModifiedTime(codeSource).toMillis()
                    + "|" + version;
        } catch (IOException e) {
            return null;
        }
    }

    String defaultConfigurationUrl() {
        URL url = Distro.class.getClassLoader().getResource(DEFAULT_CONFIG);
        if (url == null) {
            throw new IllegalStateException("the gateway jar has no " + DEFAULT_CONFIG);
        }
        return url.toExternalForm();
    }
}
