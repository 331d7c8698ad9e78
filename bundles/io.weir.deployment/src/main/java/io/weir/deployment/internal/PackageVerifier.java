// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.osgi.framework.Version;

import io.weir.deployment.DeploymentException;
import io.weir.deployment.FailureReason;

/**
 * Checks a deployment package before Deployment Admin sees it. The package is read the way Deployment Admin reads it
 * (a {@link JarInputStream} that verifies signatures) and its central directory is compared with that view.
 *
 * <ul>
 * <li>not a JAR, no manifest, no {@code DeploymentPackage-SymbolicName}/{@code -Version}, or not the requested name or
 * version: {@link FailureReason#INVALID_PACKAGE};</li>
 * <li>an absolute name, a {@code ..} segment, a backslash, a drive letter or a control character in an entry or
 * section name: {@link FailureReason#UNSAFE_ENTRY};</li>
 * <li>more entries or more uncompressed bytes than allowed: {@link FailureReason#TOO_LARGE};</li>
 * <li>no signature at all: {@link FailureReason#UNSIGNED} (accepted in development mode);</li>
 * <li>a digest mismatch, an unsigned entry in a signed package (added after signing), an entry named in the manifest
 * but missing, or entries that differ between the stream and the central directory: {@link
 * FailureReason#TAMPERED};</li>
 * <li>signed, but by no trusted certificate: {@link FailureReason#UNTRUSTED}.</li>
 * </ul>
 * Thread-safe: it holds only configuration.
 */
final class PackageVerifier {

    /** Entries a package may have at most. */
    static final int MAX_ENTRIES = 10_000;

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    /**
     * A verified package.
     *
     * @param name its symbolic name
     * @param version its version
     * @param signed {@code true} if signed by a trusted certificate; {@code false} only in development mode
     * @param signer the trusted signer's certificate, or {@code null}
     * @param bundles its bundles' entries, in manifest order
     */
    record Verified(String name, String version, boolean signed, X509Certificate signer, List<BundleEntry> bundles) {
    }

    /**
     * A bundle named by the package manifest.
     *
     * @param path the entry name
     * @param symbolicName {@code Bundle-SymbolicName}
     * @param version {@code Bundle-Version}
     * @param missing {@code DeploymentPackage-Missing: true} (a fix pack leaves the installed bundle alone)
     */
    record BundleEntry(String path, String symbolicName, String version, boolean missing) {
    }

    private final Path trustDirectory;
    private final boolean allowUnsigned;
    private final long maxUncompressedBytes;
    private final int maxEntries;

    PackageVerifier(Path trustDirectory, boolean allowUnsigned, long maxUncompressedBytes, int maxEntries) {
        this.trustDirectory = trustDirectory;
        this.allowUnsigned = allowUnsigned;
        this.maxUncompressedBytes = maxUncompressedBytes;
        this.maxEntries = maxEntries;
    }

    /**
     * Verifies a package.
     *
     * @param expectedName the name it must carry, or {@code null} for any
     * @param expectedVersion the version it must carry, or {@code null} for any
     */
    Verified verify(Path file, String expectedName, String expectedVersion) throws DeploymentException {
        Set<String> central = centralDirectory(file);
        try (InputStream raw = Files.newInputStream(file); JarInputStream in = new JarInputStream(raw, true)) {
            Manifest mf = in.getManifest();
            if (mf == null) {
                throw fail(FailureReason.INVALID_PACKAGE, "no META-INF/MANIFEST.MF at the start of the package");
            }
            String name = mf.getMainAttributes().getValue("DeploymentPackage-SymbolicName");
            String version = mf.getMainAttributes().getValue("DeploymentPackage-Version");
            if (name == null || name.isBlank() || version == null || version.isBlank()) {
                throw fail(FailureReason.INVALID_PACKAGE,
                        "not a deployment package: DeploymentPackage-SymbolicName or -Version missing");
            }
            name = name.trim();
            version = version.trim();
            checkNameAndVersion(name, version, expectedName, expectedVersion);
            Map<String, BundleEntry> sections = sections(mf);

            Set<String> seen = new HashSet<>();
            seen.add("META-INF/MANIFEST.MF");
            List<CodeSigner[]> contentSigners = new ArrayList<>();
            List<String> unsignedEntries = new ArrayList<>();
            long total = 0;
            byte[] buffer = new byte[65536];
            JarEntry e;
            while ((e = in.getNextJarEntry()) != null) {
                String n = e.getName();
                checkSafe(n);
                if (!seen.add(n)) {
                    throw fail(FailureReason.TAMPERED, "entry " + n + " appears twice");
                }
                if (seen.size() > maxEntries) {
                    throw fail(FailureReason.TOO_LARGE, "more than " + maxEntries + " entries");
                }
                int r;
                while ((r = in.read(buffer)) > 0) {
                    total += r;
                    if (total > maxUncompressedBytes) {
                        throw fail(FailureReason.TOO_LARGE,
                                "more than " + maxUncompressedBytes + " bytes when uncompressed");
                    }
                }
                if (e.isDirectory() || n.startsWith("META-INF/")) {
                    continue;
                }
                CodeSigner[] signers = e.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    unsignedEntries.add(n);
                } else {
                    contentSigners.add(signers);
                }
            }
            // JarInputStream consumes the leading META-INF/ and the manifest itself
            for (String n : List.of("META-INF/", "META-INF/MANIFEST.MF")) {
                seen.remove(n);
                central.remove(n);
            }
            if (!seen.equals(central)) {
                Set<String> diff = new HashSet<>(central);
                diff.removeAll(seen);
                Set<String> extra = new HashSet<>(seen);
                extra.removeAll(central);
                throw fail(FailureReason.TAMPERED, "the entries differ between the stream and the zip directory: "
                        + diff + " " + extra);
            }
            boolean signed = !contentSigners.isEmpty();
            for (BundleEntry b : sections.values()) {
                if (!b.missing() && !seen.contains(b.path())) {
                    throw fail(signed ? FailureReason.TAMPERED : FailureReason.INVALID_PACKAGE,
                            "entry " + b.path() + " is named in the manifest but missing");
                }
            }
            if (!signed) {
                if (!allowUnsigned) {
                    throw fail(FailureReason.UNSIGNED, "the package " + name + " " + version + " is not signed");
                }
                return new Verified(name, version, false, null, List.copyOf(sections.values()));
            }
            if (!unsignedEntries.isEmpty()) {
                throw fail(FailureReason.TAMPERED, "entries not covered by the signature: " + unsignedEntries);
            }
            X509Certificate trusted = trustedSigner(contentSigners);
            return new Verified(name, version, true, trusted, List.copyOf(sections.values()));
        } catch (SecurityException ex) {
            throw fail(FailureReason.TAMPERED, "signature check failed: " + ex.getMessage());
        } catch (ZipException ex) {
            throw fail(FailureReason.INVALID_PACKAGE, "not a valid JAR: " + ex.getMessage());
        } catch (IOException ex) {
            throw new DeploymentException(FailureReason.INVALID_PACKAGE, "cannot read the package: " + ex, ex);
        }
    }

    /**
     * Reads the package's name and version without any check, for the audit log of a refused package.
     *
     * @return {name, version}, or {@code null} if they cannot be read
     */
    static String[] peek(Path file) {
        try (InputStream raw = Files.newInputStream(file); JarInputStream in = new JarInputStream(raw, false)) {
            Manifest mf = in.getManifest();
            String name = mf == null ? null : mf.getMainAttributes().getValue("DeploymentPackage-SymbolicName");
            String version = mf == null ? null : mf.getMainAttributes().getValue("DeploymentPackage-Version");
            return name == null || version == null ? null : new String[] { name.trim(), version.trim() };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private X509Certificate trustedSigner(List<CodeSigner[]> contentSigners) throws DeploymentException {
        TrustStore trust = TrustStore.load(trustDirectory);
        X509Certificate found = null;
        for (CodeSigner[] signers : contentSigners) {
            X509Certificate ok = null;
            for (CodeSigner s : signers) {
                if (trust.trusts(s.getSignerCertPath())) {
                    ok = (X509Certificate) s.getSignerCertPath().getCertificates().get(0);
                    break;
                }
            }
            if (ok == null) {
                X509Certificate first = (X509Certificate) signers[0].getSignerCertPath().getCertificates().get(0);
                throw fail(FailureReason.UNTRUSTED, "signed by " + first.getSubjectX500Principal().getName()
                        + ", which is not in the trust store (" + trust.size() + " certificate(s) in "
                        + trustDirectory + ")");
            }
            found = found == null ? ok : found;
        }
        return found;
    }

    private static void checkNameAndVersion(String name, String version, String expectedName,
            String expectedVersion) throws DeploymentException {
        Version v;
        try {
            v = Version.parseVersion(version);
        } catch (IllegalArgumentException e) {
            throw fail(FailureReason.INVALID_PACKAGE, "invalid DeploymentPackage-Version " + version);
        }
        if (expectedName != null && !expectedName.equals(name)) {
            throw fail(FailureReason.INVALID_PACKAGE, "the package is " + name + ", not " + expectedName);
        }
        if (expectedVersion != null) {
            boolean same;
            try {
                same = Version.parseVersion(expectedVersion).equals(v);
            } catch (IllegalArgumentException e) {
                same = expectedVersion.equals(version);
            }
            if (!same) {
                throw fail(FailureReason.INVALID_PACKAGE, "the package has version " + version + ", not "
                        + expectedVersion);
            }
        }
    }

    private static Map<String, BundleEntry> sections(Manifest mf) throws DeploymentException {
        Map<String, BundleEntry> bundles = new LinkedHashMap<>();
        for (Map.Entry<String, Attributes> s : mf.getEntries().entrySet()) {
            checkSafe(s.getKey());
            Attributes a = s.getValue();
            String bsn = a.getValue("Bundle-SymbolicName");
            if (bsn != null) {
                String bv = a.getValue("Bundle-Version");
                if (bv == null) {
                    throw fail(FailureReason.INVALID_PACKAGE, s.getKey() + " has no Bundle-Version");
                }
                bundles.put(s.getKey(), new BundleEntry(s.getKey(), bsn.trim(), bv.trim(),
                        "true".equalsIgnoreCase(a.getValue("DeploymentPackage-Missing"))));
            }
        }
        return bundles;
    }

    private Set<String> centralDirectory(Path file) throws DeploymentException {
        Set<String> names = new HashSet<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() > maxEntries) {
                throw fail(FailureReason.TOO_LARGE, zip.size() + " entries; at most " + maxEntries + " allowed");
            }
            long declared = 0;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry z = entries.nextElement();
                checkSafe(z.getName());
                if (!names.add(z.getName())) {
                    throw fail(FailureReason.TAMPERED, "entry " + z.getName() + " appears twice");
                }
                declared += Math.max(0, z.getSize());
                if (declared > maxUncompressedBytes) {
                    throw fail(FailureReason.TOO_LARGE,
                            "more than " + maxUncompressedBytes + " bytes when uncompressed");
                }
            }
        } catch (ZipException e) {
            throw fail(FailureReason.INVALID_PACKAGE, "not a valid JAR: " + e.getMessage());
        } catch (IOException e) {
            throw new DeploymentException(FailureReason.INVALID_PACKAGE, "cannot read the package: " + e, e);
        }
        return names;
    }

    /** Refuses names that could escape a directory or confuse a file system (zip slip). */
    static void checkSafe(String name) throws DeploymentException {
        String why = null;
        if (name.isEmpty()) {
            why = "empty name";
        } else if (name.startsWith("/")) {
            why = "absolute path";
        } else if (name.indexOf('\\') >= 0) {
            why = "backslash";
        } else if (DRIVE.matcher(name).matches()) {
            why = "drive letter";
        } else if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            why = "control character";
        } else {
            for (String segment : name.split("/", -1)) {
                if (segment.equals("..")) {
                    why = "'..' segment";
                    break;
                }
            }
        }
        if (why != null) {
            throw fail(FailureReason.UNSAFE_ENTRY, "unsafe entry name '" + printable(name) + "': " + why);
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().limit(200).forEach(c -> b.append(c < 0x20 || c == 0x7f ? '?' : (char) c));
        return b.toString();
    }

    private static DeploymentException fail(FailureReason reason, String message) {
        return new DeploymentException(reason, message);
    }
}
