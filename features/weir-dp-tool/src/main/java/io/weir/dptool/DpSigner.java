// SPDX-License-Identifier: Apache-2.0
package io.weir.dptool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.ZipFile;

import jdk.security.jarsigner.JarSigner;

/**
 * Signs a deployment package (or any JAR) with the JDK's {@link JarSigner} API: SHA-256 digests, the signature
 * algorithm matching the key (SHA256withRSA or SHA256withECDSA). The result verifies with {@code jarsigner -verify}
 * and with {@code JarInputStream(in, true)}. Existing signatures by other signers are kept.
 */
public final class DpSigner {

    private final KeyStore.PrivateKeyEntry key;
    private final String signerName;

    private DpSigner(KeyStore.PrivateKeyEntry key, String signerName) {
        this.key = key;
        this.signerName = signerName;
    }

    /**
     * Loads the signing key from a PKCS12 keystore (the key password is the store password, as keytool does for
     * PKCS12).
     *
     * @param keystore the PKCS12 file
     * @param alias the key's alias
     * @param password the store password; not kept
     * @throws IOException if the file cannot be read, the password is wrong or the alias is not a private key
     */
    public static DpSigner fromKeystore(Path keystore, String alias, char[] password) throws IOException {
        Objects.requireNonNull(alias, "alias");
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyStore.Entry entry = ks.getEntry(alias, new KeyStore.PasswordProtection(password));
            if (!(entry instanceof KeyStore.PrivateKeyEntry pk)) {
                throw new IOException("no private key with alias '" + alias + "' in " + keystore);
            }
            return new DpSigner(pk, signerName(alias));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the key '" + alias + "' from " + keystore + ": " + e.getMessage(), e);
        }
    }

    /** @return a signer for an already loaded key */
    public static DpSigner of(KeyStore.PrivateKeyEntry key, String alias) {
        return new DpSigner(Objects.requireNonNull(key, "key"), signerName(alias));
    }

    /** The signature file base name: at most 8 of A-Z, 0-9, _ and -, derived from the alias. */
    static String signerName(String alias) {
        StringBuilder b = new StringBuilder();
        for (char c : alias.toUpperCase(Locale.ROOT).toCharArray()) {
            if (b.length() == 8) {
                break;
            }
            b.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ? c : '_');
        }
        return b.length() == 0 ? "SIGNER" : b.toString();
    }

    /**
     * Signs {@code in} into {@code out}; {@code out} may be {@code in} (signed in place). The output is written to a
     * temporary file beside it and moved into place, so a failure leaves no half-written file.
     *
     * @return {@code out}
     */
    public Path sign(Path in, Path out) throws IOException {
        Path abs = out.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        try {
            try (ZipFile zip = new ZipFile(in.toFile()); OutputStream os = Files.newOutputStream(tmp)) {
                JarSigner signer = new JarSigner.Builder(key)
                        .digestAlgorithm("SHA-256")
                        .signerName(signerName)
                        .build();
                signer.sign(zip, os);
            } catch (jdk.security.jarsigner.JarSignerException | java.security.NoSuchAlgorithmException e) {
                throw new IOException("cannot sign " + in + ": " + e.getMessage(), e);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return out;
    }

    /** Signs a file in place. */
    public Path sign(Path file) throws IOException {
        return sign(file, file);
    }
}
