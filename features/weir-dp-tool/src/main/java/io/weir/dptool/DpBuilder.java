// SPDX-License-Identifier: Apache-2.0
package io.weir.dptool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * Builds an OSGi Deployment Package (OSGi Compendium chapter 114): a JAR whose main manifest section carries
 * {@code DeploymentPackage-SymbolicName} and {@code DeploymentPackage-Version}, with one {@code Name:} section per
 * bundle giving the bundle's {@code Bundle-SymbolicName} and {@code Bundle-Version} (read from the bundle's own
 * manifest). The manifest comes first, then the bundles in the order they were added, then any raw entries (OSGi
 * 114.3: signature files, which {@link DpSigner} inserts, go right after the manifest; there is no directory entry).
 *
 * <pre>{@code
 * DpBuilder.create("io.weir.feature.modbus", "1.0.0")
 *         .displayName("Modbus driver")
 *         .bundle(Path.of("io.weir.driver.modbus.jar"))
 *         .build(Path.of("target/modbus.dp"));
 * }</pre>
 *
 * <p>Raw entries ({@link #entry(String, byte[], Map)}) are written as given, without any checks, so that tests
 * can craft invalid packages (for example an entry named {@code ../evil.jar}).
 *
 * <p>Not thread-safe; a builder may be used for several {@code build} calls.
 */
public final class DpBuilder {

    /** Header of the package's symbolic name. */
    public static final String DP_SYMBOLIC_NAME = "DeploymentPackage-SymbolicName";
    /** Header of the package's version. */
    public static final String DP_VERSION = "DeploymentPackage-Version";
    /** Optional human-readable name. */
    public static final String DP_NAME = "DeploymentPackage-Name";
    /** Optional description. */
    public static final String DP_DESCRIPTION = "DeploymentPackage-Description";

    /** Entry time used for every entry, so that the same inputs give the same bytes (1980-02-01T00:00Z). */
    private static final long FIXED_TIME = 315_532_800_000L + 31L * 24 * 3600 * 1000;

    private record Entry(String name, byte[] content, Map<String, String> attributes) {
    }

    private final String name;
    private final String version;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<Entry> bundles = new ArrayList<>();
    private final List<Entry> raw = new ArrayList<>();

    private DpBuilder(String name, String version) {
        this.name = requireText("name", name);
        this.version = requireText("version", version);
    }

    /**
     * @param symbolicName the package's {@code DeploymentPackage-SymbolicName}
     * @param version its {@code DeploymentPackage-Version}, an OSGi version such as {@code 1.0.0}
     * @return a new builder
     */
    public static DpBuilder create(String symbolicName, String version) {
        return new DpBuilder(symbolicName, version);
    }

    /** Sets {@code DeploymentPackage-Name}. */
    public DpBuilder displayName(String value) {
        return header(DP_NAME, value);
    }

    /** Sets {@code DeploymentPackage-Description}. */
    public DpBuilder description(String value) {
        return header(DP_DESCRIPTION, value);
    }

    /**
     * Sets any other main-section header (for example {@code DeploymentPackage-FixPack}); a {@code null} value
     * removes it. The symbolic name and version cannot be changed here.
     */
    public DpBuilder header(String header, String value) {
        Objects.requireNonNull(header, "header");
        if (header.equalsIgnoreCase(DP_SYMBOLIC_NAME) || header.equalsIgnoreCase(DP_VERSION)) {
            throw new IllegalArgumentException(header + " is set by create()");
        }
        if (value == null) {
            headers.remove(header);
        } else {
            headers.put(header, value);
        }
        return this;
    }

    /**
     * Adds a bundle, stored under its file name.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not a bundle (no {@code Bundle-SymbolicName} in its manifest)
     */
    public DpBuilder bundle(Path jar) throws IOException {
        return bundle(jar.getFileName().toString(), jar);
    }

    /**
     * Adds a bundle under the given entry name (such as {@code bundles/x.jar}).
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not a bundle or the name is used already
     */
    public DpBuilder bundle(String entryName, Path jar) throws IOException {
        return bundle(entryName, Files.readAllBytes(jar));
    }

    /**
     * Adds a bundle from its bytes under the given entry name.
     *
     * @throws IOException if the bytes are not a readable JAR
     * @throws IllegalArgumentException if it is not a bundle or the name is used already
     */
    public DpBuilder bundle(String entryName, byte[] jar) throws IOException {
        requireText("entryName", entryName);
        Manifest mf;
        try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar), false)) {
            mf = in.getManifest();
        }
        String bsn = mf == null ? null : mf.getMainAttributes().getValue("Bundle-SymbolicName");
        if (bsn == null || bsn.isBlank()) {
            throw new IllegalArgumentException(entryName + " is not a bundle: no Bundle-SymbolicName");
        }
        int semicolon = bsn.indexOf(';');
        if (semicolon >= 0) {
            bsn = bsn.substring(0, semicolon);
        }
        String bv = mf.getMainAttributes().getValue("Bundle-Version");
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("Bundle-SymbolicName", bsn.trim());
        attributes.put("Bundle-Version", bv == null ? "0.0.0" : bv.trim());
        add(bundles, new Entry(entryName, jar.clone(), attributes));
        return this;
    }

    /**
     * Adds a raw entry after the bundles, with no manifest section. Nothing is checked.
     */
    public DpBuilder entry(String entryName, byte[] content) {
        return entry(entryName, content, Map.of());
    }

    /**
     * Adds a raw entry after the bundles. If {@code attributes} is not empty, a {@code Name:} section with them is
     * added to the manifest. Nothing is checked: this is how tests craft bad packages.
     */
    public DpBuilder entry(String entryName, byte[] content, Map<String, String> attributes) {
        Objects.requireNonNull(entryName, "entryName");
        add(raw, new Entry(entryName, content.clone(), new LinkedHashMap<>(attributes)));
        return this;
    }

    private void add(List<Entry> list, Entry e) {
        for (Entry other : bundles) {
            if (other.name.equals(e.name)) {
                throw new IllegalArgumentException("duplicate entry " + e.name);
            }
        }
        for (Entry other : raw) {
            if (other.name.equals(e.name)) {
                throw new IllegalArgumentException("duplicate entry " + e.name);
            }
        }
        list.add(e);
    }

    /** @return the manifest the package will carry */
    public Manifest manifest() {
        Manifest mf = new Manifest();
        Attributes main = mf.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(DP_SYMBOLIC_NAME, name);
        main.putValue(DP_VERSION, version);
        headers.forEach(main::putValue);
        for (Entry e : bundles) {
            section(mf, e);
        }
        for (Entry e : raw) {
            if (!e.attributes.isEmpty()) {
                section(mf, e);
            }
        }
        return mf;
    }

    private static void section(Manifest mf, Entry e) {
        Attributes a = new Attributes();
        e.attributes.forEach(a::putValue);
        mf.getEntries().put(e.name, a);
    }

    /**
     * Writes the package to {@code out}: first to a temporary file beside it, then moved into place.
     *
     * @return {@code out}
     */
    public Path build(Path out) throws IOException {
        Path abs = out.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                write(os);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return out;
    }

    /** @return the package as bytes */
    public byte[] toBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(bytes);
        return bytes.toByteArray();
    }

    /** Writes the package to a stream, which is not closed. */
    public void write(OutputStream os) throws IOException {
        // No "META-INF/" directory entry: after signing, jarsigner would leave it between the signature files and
        // the bundles, and Felix Deployment Admin stops reading bundles at the first non-bundle entry.
        JarOutputStream jar = new JarOutputStream(new NonClosing(os));
        ZipEntry mfEntry = new ZipEntry(JarFile.MANIFEST_NAME);
        mfEntry.setTime(FIXED_TIME);
        jar.putNextEntry(mfEntry);
        manifest().write(jar);
        jar.closeEntry();
        for (Entry e : bundles) {
            put(jar, e);
        }
        for (Entry e : raw) {
            put(jar, e);
        }
        jar.finish();
        jar.close();
    }

    private static void put(JarOutputStream jar, Entry e) throws IOException {
        ZipEntry z = new ZipEntry(e.name);
        z.setTime(FIXED_TIME);
        jar.putNextEntry(z);
        jar.write(e.content);
        jar.closeEntry();
    }

    private static String requireText(String what, String value) {
        if (Objects.requireNonNull(value, what).isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
