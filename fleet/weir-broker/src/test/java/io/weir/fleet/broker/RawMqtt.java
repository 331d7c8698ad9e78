// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Test helper: a raw MQTT 3.1.1 connection that can CONNECT with a will and then drop the socket without DISCONNECT,
 * the way a gateway losing power or network does.
 */
final class RawMqtt implements AutoCloseable {

    private final Socket socket;

    private RawMqtt(Socket socket) {
        this.socket = socket;
    }

    /**
     * Connects with a will and waits for the CONNACK.
     *
     * @return the open connection
     * @throws IOException if the broker refuses or the network fails
     */
    static RawMqtt connectWithWill(String host, int port, String clientId, String willTopic, byte[] will,
            int willQos, boolean willRetain) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(4); // protocol level: 3.1.1
        int flags = 0x02 /* clean session */ | 0x04 /* will */ | (willQos << 3) | (willRetain ? 0x20 : 0);
        body.write(flags);
        body.write(0);
        body.write(60); // keep alive 60 s
        string(body, clientId);
        string(body, willTopic);
        bytes(body, will);

        Socket s = new Socket(host, port);
        s.setSoTimeout(20_000);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10); // CONNECT
        remainingLength(packet, body.size());
        body.writeTo(packet);
        s.getOutputStream().write(packet.toByteArray());
        s.getOutputStream().flush();

        DataInputStream in = new DataInputStream(s.getInputStream());
        int type = in.readUnsignedByte();
        int len = in.readUnsignedByte();
        int sessionPresent = in.readUnsignedByte();
        int code = in.readUnsignedByte();
        if (type != 0x20 || len != 2 || code != 0) {
            s.close();
            throw new IOException("no accepting CONNACK: type " + type + ", length " + len + ", session "
                    + sessionPresent + ", code " + code);
        }
        return new RawMqtt(s);
    }

    /**
     * Sends DISCONNECT (a graceful close: no will), waits (at most 5 s) for the broker to close the connection, as
     * MQTT 3.1.1 §3.14.4 has it do, then closes the socket. Closing at once races in Artemis 2.44: it may see the
     * connection drop before it has handled the DISCONNECT, and then it publishes the will.
     */
    void disconnect() throws IOException {
        socket.getOutputStream().write(new byte[] {(byte) 0xE0, 0});
        socket.getOutputStream().flush();
        socket.setSoTimeout(5_000);
        try {
            while (socket.getInputStream().read() >= 0) {
                // the broker sends nothing more; wait for its end of stream
            }
        } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
            // closed or silent: close our end anyway
        } finally {
            socket.close();
        }
    }

    /** Closes the socket without DISCONNECT: the broker must publish the will. */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static void string(ByteArrayOutputStream out, String s) {
        bytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(ByteArrayOutputStream out, byte[] b) {
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.write(b, 0, b.length);
    }

    private static void remainingLength(ByteArrayOutputStream out, int length) {
        int x = length;
        do {
            int digit = x % 128;
            x /= 128;
            out.write(x > 0 ? digit | 0x80 : digit);
        } while (x > 0);
    }
}
