// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.milo.opcua.stack.client.security.ClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.validation.CertificateValidationUtil;
import org.eclipse.milo.opcua.stack.core.util.validation.ValidationCheck;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the client trusts a server's certificate, from a trust list directory:
 * <pre>
 *   trusted/    certificates trusted directly (the server's own self-signed certificate, or a CA)
 *   issuers/    intermediate CA certificates used to build a chain, not trusted by themselves
 *   rejected/   written by the driver: each untrusted server certificate it saw, as &lt;SHA-1&gt;.der
 * </pre>
 * Certificates are DER or PEM files ({@code .der}, {@code .cer}, {@code .crt}, {@code .pem}). The directory is
 * read at every handshake, so trusting a server is: move its file from {@code rejected/} to {@code trusted/};
 * the next connection attempt uses it. No watcher thread is needed.
 *
 * <p>Validity dates, key usage and the chain are checked (Milo's {@link CertificateValidationUtil}); revocation
 * lists are not. A mismatch of the certificate's application URI or host name is logged, not fatal (servers are
 * often reached through another name than the one in their certificate).
 *
 * <p>With {@code acceptUntrusted} every certificate is accepted and a warning is logged once per certificate.
 * Only for development.
 */
final class TrustDirectoryValidator implements ClientCertificateValidator {

    private static final Logger LOG = LoggerFactory.getLogger(TrustDirectoryValidator.class);
    private static final List<String> SUFFIXES = List.of(".der", ".cer", ".crt", ".pem");

    private final Path directory;
    private final boolean acceptUntrusted;
    private final String driverName;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile @Nullable Path lastRejected;

    /**
     * @param directory the trust list directory (created on first rejection)
     * @param acceptUntrusted accept every certificate (development only)
     * @param driverName the driver instance, for log messages
     */
    TrustDirectoryValidator(Path directory, boolean acceptUntrusted, String driverName) {
        this.directory = directory;
        this.acceptUntrusted = acceptUntrusted;
        this.driverName = driverName;
    }

    /** @return the file the last untrusted server certificate was written to, or {@code null} */
    @Nullable
    Path lastRejected() {
        return lastRejected;
    }

    /** @return the directory of trusted certificates */
    Path trustedDirectory() {
        return directory.resolve("trusted");
    }

    @Override
    public void validateCertificateChain(List<X509Certificate> chain) throws UaException {
        if (chain.isEmpty()) {
            throw new UaException(StatusCodes.Bad_SecurityChecksFailed, "the server sent no certificate");
        }
        X509Certificate leaf = chain.get(0);
        if (acceptUntrusted) {
            if (warned.add(thumbprintHex(leaf))) {
                LOG.warn("OPC UA driver {}: accepting server certificate {} (SHA-1 {}) WITHOUT validation because "
                        + "acceptUntrustedServerCertificates is true; do not use this in production", driverName,
                        leaf.getSubjectX500Principal().getName(), thumbprintHex(leaf));
            }
            return;
        }
        PKIXCertPathBuilderResult path;
        try {
            path = CertificateValidationUtil.buildTrustedCertPath(chain, read(trustedDirectory()),
                    read(directory.resolve("issuers")));
        } catch (UaException e) {
            reject(leaf);
            throw new UaException(e.getStatusCode(), "server certificate " + leaf.getSubjectX500Principal().getName()
                    + " is not trusted; it was saved to " + lastRejected + ": move it to " + trustedDirectory()
                    + " to trust it");
        }
        CertificateValidationUtil.validateTrustedCertPath(path.getCertPath(), path.getTrustAnchor(), List.of(),
                ValidationCheck.NO_OPTIONAL_CHECKS, false);
    }

    @Override
    public void validateCertificateChain(List<X509Certificate> chain, String applicationUri,
            String... validHostNames) throws UaException {
        validateCertificateChain(chain);
        if (acceptUntrusted) {
            return;
        }
        X509Certificate leaf = chain.get(0);
        try {
            CertificateValidationUtil.checkApplicationUri(leaf, applicationUri);
        } catch (UaException e) {
            LOG.debug("OPC UA driver {}: server certificate URI differs from {} (not enforced)", driverName,
                    applicationUri);
        }
        try {
            CertificateValidationUtil.checkHostnameOrIpAddress(leaf, validHostNames);
        } catch (UaException e) {
            LOG.debug("OPC UA driver {}: server certificate does not name host {} (not enforced)", driverName,
                    String.join(",", validHostNames));
        }
    }

    private void reject(X509Certificate leaf) {
        String thumbprint = thumbprintHex(leaf);
        Path file = directory.resolve("rejected").resolve(thumbprint + ".der");
        try {
            Files.createDirectories(file.getParent());
            Files.createDirectories(trustedDirectory());
            if (!Files.exists(file)) {
                Files.write(file, leaf.getEncoded());
            }
            lastRejected = file;
        } catch (IOException | CertificateEncodingException e) {
            LOG.warn("OPC UA driver {}: cannot save the rejected server certificate to {}: {}", driverName, file,
                    e.toString());
        }
        if (warned.add(thumbprint)) {
            LOG.warn("OPC UA driver {}: server certificate {} (SHA-1 {}) is not trusted; saved to {}. Move it to {} "
                    + "to trust this server.", driverName, leaf.getSubjectX500Principal().getName(), thumbprint,
                    file, trustedDirectory());
        }
    }

    private List<X509Certificate> read(Path dir) {
        List<X509Certificate> result = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                if (Files.isRegularFile(f) && SUFFIXES.stream().anyMatch(n::endsWith)) {
                    try {
                        result.addAll(CertificateUtil.decodeCertificates(Files.readAllBytes(f)));
                    } catch (UaException | IOException e) {
                        LOG.warn("OPC UA driver {}: ignoring unreadable certificate file {}: {}", driverName, f,
                                e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("OPC UA driver {}: cannot list {}: {}", driverName, dir, e.toString());
        }
        return result;
    }

    /**
     * @param certificate a certificate
     * @return the lower-case hexadecimal SHA-1 of its encoding, as used for file names and in logs
     */
    static String thumbprintHex(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot compute a certificate thumbprint", e);
        }
    }
}
