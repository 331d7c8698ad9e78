// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;

/**
 * TLS for the broker connection: the broker's certificate is always validated, against the configured trust store
 * or the JVM's default one; a client certificate is presented when a key store is configured. Store type (PKCS12 or
 * JKS) is detected by {@link KeyStore#getInstance(java.io.File, char[])}.
 *
 * @param trustStore the trust store, or {@code null} for the JVM's default
 * @param trustStorePassword its password, or {@code null}
 * @param keyStore the client key store, or {@code null}
 * @param keyStorePassword its password, or {@code null}
 * @param hostnameVerification whether the broker certificate must name the host
 */
record TlsSettings(@Nullable Path trustStore, char @Nullable [] trustStorePassword, @Nullable Path keyStore,
        char @Nullable [] keyStorePassword, boolean hostnameVerification) {

    /**
     * @return a socket factory for TLS 1.2/1.3 with these stores
     * @throws IOException if a store cannot be read
     * @throws GeneralSecurityException if a store or its password is wrong
     */
    SSLSocketFactory socketFactory() throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore == null ? null : load(trustStore, trustStorePassword));
        KeyManagerFactory kmf = null;
        if (keyStore != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(keyStore, keyStorePassword), keyStorePassword == null ? new char[0] : keyStorePassword);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private static KeyStore load(Path file, char @Nullable [] password) throws IOException, GeneralSecurityException {
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance(file.toString().endsWith(".jks") ? "JKS" : "PKCS12");
            ks.load(in, password);
            return ks;
        }
    }
}
