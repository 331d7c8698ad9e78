// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import static io.weir.driver.opcua.internal.DriverSettingsTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's own certificate (generated or configured) and the trust list for server certificates. */
class CertificatesTest {

    @TempDir
    Path dir;

    private static X509Certificate selfSigned(String uri) throws Exception {
        KeyPair pair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        return new SelfSignedCertificateBuilder(pair).setCommonName("test " + uri).setApplicationUri(uri)
                .addDnsName("localhost").build();
    }

    @Test
    void generatesAnIdentityOnceAndLoadsTheSameOneAfterwards() throws Exception {
        DriverSettings settings = DriverSettings.from(config("weir_driver_name", "press 1"));
        ClientCertificates certificates = new ClientCertificates(settings, dir.resolve("press_1"));

        ClientCertificates.Identity first = certificates.load();
        ClientCertificates.Identity again = new ClientCertificates(settings, dir.resolve("press_1")).load();

        assertThat(first.applicationUri()).isEqualTo("urn:weir:opcua-client:press_1");
        assertThat(CertificateUtil.getSanUri(first.certificate())).hasValue("urn:weir:opcua-client:press_1");
        assertThat(first.certificate().getSubjectX500Principal().getName()).contains("CN=Weir OPC UA client press 1");
        assertThat(again.certificate()).isEqualTo(first.certificate());
        assertThat(again.keyPair().getPrivate()).isEqualTo(first.keyPair().getPrivate());
        Path p12 = dir.resolve("press_1/own/client.p12");
        assertThat(certificates.generatedKeyStore()).isEqualTo(p12);
        assertThat(Files.readAllBytes(dir.resolve("press_1/own/client.der")))
                .isEqualTo(first.certificate().getEncoded());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p12))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p12.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void loadsAConfiguredKeyStoreByAliasAndRejectsAWrongPassword() throws Exception {
        KeyPair pair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate cert = new SelfSignedCertificateBuilder(pair).setCommonName("configured")
                .setApplicationUri("urn:example:gateway").build();
        Path file = dir.resolve("client.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, "pw".toCharArray());
        ks.setCertificateEntry("ca", selfSigned("urn:example:ca"));
        ks.setKeyEntry("gateway", pair.getPrivate(), "pw".toCharArray(), new Certificate[] { cert });
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, "pw".toCharArray());
        }

        ClientCertificates.Identity byFirstKey = new ClientCertificates(DriverSettings.from(config(
                "keyStorePath", file.toString(), "_keyStorePassword", "pw")), dir).load();
        assertThat(byFirstKey.certificate()).isEqualTo(cert);
        assertThat(byFirstKey.applicationUri()).isEqualTo("urn:example:gateway");

        assertThatThrownBy(() -> new ClientCertificates(DriverSettings.from(config("keyStorePath", file.toString(),
                "_keyStorePassword", "pw", "keyAlias", "ca")), dir).load())
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("no private key under alias ca");
        assertThatThrownBy(() -> new ClientCertificates(DriverSettings.from(config("keyStorePath", file.toString(),
                "_keyStorePassword", "wrong")), dir).load()).hasMessageContaining("cannot read key store");
        assertThat(dir.resolve("own")).doesNotExist();
    }

    @Test
    void trustsOnlyCertificatesInTrustedAndSavesRejectedOnes() throws Exception {
        X509Certificate server = selfSigned("urn:example:server");
        X509Certificate other = selfSigned("urn:example:other");
        Path pki = dir.resolve("pki");
        TrustDirectoryValidator validator = new TrustDirectoryValidator(pki, false, "t");

        assertThatThrownBy(() -> validator.validateCertificateChain(List.of(server)))
                .isInstanceOf(UaException.class).hasMessageContaining("not trusted")
                .hasMessageContaining(pki.resolve("trusted").toString());
        Path rejected = pki.resolve("rejected").resolve(TrustDirectoryValidator.thumbprintHex(server) + ".der");
        assertThat(validator.lastRejected()).isEqualTo(rejected);
        assertThat(Files.readAllBytes(rejected)).isEqualTo(server.getEncoded());
        assertThat(pki.resolve("trusted")).isDirectory();

        // trusting = moving the file; PEM works as well as DER
        Files.delete(rejected);
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(server.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Files.writeString(pki.resolve("trusted/server.pem"), pem);
        validator.validateCertificateChain(List.of(server));
        validator.validateCertificateChain(List.of(server), "urn:other", "some-host");
        assertThatThrownBy(() -> validator.validateCertificateChain(List.of(other))).isInstanceOf(UaException.class);
        Files.writeString(pki.resolve("trusted/garbage.crt"), "not a certificate");
        validator.validateCertificateChain(List.of(server));
    }

    @Test
    void acceptUntrustedAcceptsAnythingWithoutWritingFiles() throws Exception {
        Path pki = dir.resolve("pki");
        TrustDirectoryValidator validator = new TrustDirectoryValidator(pki, true, "t");

        validator.validateCertificateChain(List.of(selfSigned("urn:example:x")));
        validator.validateCertificateChain(List.of(selfSigned("urn:example:y")), "urn:z", "h");

        assertThat(pki).doesNotExist();
        assertThat(validator.lastRejected()).isNull();
    }
}
