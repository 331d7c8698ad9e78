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
}
