// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.Arrays;
import java.util.Collections;

import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's application instance certificate, needed by the Basic256Sha256 policy: loaded from the
 * configured PKCS#12 key store, or generated (self-signed, RSA 2048, SHA256withRSA, valid 5 years) on first use
 * into {@code own/client.p12} under the instance's folder in the bundle's data area, with {@code own/client.der}
 * beside it for the server administrator to trust.
 *
 * <p>The generated key store is protected by file permissions (owner only, where the file system supports POSIX
 * permissions) and by {@code _keyStorePassword} when that is set. Loading does file I/O and generation takes a
 * CPU-heavy moment: both run on the driver's worker threads during a connection attempt, never in activation.
 */
final class ClientCertificates {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCertificates.class);

    /** The key pair, certificate chain (leaf first) and application URI of this client. */
    record Identity(KeyPair keyPair, X509Certificate[] chain, String applicationUri) {
        X509Certificate certificate() {
            return chain[0];
        }
    }

    private final DriverSettings settings;
    private final Path ownDirectory;

    /**
     * @param settings the driver settings (key store path, password, alias)
     * @param instanceDirectory this driver instance's folder in the bundle data area
     */
    ClientCertificates(DriverSettings settings, Path instanceDirectory) {
        this.settings = settings;
        this.ownDirectory = instanceDirectory.resolve("own");
    }

    /** @return where the generated key store lives (whether or not it exists yet) */
    Path generatedKeyStore() {
        return ownDirectory.resolve("client.p12");
    }

    /**
     * Loads the configured key store, or the generated one, generating it first if it does not exist.
     *
     * @return the client identity
     * @throws IOException if a file cannot be read or written
     * @throws GeneralSecurityException if the key store is unreadable, the password wrong, or the alias missing
     */
    synchronized Identity load() throws IOException, GeneralSecurityException {
        Path configured = settings.keyStore();
        if (configured != null) {
            return read(configured);
        }
        Path generated = generatedKeyStore();
        if (!Files.exists(generated)) {
            generate(generated);
        }
        return read(generated);
    }

    private Identity read(Path file) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        char[] password = settings.keyStorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        } catch (IOException e) {
            throw new IOException("cannot read key store " + file + ": " + e.getMessage(), e);
        }
        String alias = settings.keyAlias();
        if (alias.isEmpty()) {
            alias = Collections.list(ks.aliases()).stream().filter(a -> isKeyEntry(ks, a)).findFirst()
                    .orElseThrow(() -> new GeneralSecurityException("key store " + file + " holds no private key"));
        }
        Key key = ks.getKey(alias, password);
        if (!(key instanceof PrivateKey)) {
            throw new GeneralSecurityException("key store " + file + " has no private key under alias " + alias);
        }
        Certificate[] chain = ks.getCertificateChain(alias);
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
            throw new GeneralSecurityException("key store " + file + " has no X.509 certificate for " + alias);
        }
        X509Certificate[] x509 = Arrays.stream(chain).map(X509Certificate.class::cast)
                .toArray(X509Certificate[]::new);
        String uri = CertificateUtil.getSanUri(x509[0]).orElse(settings.defaultApplicationUri());
        return new Identity(new KeyPair(x509[0].getPublicKey(), (PrivateKey) key), x509, uri);
    }

    private static boolean isKeyEntry(KeyStore ks, String alias) {
        try {
            return ks.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void generate(Path target) throws IOException, GeneralSecurityException {
        KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        SelfSignedCertificateBuilder builder = new SelfSignedCertificateBuilder(keyPair)
                .setCommonName("Weir OPC UA client " + settings.name())
                .setOrganization("Weir")
                .setApplicationUri(settings.defaultApplicationUri())
                .setValidityPeriod(Period.ofYears(5))
                .addDnsName("localhost");
        String host = localHostName();
        if (host != null && !host.equals("localhost")) {
            builder.addDnsName(host);
        }
        X509Certificate certificate;
        try {
            certificate = builder.build();
        } catch (GeneralSecurityException e) {
            throw e;
        } catch (Exception e) {
            throw new GeneralSecurityException("cannot create a self-signed certificate: " + e.getMessage(), e);
        }
        char[] password = settings.keyStorePassword().toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, password);
        ks.setKeyEntry("client", keyPair.getPrivate(), password, new Certificate[] { certificate });

        createPrivateDirectory(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        restrictToOwner(tmp);
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ks.store(out, password);
        }
        move(tmp, target);
        Path der = target.resolveSibling("client.der");
        Files.write(der, certificate.getEncoded());
        LOG.info("OPC UA driver {}: generated application instance certificate {} (SHA-1 {}) in {}; give {} to "
                + "the server administrator to trust", settings.name(), settings.defaultApplicationUri(),
                TrustDirectoryValidator.thumbprintHex(certificate), target, der);
    }

    private static @Nullable String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return null;
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        restrictToOwner(dir);
    }

    private static void restrictToOwner(Path path) throws IOException {
        try {
            boolean dir = Files.isDirectory(path);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(dir ? "rwx------" : "rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: rely on the data area's own protection
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
