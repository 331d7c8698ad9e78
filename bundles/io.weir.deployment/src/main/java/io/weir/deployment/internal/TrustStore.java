// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates the gateway trusts to sign packages: every {@code *.pem}, {@code *.crt} and {@code *.cer} file
 * (PEM or DER, one or more certificates each) in one directory, read afresh for each verification so that adding
 * or removing a file takes effect without a restart.
 *
 * <p>A signer is trusted if its certificate or any certificate of its chain is one of them (pinned; its validity
 * dates are not checked), or if its chain validates (PKIX, no revocation check) to one of them as a trust anchor.
 */
final class TrustStore {

    private static final Logger LOG = LoggerFactory.getLogger(TrustStore.class);

    private final List<X509Certificate> certificates;

    private TrustStore(List<X509Certificate> certificates) {
        this.certificates = List.copyOf(certificates);
    }

    /** Reads the directory; a missing directory is an empty store, an unreadable file is skipped with a warning. */
    static TrustStore load(Path dir) {
        List<X509Certificate> certs = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                CertificateFactory cf = CertificateFactory.getInstance("X.509");
                for (Path f : files) {
                    String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                    if (!(n.endsWith(".pem") || n.endsWith(".crt") || n.endsWith(".cer")) || !Files.isRegularFile(f)) {
                        continue;
                    }
                    try (InputStream in = Files.newInputStream(f)) {
                        for (Certificate c : cf.generateCertificates(in)) {
                            if (c instanceof X509Certificate x) {
                                certs.add(x);
                            }
                        }
                    } catch (IOException | GeneralSecurityException e) {
                        LOG.warn("Ignoring unreadable trusted certificate file {}: {}", f, e.getMessage());
                    }
                }
            } catch (IOException | GeneralSecurityException e) {
                LOG.warn("Cannot read the trust directory {}: {}", dir, e.getMessage());
            }
        }
        return new TrustStore(certs);
    }

    /** @return the number of trusted certificates */
    int size() {
        return certificates.size();
    }

    /** @return {@code true} if the signer with this certificate path is trusted */
    boolean trusts(CertPath path) {
        for (Certificate c : path.getCertificates()) {
            if (certificates.contains(c)) {
                return true;
            }
        }
        if (certificates.isEmpty()) {
            return false;
        }
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate c : certificates) {
                anchors.add(new TrustAnchor(c, null));
            }
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(path, params);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
