// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.itest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.api.config.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.eclipse.milo.opcua.stack.server.EndpointConfiguration;
import org.eclipse.milo.opcua.stack.server.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.server.security.ServerCertificateValidator;

/**
 * A real Eclipse Milo OPC UA server running inside the test framework, on 127.0.0.1 and a free port, with the
 * endpoints None/None, Basic256Sha256/Sign and Basic256Sha256/SignAndEncrypt and the {@link TestNamespace}.
 * It can be stopped and started again on the same port (with a fresh address space).
 *
 * <p>Client certificates: either every one is accepted (and recorded), or only those in the trust list.
 */
final class TestServer implements AutoCloseable {

    static final String APPLICATION_URI = "urn:weir:itest:opcua-server";
    static final String PATH = "/weir";

    final int port;
    final KeyPair keyPair;
    final X509Certificate certificate;
    private final Path directory;
    private final boolean trustAllClients;
    private final List<X509Certificate> trustedClients;
    private final String[] user;
    /** Client certificates the server saw in secure channel handshakes, in order. */
    final List<X509Certificate> clientCertificates = new CopyOnWriteArrayList<>();
    private OpcUaServer server;
    private TestNamespace namespace;
    private DefaultTrustListManager trustList;

    private TestServer(Path directory, boolean trustAllClients, List<X509Certificate> trustedClients,
            String[] user) throws Exception {
        this.directory = directory;
        this.trustAllClients = trustAllClients;
        this.trustedClients = trustedClients;
        this.user = user;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        certificate = new SelfSignedCertificateBuilder(keyPair)
                .setCommonName("Weir itest OPC UA server")
                .setOrganization("Weir")
                .setApplicationUri(APPLICATION_URI)
                .addDnsName("localhost")
                .addIpAddress("127.0.0.1")
                .build();
    }

    /**
     * @param directory a fresh directory for the server's PKI
     * @return a started server that accepts any client certificate and anonymous sessions
     */
    static TestServer open(Path directory) throws Exception {
        return start(new TestServer(directory, true, List.of(), null));
    }

    /**
     * @param directory a fresh directory for the server's PKI
     * @param trustedClients the only client certificates accepted
     * @return a started server, anonymous sessions allowed
     */
    static TestServer trusting(Path directory, List<X509Certificate> trustedClients) throws Exception {
        return start(new TestServer(directory, false, trustedClients, null));
    }

    /**
     * @param directory a fresh directory for the server's PKI
     * @param username the only user
     * @param password the user's password
     * @return a started server that refuses anonymous sessions and accepts any client certificate
     */
    static TestServer withUser(Path directory, String username, String password) throws Exception {
        return start(new TestServer(directory, true, List.of(), new String[] { username, password }));
    }

    private static TestServer start(TestServer s) throws Exception {
        s.start();
        return s;
    }

    /** @return the endpoint URL by IP address */
    String url() {
        return "opc.tcp://127.0.0.1:" + port + PATH;
    }

    /** @return the test namespace of the running server */
    TestNamespace namespace() {
        return namespace;
    }

    /** @return the number of monitored items on the server, over all sessions */
    long monitoredItems() {
        return server.getMonitoredItemCount().get();
    }

    /** @return whether the server runs */
    boolean running() {
        return server != null;
    }

    /** Starts the server (again), with a fresh address space. */
    synchronized void start() throws Exception {
        if (server != null) {
            return;
        }
        trustList = new DefaultTrustListManager(directory.resolve("pki").toFile());
        trustedClients.forEach(trustList::addTrustedCertificate);
        ServerCertificateValidator delegate = new DefaultServerCertificateValidator(trustList);
        ServerCertificateValidator validator = new ServerCertificateValidator() {
            @Override
            public void validateCertificateChain(List<X509Certificate> chain) throws UaException {
                clientCertificates.add(chain.get(0));
                if (!trustAllClients) {
                    delegate.validateCertificateChain(chain);
                }
            }

            @Override
            public void validateCertificateChain(List<X509Certificate> chain, String applicationUri)
                    throws UaException {
                clientCertificates.add(chain.get(0));
                if (!trustAllClients) {
                    delegate.validateCertificateChain(chain, applicationUri);
                }
            }
        };
        IdentityValidator<?> identity = user == null ? AnonymousIdentityValidator.INSTANCE
                : new UsernameIdentityValidator(false,
                        c -> user[0].equals(c.getUsername()) && user[1].equals(c.getPassword()));
        UserTokenPolicy token = user == null ? OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS
                : new UserTokenPolicy("username", UserTokenType.UserName, null, null,
                        SecurityPolicy.Basic256Sha256.getUri());
        Set<EndpointConfiguration> endpoints = new LinkedHashSet<>();
        endpoints.add(endpoint(SecurityPolicy.None, MessageSecurityMode.None, token));
        endpoints.add(endpoint(SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign, token));
        endpoints.add(endpoint(SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt, token));
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri(APPLICATION_URI)
                .setApplicationName(LocalizedText.english("Weir itest OPC UA server"))
                .setProductUri("urn:weir:itest")
                .setBuildInfo(new BuildInfo("urn:weir:itest", "Weir", "itest server", "1", "1", DateTime.now()))
                .setEndpoints(endpoints)
                .setCertificateManager(new DefaultCertificateManager(keyPair, certificate))
                .setTrustListManager(trustList)
                .setCertificateValidator(validator)
                .setIdentityValidator(identity)
                .build();
        OpcUaServer s = new OpcUaServer(config);
        TestNamespace ns = new TestNamespace(s);
        ns.startup();
        s.startup().get(10, TimeUnit.SECONDS);
        namespace = ns;
        server = s;
    }

    private EndpointConfiguration endpoint(SecurityPolicy policy, MessageSecurityMode mode, UserTokenPolicy token) {
        return EndpointConfiguration.newBuilder()
                .setBindAddress("127.0.0.1")
                .setBindPort(port)
                .setHostname("localhost")
                .setPath(PATH)
                .setCertificate(certificate)
                .setSecurityPolicy(policy)
                .setSecurityMode(mode)
                .addTokenPolicies(token)
                .build();
    }

    /** Stops the server; the port is free afterwards. */
    synchronized void stop() throws Exception {
        if (server == null) {
            return;
        }
        namespace.shutdown();
        server.shutdown().get(10, TimeUnit.SECONDS);
        trustList.close();
        server = null;
    }

    /**
     * Writes the server's certificate into {@code dir/trusted/} (a client trust list directory).
     *
     * @param dir the client's trust list directory
     * @return the written file
     */
    Path trustIn(Path dir) throws Exception {
        Path f = dir.resolve("trusted").resolve("server.der");
        Files.createDirectories(f.getParent());
        Files.write(f, certificate.getEncoded());
        return f;
    }

    /**
     * Creates a client key store for tests that configure {@code keyStorePath}.
     *
     * @param file where to write the PKCS#12 file
     * @param password its password
     * @param applicationUri the client's application URI
     * @return the client certificate in it
     */
    static X509Certificate clientKeyStore(Path file, String password, String applicationUri) throws Exception {
        KeyPair pair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate cert = new SelfSignedCertificateBuilder(pair)
                .setCommonName("Weir itest client")
                .setOrganization("Weir")
                .setApplicationUri(applicationUri)
                .addDnsName("localhost")
                .build();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, password.toCharArray());
        ks.setKeyEntry("itest", pair.getPrivate(), password.toCharArray(), new Certificate[] { cert });
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
        return cert;
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /**
     * @param dir a directory
     * @return a fresh temporary directory beneath it
     */
    static Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }
}
