// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weir.cloud.ConnectionState;
import io.weir.testkit.mqtt.TopicRecorder;

/**
 * TLS against Debian's mosquitto with certificates made for the test by openssl: the broker certificate is validated
 * against the configured trust store, the host name is checked, and a client certificate is presented where the
 * broker requires one. Also MQTT over WebSocket.
 */
class TlsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path pki;

    static Process mosquitto;
    static int plainPort;
    static int tlsPort;
    static int wrongNamePort;
    static int mutualPort;
    static int websocketPort;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                "-subj", "/CN=weir-test-ca");
        issue("server", "subjectAltName=DNS:localhost,IP:127.0.0.1", "/CN=localhost");
        issue("wrong", "subjectAltName=DNS:wrong.example", "/CN=wrong.example");
        issue("client", "extendedKeyUsage=clientAuth", "/CN=gw-mtls");
        openssl("pkcs12", "-export", "-in", "client.crt", "-inkey", "client.key", "-out", "client.p12", "-passout",
                "pass:clientpw", "-name", "client");
        run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-alias", "ca", "-file", "ca.crt", "-keystore", "trust.p12", "-storetype", "PKCS12", "-storepass",
                "trustpw"));
        plainPort = freePort();
        tlsPort = freePort();
        wrongNamePort = freePort();
        mutualPort = freePort();
        websocketPort = freePort();
        // run as root (CI), mosquitto would switch to the user "mosquitto", who cannot read the test's files
        String conf = "user " + System.getProperty("user.name") + "\nper_listener_settings true\n"
                + "listener " + plainPort + " 127.0.0.1\nallow_anonymous true\n"
                + "listener " + tlsPort + " 127.0.0.1\nallow_anonymous true\n" + tls("server")
                + "listener " + wrongNamePort + " 127.0.0.1\nallow_anonymous true\n" + tls("wrong")
                + "listener " + mutualPort + " 127.0.0.1\nallow_anonymous true\n" + tls("server")
                + "require_certificate true\nuse_identity_as_username true\n"
                + "listener " + websocketPort + " 127.0.0.1\nprotocol websockets\nallow_anonymous true\n";
        Files.writeString(pki.resolve("mosquitto.conf"), conf);
        mosquitto = new ProcessBuilder("/usr/sbin/mosquitto", "-c", pki.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(pki.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int port : new int[] { plainPort, tlsPort, wrongNamePort, mutualPort, websocketPort }) {
            while (!accepts(port)) {
                if (System.nanoTime() > deadline || !mosquitto.isAlive()) {
                    throw new IllegalStateException("mosquitto with TLS did not start: "
                            + Files.readString(pki.resolve("mosquitto.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    private static String tls(String name) {
        return "cafile " + pki.resolve("ca.crt") + "\ncertfile " + pki.resolve(name + ".crt") + "\nkeyfile "
                + pki.resolve(name + ".key") + "\n";
    }

    private static void issue(String name, String extension, String subject) throws Exception {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
                subject);
        Files.writeString(pki.resolve(name + ".ext"), extension + "\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                name + ".crt", "-days", "2", "-extfile", name + ".ext");
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        run(cmd);
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(pki.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @AfterAll
    static void stopBroker() throws InterruptedException {
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Map<String, Object> trust() {
        return Map.of("tls.truststore.path", pki.resolve("trust.p12").toString(), ".tls.truststore.password",
                "trustpw");
    }

    @Test
    void connectsWhenTheBrokerCertificateIsTrustedAndPublishesBirth() throws Exception {
        try (TopicRecorder lifecycle = TopicRecorder.start("tcp://127.0.0.1:" + plainPort, "$EDC/acme/gw-tls/#")) {
            CloudService s = Gateways.start("mqtts://localhost:" + tlsPort, "gw-tls", dir, trust());
            try {
                Gateways.awaitConnected(s);
                lifecycle.awaitTopic("$EDC/acme/gw-tls/MQTT/BIRTH", WAIT);
            } finally {
                s.close();
            }
        }
    }

    @Test
    void connectsOverWebSocket() throws Exception {
        try (TopicRecorder lifecycle = TopicRecorder.start("tcp://127.0.0.1:" + plainPort, "$EDC/acme/gw-ws/#")) {
            CloudService s = Gateways.start("ws://127.0.0.1:" + websocketPort + "/", "gw-ws", dir);
            try {
                Gateways.awaitConnected(s);
                lifecycle.awaitTopic("$EDC/acme/gw-ws/MQTT/BIRTH", WAIT);
            } finally {
                s.close();
            }
        }
    }

    @Test
    void refusesABrokerCertificateItDoesNotTrust() throws Exception {
        CloudService s = Gateways.start("mqtts://localhost:" + tlsPort, "gw-untrusted", dir);
        try {
            Gateways.await(() -> s.status().lastError() != null, WAIT, () -> "no error: " + s.status());
            assertThat(s.status().state()).isEqualTo(ConnectionState.CONNECTING);
            assertThat(s.status().lastError()).containsIgnoringCase("certif");
        } finally {
            s.close();
        }
    }

    @Test
    void checksTheHostNameUnlessToldNotTo() throws Exception {
        CloudService checked = Gateways.start("mqtts://localhost:" + wrongNamePort, "gw-wrong", dir, trust());
        try {
            Gateways.await(() -> checked.status().lastError() != null, WAIT, () -> "no error: " + checked.status());
            assertThat(checked.status().state()).isNotEqualTo(ConnectionState.CONNECTED);
        } finally {
            checked.close();
        }
        Map<String, Object> lax = new java.util.HashMap<>(trust());
        lax.put("tls.hostname.verification", false);
        CloudService unchecked = Gateways.start("mqtts://localhost:" + wrongNamePort, "gw-wrong2",
                dir.resolve("2"), lax);
        try {
            Gateways.awaitConnected(unchecked);
        } finally {
            unchecked.close();
        }
    }

    @Test
    void presentsAClientCertificateWhereTheBrokerRequiresOne() throws Exception {
        CloudService without = Gateways.start("mqtts://localhost:" + mutualPort, "gw-mtls", dir, trust());
        try {
            Gateways.await(() -> without.status().lastError() != null, WAIT, () -> "no error: " + without.status());
            assertThat(without.status().state()).isNotEqualTo(ConnectionState.CONNECTED);
        } finally {
            without.close();
        }
        Map<String, Object> mutual = new java.util.HashMap<>(trust());
        mutual.put("tls.keystore.path", pki.resolve("client.p12").toString());
        mutual.put(".tls.keystore.password", "clientpw");
        CloudService with = Gateways.start("mqtts://localhost:" + mutualPort, "gw-mtls", dir.resolve("2"), mutual);
        try {
            Gateways.awaitConnected(with);
        } finally {
            with.close();
        }
    }
}
