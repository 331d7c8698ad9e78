// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

import org.jspecify.annotations.Nullable;

/**
 * Socket factories for Paho whose sockets have {@code TCP_NODELAY} set. Paho 1.2.5 leaves Nagle's algorithm on, so
 * the second of two small MQTT packets written back to back (a reply and a notification, two notifications) waits
 * for the broker's delayed ACK, about 40 ms on Linux. MQTT packets are whole messages written with one flush each;
 * there is nothing for Nagle to coalesce. Plain TCP sockets also close cleanly after DISCONNECT ({@link
 * CleanClosingSocket}); TLS sockets do not yet.
 */
final class NoDelaySockets {

    private NoDelaySockets() {
    }

    /** @return a factory of plain TCP sockets with {@code TCP_NODELAY} */
    static SocketFactory plain() {
        return new Plain();
    }

    /**
     * @param delegate the TLS factory to wrap (Paho requires an {@link SSLSocketFactory} for {@code ssl://})
     * @return a factory of the delegate's sockets with {@code TCP_NODELAY}
     */
    static SSLSocketFactory tls(SSLSocketFactory delegate) {
        return new Tls(delegate);
    }

    static <S extends Socket> S noDelay(S socket) throws SocketException {
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static final class Plain extends SocketFactory {
        @Override
        public Socket createSocket() throws IOException {
            return noDelay(new CleanClosingSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(new CleanClosingSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(new CleanClosingSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(new CleanClosingSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(new CleanClosingSocket(address, port, localAddress, localPort));
        }
    }

    /**
     * A socket that, when the last packet written was an MQTT DISCONNECT, waits (at most {@link #PEER_CLOSE_WAIT})
     * for the broker to close the connection before closing its own end, as MQTT 3.1.1 §3.14.4 expects. Paho closes
     * right after writing DISCONNECT, and Artemis (Kapua's broker too) may then handle the closed connection before
     * the DISCONNECT and publish the will after a clean stop. Paho's receiver has stopped reading by the time it
     * closes the socket, so the wait reads the stream itself.
     */
    static final class CleanClosingSocket extends Socket {
        static final Duration PEER_CLOSE_WAIT = Duration.ofSeconds(1);
        private static final int DISCONNECT = 0xE0;

        private int secondLast = -1;
        private int last = -1;
        private @Nullable OutputStream out;

        CleanClosingSocket() {
        }

        CleanClosingSocket(String host, int port) throws IOException {
            super(host, port);
        }

        CleanClosingSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            super(host, port, localHost, localPort);
        }

        CleanClosingSocket(InetAddress host, int port) throws IOException {
            super(host, port);
        }

        CleanClosingSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            super(address, port, localAddress, localPort);
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) {
                OutputStream raw = super.getOutputStream();
                out = new FilterOutputStream(raw) {
                    @Override
                    public void write(int b) throws IOException {
                        raw.write(b);
                        wrote(b & 0xFF);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        raw.write(b, off, len);
                        for (int i = Math.max(off, off + len - 2); i < off + len; i++) {
                            wrote(b[i] & 0xFF);
                        }
                    }
                };
            }
            return out;
        }

        private synchronized void wrote(int b) {
            secondLast = last;
            last = b;
        }

        /** @return whether the last two bytes written are a DISCONNECT packet ({@code E0 00}) */
        synchronized boolean disconnectWasLast() {
            return secondLast == DISCONNECT && last == 0;
        }

        @Override
        public void close() throws IOException {
            if (!isClosed() && isConnected() && !isInputShutdown() && disconnectWasLast()) {
                awaitPeerClose();
            }
            super.close();
        }

        private void awaitPeerClose() {
            long deadline = System.nanoTime() + PEER_CLOSE_WAIT.toNanos();
            byte[] sink = new byte[512];
            try {
                setSoTimeout(100);
                InputStream in = super.getInputStream();
                while (System.nanoTime() < deadline) {
                    try {
                        if (in.read(sink) < 0) {
                            return;
                        }
                    } catch (SocketTimeoutException e) {
                        // not closed yet
                    }
                }
            } catch (IOException e) {
                // reset or closed: nothing to wait for
            }
        }
    }

    private static final class Tls extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        Tls(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return noDelay(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
