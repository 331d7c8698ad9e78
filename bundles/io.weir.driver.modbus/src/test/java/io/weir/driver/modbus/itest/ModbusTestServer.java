// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.itest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.io.AbstractModbusTransport;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteCoilRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleCoilsRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterRequest;
import com.ghgande.j2mod.modbus.net.AbstractModbusListener;
import com.ghgande.j2mod.modbus.net.TCPSlaveConnection;
import com.ghgande.j2mod.modbus.procimg.ProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;

/**
 * A real Modbus TCP server on a loopback port, made of j2mod's slave-side protocol code: j2mod decodes each
 * request, answers it from a {@link SimpleProcessImage} ({@code request.createResponse}) and frames the answer.
 * Only the socket handling is the test's own, because j2mod's {@code ModbusSlave} cannot do what the tests need:
 * it keeps accepted connections open after {@code close()} (answering the next request with exception 2, since
 * its process image lookup goes through the static slave registry), and it cannot count requests.
 *
 * <p>This server records every request ({@code "FC3 100+10"}), counts accepted connections, can stay silent
 * ({@link #mute}), and {@link #stop()} closes the listening socket and every connection, like a device that is
 * switched off; {@link #start()} listens again on the same port. Threads are named {@code itest-modbus-server-*}.
 */
final class ModbusTestServer implements AutoCloseable {

    static final int UNIT = 1;

    final SimpleProcessImage image = new SimpleProcessImage(UNIT);
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AbstractModbusListener processImages = new AbstractModbusListener() {
        @Override
        public void run() {
            // not used: only the process image lookup of this listener is used
        }

        @Override
        public void stop() {
            // not used
        }

        @Override
        public ProcessImage getProcessImage(int unitId) {
            return unitId == UNIT ? image : null;
        }
    };
    private volatile boolean mute;
    private volatile ServerSocket server;
    private int port;

    /** Listens on loopback: a free port the first time, the same port after {@link #stop()}. */
    synchronized void start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        port = s.getLocalPort();
        server = s;
        spawn("itest-modbus-server-accept-" + port, () -> accept(s));
    }

    /** Closes the listening socket and every connection, and waits for the server threads to end. */
    synchronized void stop() throws InterruptedException {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            closeQuietly(s);
        }
        for (Socket c : clients) {
            closeQuietly(c);
        }
        for (Thread t : new ArrayList<>(threads)) {
            t.join(5000);
        }
    }

    /** Closes every open connection but keeps listening, like a device that drops idle connections. */
    void dropConnections() throws InterruptedException {
        for (Socket c : clients) {
            closeQuietly(c);
        }
        long deadline = System.currentTimeMillis() + 5000;
        while (!clients.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    int port() {
        return port;
    }

    /** @param mute {@code true}: read requests but never answer them */
    void mute(boolean mute) {
        this.mute = mute;
    }

    /** @return the requests seen since the last {@link #clearRequests()}, e.g. {@code "FC3 100+10"} */
    List<String> requests() {
        return List.copyOf(requests);
    }

    void clearRequests() {
        requests.clear();
    }

    /** @return connections accepted since this server was created */
    int accepted() {
        return accepted.get();
    }

    /** @return connections open now */
    int openConnections() {
        return clients.size();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            Socket socket;
            try {
                socket = s.accept();
            } catch (IOException e) {
                return; // stop() closed the socket
            }
            accepted.incrementAndGet();
            clients.add(socket);
            spawn("itest-modbus-server-connection-" + socket.getPort(), () -> serve(socket));
        }
    }

    private void serve(Socket socket) {
        TCPSlaveConnection connection = new TCPSlaveConnection(socket);
        connection.setTimeout(0); // wait for requests indefinitely, as a device does
        AbstractModbusTransport transport = connection.getModbusTransport();
        try {
            while (true) {
                ModbusRequest request = transport.readRequest(processImages);
                requests.add(describe(request));
                if (mute) {
                    continue;
                }
                ModbusResponse response = processImages.getProcessImage(request.getUnitID()) == null
                        ? request.createExceptionResponse(Modbus.ILLEGAL_ADDRESS_EXCEPTION)
                        : request.createResponse(processImages);
                transport.writeResponse(response);
            }
        } catch (ModbusIOException | RuntimeException e) {
            // the client closed the connection, or stop() did
        } finally {
            connection.close();
            clients.remove(socket);
        }
    }

    private void spawn(String name, Runnable task) {
        Thread t = new Thread(() -> {
            try {
                task.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private static String describe(ModbusRequest r) {
        String args;
        if (r instanceof ReadCoilsRequest m) {
            args = m.getReference() + "+" + m.getBitCount();
        } else if (r instanceof ReadInputDiscretesRequest m) {
            args = m.getReference() + "+" + m.getBitCount();
        } else if (r instanceof ReadInputRegistersRequest m) {
            args = m.getReference() + "+" + m.getWordCount();
        } else if (r instanceof ReadMultipleRegistersRequest m) {
            args = m.getReference() + "+" + m.getWordCount();
        } else if (r instanceof WriteCoilRequest m) {
            args = Integer.toString(m.getReference());
        } else if (r instanceof WriteSingleRegisterRequest m) {
            args = Integer.toString(m.getReference());
        } else if (r instanceof WriteMultipleCoilsRequest m) {
            args = m.getReference() + "+" + m.getBitCount();
        } else if (r instanceof WriteMultipleRegistersRequest m) {
            args = m.getReference() + "+" + m.getWordCount();
        } else {
            args = "?";
        }
        return "FC" + r.getFunctionCode() + " " + args;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
