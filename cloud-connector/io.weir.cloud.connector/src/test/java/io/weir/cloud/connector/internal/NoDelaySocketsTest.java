// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.Test;

class NoDelaySocketsTest {

    @Test
    void plainSocketsHaveNoDelayWhetherPahoConnectsThemOrTheFactoryDoes() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                Socket unconnected = NoDelaySockets.plain().createSocket();
                Socket connected = NoDelaySockets.plain().createSocket(InetAddress.getLoopbackAddress(),
                        server.getLocalPort())) {
            assertThat(new Socket().getTcpNoDelay()).as("the JDK default this guards against").isFalse();
            assertThat(unconnected.getTcpNoDelay()).isTrue();
            assertThat(connected.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void tlsSocketsStayTlsSocketsWithNoDelay() throws Exception {
        SSLSocketFactory tls = NoDelaySockets.tls(SSLContext.getDefault().getSocketFactory());
        assertThat(tls.getSupportedCipherSuites()).isNotEmpty();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                Socket unconnected = tls.createSocket();
                Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket layered = tls.createSocket(plain, "localhost", server.getLocalPort(), true)) {
            assertThat(unconnected).isInstanceOf(SSLSocket.class);
            assertThat(unconnected.getTcpNoDelay()).isTrue();
            assertThat(layered).isInstanceOf(SSLSocket.class);
            assertThat(layered.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void afterDisconnectTheSocketClosesOnlyOnceTheBrokerHas() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Socket client = NoDelaySockets.plain().createSocket();
            client.connect(server.getLocalSocketAddress());
            try (Socket broker = server.accept()) {
                client.getOutputStream().write(new byte[] {(byte) 0xE0, 0}); // DISCONNECT, as Paho writes it
                client.getOutputStream().flush();
                java.io.InputStream in = broker.getInputStream();
                assertThat(in.read()).isEqualTo(0xE0);
                assertThat(in.read()).isEqualTo(0);
                java.util.concurrent.CompletableFuture<Void> closing = java.util.concurrent.CompletableFuture
                        .runAsync(() -> {
                            try {
                                client.close();
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                // the client keeps its end open while the broker has not closed: no end of stream arrives
                broker.setSoTimeout(300);
                org.assertj.core.api.Assertions.assertThatThrownBy(in::read)
                        .isInstanceOf(java.net.SocketTimeoutException.class);
                assertThat(closing).isNotDone();
                broker.close();
                closing.get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(client.isClosed()).isTrue();
            }
        }
    }

    @Test
    void anyOtherLastPacketClosesAtOnce() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                Socket client = NoDelaySockets.plain().createSocket(InetAddress.getLoopbackAddress(),
                        server.getLocalPort());
                Socket broker = server.accept()) {
            client.getOutputStream().write(new byte[] {(byte) 0xC0, 0}); // PINGREQ
            client.close();
            broker.setSoTimeout(10_000);
            java.io.InputStream in = broker.getInputStream();
            assertThat(in.read()).isEqualTo(0xC0);
            assertThat(in.read()).isEqualTo(0);
            assertThat(in.read()).as("end of stream: the client closed without waiting").isEqualTo(-1);
        }
    }
}
