// SPDX-License-Identifier: Apache-2.0
package io.weir.dptool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Creates a development signing key: a key pair and a self-signed certificate ({@code CN=Weir development signing
 * key}, valid 10 years) in a PKCS12 keystore, made by the JDK's {@code keytool}, and the certificate as PEM beside
 * it. The certificate is what a gateway trusts (its trust directory); the keystore never leaves the build machine.
 *
 * <p>Idempotent: an existing keystore with the alias is kept (only the PEM is rewritten if missing). Safe when two
 * builds race: the keystore is generated under a temporary name and published with a hard link, which fails if
 * another process published first; the loser then uses the winner's key.
 */
public final class DevKeys {

    /** The certificate's subject. */
    public static final String SUBJECT = "CN=Weir development signing key";
    /** Validity of the certificate, in days (10 years). */
    public static final int VALIDITY_DAYS = 3650;

    /** The key algorithm. */
    public enum KeyType {
        /** EC on curve P-256 (secp256r1), SHA256withECDSA. The default: small and fast. */
        EC_P256,
        /** RSA 3072, SHA256withRSA. */
        RSA_3072
    }

    /**
     * What {@link #ensure} found or made.
     *
     * @param keystore the PKCS12 file
     * @param certificatePem the PEM file
     * @param certificate the certificate
     * @param created {@code true} if this call generated the key
     */
    public record Result(Path keystore, Path certificatePem, X509Certificate certificate, boolean created) {
    }

    private DevKeys() {
    }

    /**
     * Makes sure an EC P-256 key exists, with the certificate written to {@code certPem}.
     *
     * @param keystore the PKCS12 file to create or reuse
     * @param alias the key's alias
     * @param password the store (and key) password
     * @param certPem where to write the certificate as PEM; {@code null} for {@code <keystore name>-cert.pem} beside
     *        the keystore
     */
    public static Result ensure(Path keystore, String alias, char[] password, Path certPem) throws IOException {
        return ensure(keystore, alias, password, certPem, KeyType.EC_P256);
    }

    /** As {@link #ensure(Path, String, char[], Path)}, with a choice of key type. */
    public static Result ensure(Path keystore, String alias, char[] password, Path certPem, KeyType type)
            throws IOException {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(type, "type");
        if (password.length < 6) {
            throw new IllegalArgumentException("keytool needs a store password of at least 6 characters");
        }
        Path ks = keystore.toAbsolutePath();
        Path pem = certPem != null ? certPem.toAbsolutePath() : defaultPem(ks);
        Files.createDirectories(ks.getParent());
        boolean created = false;
        X509Certificate cert = Files.exists(ks) ? certificate(ks, alias, password) : null;
        if (cert == null) {
            if (Files.exists(ks)) {
                throw new IOException(ks + " exists but holds no key '" + alias + "'; delete it or use another alias");
            }
            Path tmp = ks.resolveSibling(ks.getFileName() + "." + ProcessHandle.current().pid() + "."
                    + System.nanoTime() + ".tmp");
            try {
                keytool(tmp, alias, password, type);
                try {
                    Files.createLink(ks, tmp);
                    created = true;
                } catch (FileAlreadyExistsException e) {
                    // another build published its key first: use that one
                } catch (UnsupportedOperationException e) {
                    // no hard links on this file system: a plain move that refuses to replace
                    try {
                        Files.move(tmp, ks);
                        created = true;
                    } catch (FileAlreadyExistsException ignored) {
                        // lost the race
                    }
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            cert = certificate(ks, alias, password);
            if (cert == null) {
                throw new IOException(ks + " holds no key '" + alias + "'");
            }
        }
        writePem(cert, pem);
        return new Result(ks, pem, cert, created);
    }

    /** @return {@code name-cert.pem} beside {@code name.p12} */
    public static Path defaultPem(Path keystore) {
        String n = keystore.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return keystore.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + "-cert.pem");
    }

    private static X509Certificate certificate(Path ks, String alias, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(ks)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            if (!store.isKeyEntry(alias)) {
                return null;
            }
            Certificate c = store.getCertificate(alias);
            return c instanceof X509Certificate x ? x : null;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + ks + ": " + e.getMessage(), e);
        }
    }

    private static void keytool(Path target, String alias, char[] password, KeyType type) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "keytool.exe"
                        : "keytool");
        List<String> cmd = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-noprompt",
                "-alias", alias, "-dname", SUBJECT, "-validity", Integer.toString(VALIDITY_DAYS),
                "-storetype", "PKCS12", "-keystore", target.toString(),
                // the password goes through the environment, never the command line (visible in ps)
                "-storepass:env", "WEIR_DEVKEY_PASS", "-keypass:env", "WEIR_DEVKEY_PASS"));
        if (type == KeyType.RSA_3072) {
            cmd.addAll(List.of("-keyalg", "RSA", "-keysize", "3072", "-sigalg", "SHA256withRSA"));
        } else {
            cmd.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("WEIR_DEVKEY_PASS", new String(password));
        Process p = pb.start();
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish within 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("keytool failed (exit " + p.exitValue() + "): " + out.trim());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }

    /** Writes a certificate as PEM, atomically. */
    public static void writePem(X509Certificate cert, Path pem) throws IOException {
        String text;
        try {
            text = toPem(cert);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode the certificate: " + e.getMessage(), e);
        }
        Path abs = pem.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        if (Files.exists(abs) && Files.readString(abs, StandardCharsets.US_ASCII).equals(text)) {
            return;
        }
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            try {
                // a certificate is public: readable by everyone (createTempFile made it owner-only)
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** @return the certificate in PEM form */
    public static String toPem(X509Certificate cert) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
